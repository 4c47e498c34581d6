/**
 * What follows a poll cycle's commit (W3C WebSub §7, content distribution): the topics the cycle changed → a
 * pending delivery in the store for every live subscription of their feeds → sent, by this process (the local
 * stack, `npm run poll`) or through the delivery queue (the AWS poll worker). The one path all three take.
 */
import pLimit from "p-limit";
import type { Config } from "../config/index.ts";
import { type ListKey, topicList } from "../store/index.ts";
import type { Store } from "../store/store.ts";
import type { Subscription } from "../store/subscriptions.ts";

/** What a cycle changed: the lists whose rows it committed (`CycleResult.changedLists`). */
export interface CycleChanges {
  changedLists?: readonly ListKey[];
}

/** Where the deliveries queued after a cycle go next. */
export interface DeliverySender {
  /**
   * Takes the ids of the deliveries just queued (none when no topic changed): a local sender starts a round of
   * every due delivery beside the caller, the AWS one puts messages on the delivery queue.
   * @throws what the queue throws (the deliveries stay pending in the store)
   */
  send(ids: readonly string[]): Promise<void> | void;
}

/** What `afterCycle` needs. */
export interface AfterCycleDeps {
  config: Pick<Config, "topics" | "websub">;
  /** The table of subscriptions and deliveries (a `Store` is one). */
  table: Pick<Store, "subscriptions" | "deliveries">;
  sender: DeliverySender;
  now?: () => Date;
}

/** Delivery records written at once: each is one small request whose latency, not its size, sets the pace. */
const QUEUE_WRITES_AT_ONCE = 16;

/** The configured topics among a cycle's changed lists (source lists have no feed of their own). */
export function changedTopics(config: Pick<Config, "topics">, cycle: CycleChanges): string[] {
  const changed = new Set<string>(cycle.changedLists ?? []);
  return config.topics.filter((topic) => changed.has(topicList(topic.slug))).map((topic) => topic.slug);
}

/**
 * Queues a delivery for every live subscription of each topic (one pending delivery per subscription: a change
 * while one is pending joins it and keeps its backoff).
 * @returns the ids of the deliveries queued, in the order of the subscriptions
 * @throws StorageError
 */
export async function queueTopicDeliveries(
  table: Pick<Store, "subscriptions" | "deliveries">,
  slugs: Iterable<string>,
  now: Date,
): Promise<string[]> {
  const subscriptions: Subscription[] = [];
  for (const slug of new Set(slugs)) subscriptions.push(...(await table.subscriptions.of(slug, now)));
  const limit = pLimit(QUEUE_WRITES_AT_ONCE);
  return Promise.all(subscriptions.map((subscription) => limit(() => table.deliveries.queue(subscription, now))));
}

/**
 * After a cycle's commit: queues the deliveries of every topic it changed, then hands their ids to the sender.
 * Nothing at all when WebSub is turned off.
 * @returns how many deliveries were queued
 * @throws StorageError, or what the sender throws
 * @example await afterCycle({ config, table: store, sender: localSender }, await runCycle(deps, selection));
 */
export async function afterCycle(deps: AfterCycleDeps, cycle: CycleChanges): Promise<number> {
  if (!deps.config.websub.enabled) return 0;
  const topics = changedTopics(deps.config, cycle);
  const ids =
    topics.length > 0 ? await queueTopicDeliveries(deps.table, topics, (deps.now ?? (() => new Date()))()) : [];
  await deps.sender.send(ids);
  return ids.length;
}
