/** Ending the subscriptions of topics the hub no longer serves (W3C WebSub §5.2, subscription denied). */
import pLimit from "p-limit";
import type { Config } from "../config/index.ts";
import type { CallbackClient } from "../fetch/index.ts";
import type { Store } from "../store/store.ts";
import type { Subscription } from "../store/subscriptions.ts";
import { hubCallbacks } from "./hub.ts";
import { sendDenial } from "./verification.ts";

/** What ending stale subscriptions needs; `callbacks` defaults to the AWS client (public addresses only). */
export interface EndingDeps {
  config: Config;
  table: Pick<Store, "subscriptions">;
  callbacks?: CallbackClient;
  now?: Date;
  /** Denial notices in flight at once (default 8): a slow callback holds up one lane, not the rest. */
  concurrency?: number;
}

/** What ending stale subscriptions did: the topics ended, and how many subscriptions, notified or not. */
export interface EndingResult {
  topics: string[];
  ended: number;
  notified: number;
}

/**
 * The topics whose subscriptions must end: every subscribed topic when WebSub is off, else those no longer
 * configured.
 */
function staleTopics(config: Config, subscribed: string[]): string[] {
  if (!config.websub.enabled) return subscribed;
  const configured = new Set(config.topics.map((topic) => topic.slug));
  return subscribed.filter((slug) => !configured.has(slug));
}

/**
 * Ends the subscriptions of every topic that left the configuration, or of every topic when `websub.enabled`
 * is false: each live subscriber gets a `hub.mode=denied` notice (best effort, W3C WebSub §5.2) and its
 * subscription is removed; then the topics leave the registry. Cheap when nothing is stale (one GetItem), so it
 * runs at the start of every poll cycle. Expired subscriptions get no notice (their TTL removes them).
 * @throws StorageError
 */
export async function endStaleSubscriptions(deps: EndingDeps): Promise<EndingResult> {
  const topics = staleTopics(deps.config, await deps.table.subscriptions.topics());
  if (topics.length === 0) return { topics, ended: 0, notified: 0 };
  const callbacks = deps.callbacks ?? hubCallbacks("refused");
  const now = deps.now ?? new Date();
  const reason = deps.config.websub.enabled
    ? "the topic is no longer served"
    : "this hub no longer takes subscriptions";
  const pending: Subscription[] = [];
  for (const slug of topics) pending.push(...(await deps.table.subscriptions.of(slug, now)));
  let notified = 0;
  const limit = pLimit(deps.concurrency ?? 8);
  const end = async (subscription: Subscription) => {
    if (await sendDenial(callbacks, subscription, reason)) notified++;
    await deps.table.subscriptions.remove(subscription);
  };
  await Promise.all(pending.map((subscription) => limit(() => end(subscription))));
  await deps.table.subscriptions.forgetTopics(topics);
  return { topics, ended: pending.length, notified };
}
