/**
 * WebSub subscriptions of the hub (W3C WebSub §5–§6): one record per (topic feed, callback), plus one small
 * record per callback host so the per-host cap is one Query. Both expire by TTL at the end of their lease,
 * and every read ignores expired ones before TTL has removed them.
 */
import { createHash } from "node:crypto";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  type QueryCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { StorageError, TributaryError } from "../errors.ts";
import type { FeedFormat } from "../urls.ts";

/** The formats a topic feed is served in (`FEED_FORMATS`). */
export type SubscribedFormat = FeedFormat;

/** A verified subscription to one topic feed. */
export interface Subscription {
  /** Topic slug. */
  slug: string;
  format: SubscribedFormat;
  /** The topic URL as the subscriber gave it (echoed in `Link: rel="self"` of deliveries). */
  topic: string;
  /** The subscriber's callback URL. */
  callback: string;
  /** Host name of the callback as `callbackHostOf` gives it (no port): what the per-host cap counts. */
  callbackHost: string;
  /** The subscriber's `hub.secret`, or null: deliveries are signed only with one. */
  secret: string | null;
  /** Granted lease, in seconds. */
  leaseSeconds: number;
  /** ISO time the subscription was (last) verified. */
  verifiedAt: string;
  /** Epoch seconds the lease ends (the table's TTL attribute). */
  expiresAt: number;
}

/** Where subscriptions are kept: the table and its document client (a `Store` has both). */
export interface SubscriptionTable {
  readonly doc: DynamoDBDocumentClient;
  readonly table: string;
}

const PREFIX = "W#";
const HOST_PREFIX = "WH#";
/** One record listing every topic slug that has had subscriptions, so ended topics can be found without a Scan. */
const TOPICS_KEY = { pk: "X#websub-topics", sk: "X" };

/** Short stable id of a subscription, for sort keys (callbacks may be longer than a sort key may be). */
export function subscriptionId(slug: string, format: SubscribedFormat, callback: string): string {
  const hash = createHash("sha256").update(`${slug}\n${format}\n${callback}`).digest("base64url").slice(0, 22);
  return `${format}#${hash}`;
}

const subscriptionKey = (slug: string, format: SubscribedFormat, callback: string) => ({
  pk: `${PREFIX}${slug}`,
  sk: subscriptionId(slug, format, callback),
});
const hostKey = (host: string, slug: string, format: SubscribedFormat, callback: string) => ({
  pk: `${HOST_PREFIX}${host}`,
  sk: `${slug}#${subscriptionId(slug, format, callback)}`,
});

/**
 * The host a callback URL's caps and budgets count (at most 20 subscriptions per callback host): the
 * WHATWG URL parser's `hostname`, so the port is left out and each host has one spelling — names lower-cased,
 * IPv4 in dotted decimal (`127.1`, `0x7f.0.0.1` → `127.0.0.1`), IPv6 compressed in brackets (`[::1]`).
 * @throws TypeError when `callback` is not an absolute URL.
 * @example callbackHostOf("http://LOCALHOST:8767/x") // "localhost"
 */
export function callbackHostOf(callback: string): string {
  return new URL(callback).hostname;
}

async function guard<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof TributaryError) throw error;
    throw new StorageError(`${what} failed: ${(error as Error).message || (error as Error).name}`, { cause: error });
  }
}

const epochSeconds = (now: Date) => Math.floor(now.getTime() / 1000);

async function countQuery(table: SubscriptionTable, pk: string, now: Date): Promise<number> {
  const input: QueryCommandInput = {
    TableName: table.table,
    KeyConditionExpression: "pk = :pk",
    FilterExpression: "expiresAt > :now",
    ExpressionAttributeValues: { ":pk": pk, ":now": epochSeconds(now) },
    Select: "COUNT",
  };
  let count = 0;
  for await (const page of paginateQuery({ client: table.doc }, input)) count += page.Count ?? 0;
  return count;
}

/**
 * Stores (or renews) a verified subscription: the topic in the registry and its host record first, then the
 * subscription, so a failure half-way never leaves a subscription the per-host cap or the registry misses.
 * @throws StorageError
 */
export function saveSubscription(table: SubscriptionTable, subscription: Subscription): Promise<void> {
  const { slug, format, callback, callbackHost, expiresAt } = subscription;
  return guard("save subscription", async () => {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.table,
        Key: TOPICS_KEY,
        UpdateExpression: "ADD slugs :slug",
        ExpressionAttributeValues: { ":slug": new Set([slug]) },
      }),
    );
    await table.doc.send(
      new PutCommand({ TableName: table.table, Item: { ...hostKey(callbackHost, slug, format, callback), expiresAt } }),
    );
    await table.doc.send(
      new PutCommand({
        TableName: table.table,
        Item: { ...subscriptionKey(slug, format, callback), ...subscription },
      }),
    );
  });
}

/**
 * Ends a subscription (unsubscribe, denial): the subscription, then its host record. Ending one that does
 * not exist is no error.
 * @throws StorageError
 */
export function removeSubscription(
  table: SubscriptionTable,
  ref: { slug: string; format: SubscribedFormat; callback: string },
): Promise<void> {
  return guard("remove subscription", async () => {
    await table.doc.send(
      new DeleteCommand({ TableName: table.table, Key: subscriptionKey(ref.slug, ref.format, ref.callback) }),
    );
    await table.doc.send(
      new DeleteCommand({
        TableName: table.table,
        Key: hostKey(callbackHostOf(ref.callback), ref.slug, ref.format, ref.callback),
      }),
    );
  });
}

/**
 * One subscription, or null when there is none or its lease has ended by `now`.
 * @throws StorageError
 */
export function findSubscription(
  table: SubscriptionTable,
  ref: { slug: string; format: SubscribedFormat; callback: string },
  now: Date,
): Promise<Subscription | null> {
  return guard("get subscription", async () => {
    const { Item: row } = await table.doc.send(
      new GetCommand({ TableName: table.table, Key: subscriptionKey(ref.slug, ref.format, ref.callback) }),
    );
    const subscription = row as (Subscription & { pk: string; sk: string }) | undefined;
    if (!subscription || subscription.expiresAt <= epochSeconds(now)) return null;
    return strip(subscription);
  });
}

function strip(row: Subscription & { pk?: string; sk?: string }): Subscription {
  const { pk: _pk, sk: _sk, ...subscription } = row;
  return subscription;
}

/**
 * The live subscriptions of a topic (every format), in no particular order; expired leases left out.
 * @throws StorageError
 */
export function subscriptionsOf(table: SubscriptionTable, slug: string, now: Date): Promise<Subscription[]> {
  return guard("read subscriptions", async () => {
    const input: QueryCommandInput = {
      TableName: table.table,
      KeyConditionExpression: "pk = :pk",
      FilterExpression: "expiresAt > :now",
      ExpressionAttributeValues: { ":pk": `${PREFIX}${slug}`, ":now": epochSeconds(now) },
    };
    const found: Subscription[] = [];
    for await (const page of paginateQuery({ client: table.doc }, input)) {
      for (const row of page.Items ?? []) found.push(strip(row as Subscription));
    }
    return found;
  });
}

/**
 * How many live subscriptions have a callback on this host (the per-host cap).
 * @throws StorageError
 */
export function countSubscriptionsOfHost(table: SubscriptionTable, host: string, now: Date): Promise<number> {
  return guard("count subscriptions", () => countQuery(table, `${HOST_PREFIX}${host.toLowerCase()}`, now));
}

/**
 * How many live subscriptions the given topics have in all (the global cap: one Query per topic).
 * @throws StorageError
 */
export function countSubscriptions(table: SubscriptionTable, slugs: readonly string[], now: Date): Promise<number> {
  return guard("count subscriptions", async () => {
    let total = 0;
    for (const slug of slugs) total += await countQuery(table, `${PREFIX}${slug}`, now);
    return total;
  });
}

/**
 * Every topic slug that has had subscriptions (some may have none left): where the hub looks for the
 * subscribers of topics that left the configuration.
 * @throws StorageError
 */
export function subscribedTopics(table: SubscriptionTable): Promise<string[]> {
  return guard("read subscribed topics", async () => {
    const { Item: row } = await table.doc.send(new GetCommand({ TableName: table.table, Key: TOPICS_KEY }));
    return [...((row?.slugs as Set<string> | undefined) ?? [])].sort();
  });
}

/**
 * Forgets topics in the registry once their subscriptions have all ended.
 * @throws StorageError
 */
export function forgetSubscribedTopics(table: SubscriptionTable, slugs: readonly string[]): Promise<void> {
  if (slugs.length === 0) return Promise.resolve();
  return guard("update subscribed topics", async () => {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.table,
        Key: TOPICS_KEY,
        UpdateExpression: "DELETE slugs :slugs",
        ExpressionAttributeValues: { ":slugs": new Set(slugs) },
      }),
    );
  });
}
