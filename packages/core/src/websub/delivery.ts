/**
 * Content distribution (W3C WebSub §7): each verified subscriber of a changed topic feed receives a POST of
 * the feed's current first page, signed with its secret (§8), retried with backoff when it does not accept it.
 */
import pLimit from "p-limit";
import { FetchError } from "../errors.ts";
import type { CallbackClient } from "../fetch/index.ts";
import type { Reader } from "../read/reader.ts";
import { renderFirstFeedPage } from "../render/topic-feed.ts";
import type { DeliveryClaim } from "../store/deliveries.ts";
import type { Store } from "../store/store.ts";
import type { Subscription } from "../store/subscriptions.ts";
import { type FeedRef, feedUrl, hubUrl } from "../urls.ts";
import { discoveryLinkHeader } from "./discovery.ts";
import { deliveryRetryDelayMs } from "./retry.ts";
import { hubSignature } from "./signature.ts";

/** A rendered feed page: the exact bytes `GET /feeds/{slug}.{format}[?group=none]` serves and its Content-Type. */
export interface FeedContent {
  body: Uint8Array;
  contentType: string;
}

/** Renders the first page of a topic feed (slug, format, view) as its URL on `origin` serves it. */
export type FeedRenderer = (feed: FeedRef & { origin: string }) => Promise<FeedContent>;

/**
 * The renderer of deliveries: `renderFirstFeedPage`, the very page `GET {origin}/feeds/{slug}.{format}` (with
 * `?group=none` for that view) answers at that moment, as UTF-8 bytes with its Content-Type.
 * @example const render = topicFeedRenderer(new Reader({ config, store }));
 */
export function topicFeedRenderer(reader: Reader): FeedRenderer {
  return async (feed) => {
    const page = await renderFirstFeedPage(reader, feed);
    return { body: new TextEncoder().encode(page.body), contentType: page.contentType };
  };
}

/** How an attempt ended: sent (2xx), to be tried again, given up, or the subscription ended or lapsed. */
export type DeliveryOutcome = "delivered" | "retrying" | "dropped" | "ended" | "expired" | "error";

/** One attempt, for logs and metrics. */
export interface DeliveryReport {
  id: string;
  callback: string;
  outcome: DeliveryOutcome;
  /** The 1st, 2nd, … attempt of this delivery. */
  attempt: number;
  /** The callback's HTTP status, when it answered. */
  status?: number;
  /** Why the attempt failed (network, timeout, refused address, storage). */
  error?: string;
  /** ISO time of the next attempt, for `retrying`. */
  retryAt?: string;
}

/** What sending deliveries needs. */
export interface DeliveryDeps {
  /** The table of subscriptions and deliveries (a `Store` is one). */
  table: Pick<Store, "subscriptions" | "deliveries">;
  /** Reaches callbacks under the fetcher's address rules; its timeout bounds each attempt. */
  callbacks: CallbackClient;
  render: FeedRenderer;
  /** The configured public origin; absent: the origin each subscription's topic URL names. */
  baseUrl?: string | null;
  now?: () => Date;
  random?: () => number;
  /** Attempts under way at once (default 8). */
  concurrency?: number;
  /** How long a claim holds a delivery, in ms: longer than the callback timeout (default 60 000). */
  claimMs?: number;
  /** Called once per attempt made. */
  onReport?: (report: DeliveryReport) => void;
  /** Once aborted, no further delivery is claimed (those under way finish). */
  signal?: AbortSignal;
}

/** The origin a subscription's deliveries name: `baseUrl` when configured, else its topic URL's origin. */
export function deliveryOrigin(subscription: Pick<Subscription, "topic">, baseUrl?: string | null): string {
  return (baseUrl ?? new URL(subscription.topic).origin).replace(/\/+$/, "");
}

/**
 * The headers of a delivery (W3C WebSub §7–§8): the feed's own Content-Type, `Link` to the hub and to the topic
 * URL as the subscriber gave it, and with a secret `X-Hub-Signature: sha256=…` of the exact body.
 */
export function deliveryHeaders(
  subscription: Pick<Subscription, "topic" | "secret">,
  content: FeedContent,
  origin: string,
): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": content.contentType,
    Link: discoveryLinkHeader(hubUrl(origin), subscription.topic),
  };
  if (subscription.secret) headers["X-Hub-Signature"] = hubSignature(subscription.secret, content.body);
  return headers;
}

/**
 * Sends every delivery due now (see `sendDeliveries`).
 * @throws StorageError when the due deliveries cannot be read
 */
export async function sendDueDeliveries(deps: DeliveryDeps): Promise<DeliveryReport[]> {
  const due = await deps.table.deliveries.due((deps.now ?? (() => new Date()))());
  return sendDeliveries(
    deps,
    due.map((d) => d.id),
  );
}

/**
 * Attempts these deliveries, at most `concurrency` at once, each claimed first (one not due, gone or held by
 * another process is skipped). 2xx ends a delivery; 410 Gone ends the subscription too (§7: the hub may treat
 * it as deleted); any other answer, a network failure or a timeout is retried after `deliveryRetryDelayMs`
 * and dropped once the retries are spent; a refused callback address is dropped at once, never contacted.
 * Never throws for one delivery: its failure is reported and its claim lapses for a later attempt.
 */
export async function sendDeliveries(deps: DeliveryDeps, ids: readonly string[]): Promise<DeliveryReport[]> {
  const reports: DeliveryReport[] = [];
  const rendered = new Map<string, Promise<FeedContent>>();
  const limit = pLimit(deps.concurrency ?? 8);
  const run = async (id: string) => {
    if (deps.signal?.aborted) return;
    const report = await attempt(deps, id, rendered);
    if (!report) return;
    reports.push(report);
    deps.onReport?.(report);
  };
  await Promise.all(ids.map((id) => limit(() => run(id))));
  return reports;
}

async function attempt(
  deps: DeliveryDeps,
  id: string,
  rendered: Map<string, Promise<FeedContent>>,
): Promise<DeliveryReport | null> {
  const now = (deps.now ?? (() => new Date()))();
  let claim: DeliveryClaim | null = null;
  try {
    claim = await deps.table.deliveries.claim(id, now, deps.claimMs ?? 60_000);
    if (!claim) return null;
    const { delivery } = claim;
    const base = { id, callback: delivery.callback, attempt: delivery.failures + 1 };
    const subscription = await deps.table.subscriptions.find(delivery, now);
    if (!subscription) {
      await deps.table.deliveries.drop(claim);
      return { ...base, outcome: "expired" };
    }
    const origin = deliveryOrigin(subscription, deps.baseUrl);
    const { slug, format, group } = subscription;
    // One rendering per feed (and view) and origin in a round, however many subscribers it has.
    const key = feedUrl(origin, slug, format, group);
    let content = rendered.get(key);
    if (!content) {
      content = deps.render(group ? { slug, format, group, origin } : { slug, format, origin });
      rendered.set(key, content);
    }
    let status: number | undefined;
    let error: string | undefined;
    try {
      // A page that cannot be rendered (storage) is a failed attempt too: retried with the same backoff.
      const page = await content.catch((thrown: Error) => {
        throw new FetchError("network", `the feed could not be rendered: ${thrown.message}`, { cause: thrown });
      });
      const headers = deliveryHeaders(subscription, page, origin);
      const answer = await deps.callbacks.send({
        url: subscription.callback,
        method: "POST",
        headers,
        body: page.body,
      });
      status = answer.status;
    } catch (thrown) {
      if (!(thrown instanceof FetchError)) throw thrown;
      error = thrown.message;
      if (thrown.kind === "forbidden-address" || thrown.kind === "unsupported-scheme") {
        await deps.table.deliveries.drop(claim);
        return { ...base, outcome: "dropped", error };
      }
    }
    if (status !== undefined && status >= 200 && status < 300) {
      await deps.table.deliveries.complete(claim, (deps.now ?? (() => new Date()))());
      return { ...base, outcome: "delivered", status };
    }
    if (status === 410) {
      await deps.table.subscriptions.remove(subscription);
      await deps.table.deliveries.drop(claim);
      return { ...base, outcome: "ended", status };
    }
    const delay = deliveryRetryDelayMs(delivery.failures + 1, deps.random);
    if (delay === null) {
      await deps.table.deliveries.drop(claim);
      return { ...base, outcome: "dropped", status, error };
    }
    const retryAt = (deps.now ?? (() => new Date()))().getTime() + delay;
    await deps.table.deliveries.retry(claim, retryAt);
    return { ...base, outcome: "retrying", status, error, retryAt: new Date(retryAt).toISOString() };
  } catch (thrown) {
    const delivery = claim?.delivery;
    return {
      id,
      callback: delivery?.callback ?? "",
      attempt: (delivery?.failures ?? 0) + 1,
      outcome: "error",
      error: (thrown as Error).message,
    };
  }
}
