/**
 * `store.subscriptions`: WebSub subscriptions of the hub (W3C WebSub §5–§6): one record per (topic feed and view,
 * callback), plus one small record per callback host so the per-host cap is one Query, and a registry of the
 * topics that have had subscriptions. Subscriptions and host records expire by TTL at the end of their lease,
 * and every read ignores expired ones before TTL has removed them.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { FeedRef, ListGroup } from "../urls.ts";
import {
  callbackHostKey,
  callbackHostPartition,
  type FeedFormat,
  SUBSCRIBED_TOPICS_KEY,
  subscriptionKey,
  subscriptionPartition,
} from "./keys.ts";
import { expiresAt, type Row, type TableKit } from "./kit.ts";

/** The formats a topic feed is served in. */
export type SubscribedFormat = FeedFormat;

/** A verified subscription to one topic feed. */
export interface Subscription {
  /** Topic slug. */
  slug: string;
  format: SubscribedFormat;
  /** The feed's view when not the topic's default (`none`: `/feeds/{slug}.{format}?group=none`); absent: default. */
  group?: ListGroup;
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

/** Which subscription: a topic feed (slug, format, view) and a callback. */
export type SubscriptionRef = FeedRef & Pick<Subscription, "callback">;

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

function strip(row: Row): Subscription {
  const { pk: _pk, sk: _sk, ...subscription } = row;
  return subscription as unknown as Subscription;
}

/** Subscriptions, their host records and the registry of subscribed topics: storage failures are StorageErrors. */
export class Subscriptions {
  constructor(private readonly kit: TableKit) {}

  /**
   * Stores (or renews) a verified subscription: the topic in the registry and its host record first, then the
   * subscription, so a failure half-way never leaves a subscription the per-host cap or the registry misses.
   * @throws StorageError
   */
  save(subscription: Subscription): Promise<void> {
    const { slug, callback, callbackHost, expiresAt: ends } = subscription;
    const table = this.kit.name;
    return this.kit.guard("save subscription", async () => {
      await this.kit.send(
        new UpdateCommand({
          TableName: table,
          Key: SUBSCRIBED_TOPICS_KEY,
          UpdateExpression: "ADD slugs :slug",
          ExpressionAttributeValues: { ":slug": new Set([slug]) },
        }),
      );
      const hostRecord = { ...callbackHostKey(callbackHost, subscription, callback), expiresAt: ends };
      await this.kit.send(new PutCommand({ TableName: table, Item: hostRecord }));
      await this.kit.send(
        new PutCommand({ TableName: table, Item: { ...subscriptionKey(subscription, callback), ...subscription } }),
      );
    });
  }

  /**
   * Ends a subscription (unsubscribe, denial): the subscription, then its host record. Ending one that does
   * not exist is no error.
   * @throws StorageError
   */
  remove(ref: SubscriptionRef): Promise<void> {
    const host = callbackHostOf(ref.callback);
    return this.kit.guard("remove subscription", async () => {
      const table = this.kit.name;
      await this.kit.send(new DeleteCommand({ TableName: table, Key: subscriptionKey(ref, ref.callback) }));
      await this.kit.send(new DeleteCommand({ TableName: table, Key: callbackHostKey(host, ref, ref.callback) }));
    });
  }

  /** One subscription, or null when there is none or its lease has ended by `now`. @throws StorageError */
  find(ref: SubscriptionRef, now: Date): Promise<Subscription | null> {
    return this.kit.guard("get subscription", async () => {
      const { Item: row } = await this.kit.send<{ Item?: Row }>(
        new GetCommand({ TableName: this.kit.name, Key: subscriptionKey(ref, ref.callback) }),
      );
      if (!row || (row.expiresAt as number) <= expiresAt(now.getTime())) return null;
      return strip(row);
    });
  }

  /** The live subscriptions of a topic (every format and view), in no particular order; expired leases left out. @throws StorageError */
  of(slug: string, now: Date): Promise<Subscription[]> {
    return this.kit.guard("read subscriptions", async () => {
      const rows = await this.kit.queryAll({
        KeyConditionExpression: "pk = :pk",
        FilterExpression: "expiresAt > :now",
        ExpressionAttributeValues: { ":pk": subscriptionPartition(slug), ":now": expiresAt(now.getTime()) },
      });
      return rows.map(strip);
    });
  }

  /** How many live subscriptions have a callback on this host (the per-host cap). @throws StorageError */
  countOfHost(host: string, now: Date): Promise<number> {
    return this.kit.guard("count subscriptions", () => this.countLive(callbackHostPartition(host), now));
  }

  /** How many live subscriptions the given topics have in all (the global cap: one Query per topic). @throws StorageError */
  count(slugs: readonly string[], now: Date): Promise<number> {
    return this.kit.guard("count subscriptions", async () => {
      let total = 0;
      for (const slug of slugs) total += await this.countLive(subscriptionPartition(slug), now);
      return total;
    });
  }

  /**
   * Every topic slug that has had subscriptions (some may have none left): where the hub looks for the
   * subscribers of topics that left the configuration. @throws StorageError
   */
  topics(): Promise<string[]> {
    return this.kit.guard("read subscribed topics", async () => {
      const { Item: row } = await this.kit.send<{ Item?: Row }>(
        new GetCommand({ TableName: this.kit.name, Key: SUBSCRIBED_TOPICS_KEY }),
      );
      return [...((row?.slugs as Set<string> | undefined) ?? [])].sort();
    });
  }

  /** Forgets topics in the registry once their subscriptions have all ended. @throws StorageError */
  async forgetTopics(slugs: readonly string[]): Promise<void> {
    if (slugs.length === 0) return;
    await this.kit.guard("update subscribed topics", async () => {
      await this.kit.send(
        new UpdateCommand({
          TableName: this.kit.name,
          Key: SUBSCRIBED_TOPICS_KEY,
          UpdateExpression: "DELETE slugs :slugs",
          ExpressionAttributeValues: { ":slugs": new Set(slugs) },
        }),
      );
    });
  }

  /** How many records of partition `pk` are live at `now` (a COUNT Query). */
  private async countLive(pk: string, now: Date): Promise<number> {
    let count = 0;
    const pages = this.kit.query({
      KeyConditionExpression: "pk = :pk",
      FilterExpression: "expiresAt > :now",
      ExpressionAttributeValues: { ":pk": pk, ":now": expiresAt(now.getTime()) },
      Select: "COUNT",
    });
    for await (const page of pages) count += page.Count ?? 0;
    return count;
  }
}
