/**
 * `store.deliveries`: WebSub content distribution state (W3C WebSub §7): at most one pending delivery per
 * subscription, kept in one partition so every process can find the due ones with one Query. A delivery is sent
 * by whoever claims it first (a conditional write), so two processes never send one attempt twice; a change
 * queued while an attempt is under way is not lost (the delivery's `rev` moved, so the attempt's success leaves
 * it due again). Records expire by TTL a day after their last attempt was due, whatever happens to the processes.
 */
import { randomBytes } from "node:crypto";
import { DeleteCommand, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ListGroup } from "../urls.ts";
import { DELIVERIES, deliveryKey, deliveryId as idOf } from "./keys.ts";
import { DAY_S, expiresAt, isConditionFailure, type Row, type TableKit } from "./kit.ts";
import type { Subscription, SubscriptionRef } from "./subscriptions.ts";

/** One pending delivery: the subscription it is for and when it is next tried. */
export interface Delivery {
  /** `{slug}#{format}#{hash}` (`{slug}#{format}.{group}#{hash}` for a feed's other view): one per subscription. */
  id: string;
  slug: string;
  format: Subscription["format"];
  /** The feed's view when not the topic's default (`none`); absent: default. */
  group?: ListGroup;
  callback: string;
  /** Epoch milliseconds the next attempt is due. */
  dueAt: number;
  /** Failed attempts so far (0 for a fresh delivery). */
  failures: number;
  /** Moves with every change queued: an attempt that started before the last change does not end it. */
  rev: number;
  /** Epoch milliseconds an attempt's claim lapses (another process may then take it over); absent: unclaimed. */
  claimedUntil?: number;
}

/** A delivery this process holds: it alone may settle it until `claimedUntil`. */
export type DeliveryClaim = { delivery: Delivery; token: string };

/** How long a delivery record outlives the time its next attempt is due (TTL). */
const KEEP_AFTER_DUE_S = DAY_S;
const ttl = (dueAtMs: number) => expiresAt(dueAtMs, KEEP_AFTER_DUE_S);

/** The delivery id of a subscription. */
export function deliveryId(subscription: SubscriptionRef): string {
  return idOf(subscription, subscription.callback);
}

function toDelivery(row: Row): Delivery {
  const { pk: _pk, sk, claimToken: _token, expiresAt: _ttl, ...rest } = row;
  return { id: sk as string, ...(rest as Omit<Delivery, "id">) };
}

/** Pending deliveries and their claims: every method's storage failure is a StorageError. */
export class Deliveries {
  constructor(private readonly kit: TableKit) {}

  /**
   * Queues the delivery of a subscription's feed: a new one is due at `now`; one already pending keeps its due
   * time and failure count (coalescing: its next attempt sends the then-current first page).
   * @returns the delivery id
   * @throws StorageError
   */
  queue(subscription: SubscriptionRef, now: Date): Promise<string> {
    const id = deliveryId(subscription);
    // The view is part of the id, so a record either always names one or never does.
    const group = subscription.group ? { set: "#group = :group, ", values: { ":group": subscription.group } } : null;
    return this.kit.guard("queue delivery", async () => {
      await this.kit.send(
        new UpdateCommand({
          TableName: this.kit.name,
          Key: deliveryKey(id),
          UpdateExpression:
            `SET slug = :slug, #format = :format, ${group?.set ?? ""}callback = :callback, ` +
            "dueAt = if_not_exists(dueAt, :now), failures = if_not_exists(failures, :zero), expiresAt = :ttl ADD rev :one",
          ExpressionAttributeNames: { "#format": "format", ...(group ? { "#group": "group" } : {}) },
          ExpressionAttributeValues: {
            ...group?.values,
            ":slug": subscription.slug,
            ":format": subscription.format,
            ":callback": subscription.callback,
            ":now": now.getTime(),
            ":zero": 0,
            ":one": 1,
            ":ttl": ttl(now.getTime() + DAY_S * 1000),
          },
        }),
      );
      return id;
    });
  }

  /**
   * The deliveries due by `now` and not held by a live claim, oldest due first. Reads the pending partition
   * (its size is the number of pending deliveries, not of subscriptions).
   * @throws StorageError
   */
  due(now: Date): Promise<Delivery[]> {
    return this.kit.guard("read due deliveries", async () => {
      const rows = await this.kit.queryAll({
        KeyConditionExpression: "pk = :pk",
        FilterExpression: "dueAt <= :now AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)",
        ExpressionAttributeValues: { ":pk": DELIVERIES, ":now": now.getTime() },
      });
      return rows.map(toDelivery).sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
    });
  }

  /** One pending delivery, or null when there is none (sent, dropped or expired). @throws StorageError */
  find(id: string): Promise<Delivery | null> {
    return this.kit.guard("get delivery", async () => {
      const { Item: row } = await this.kit.send<{ Item?: Row }>(
        new GetCommand({ TableName: this.kit.name, Key: deliveryKey(id) }),
      );
      return row ? toDelivery(row) : null;
    });
  }

  /**
   * Claims a due delivery for one attempt until `now + leaseMs`, with a conditional write: null when it is not
   * due, is gone, or another process holds it. A claim whose holder died lapses and may be taken over.
   * @throws StorageError
   */
  claim(id: string, now: Date, leaseMs: number): Promise<DeliveryClaim | null> {
    const token = randomBytes(12).toString("base64url");
    return this.kit.guard("claim delivery", async () => {
      try {
        const { Attributes: row } = await this.kit.send<{ Attributes?: Row }>(
          new UpdateCommand({
            TableName: this.kit.name,
            Key: deliveryKey(id),
            UpdateExpression: "SET claimedUntil = :until, claimToken = :token",
            ConditionExpression:
              "attribute_exists(pk) AND dueAt <= :now AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)",
            ExpressionAttributeValues: { ":now": now.getTime(), ":until": now.getTime() + leaseMs, ":token": token },
            ReturnValues: "ALL_NEW",
          }),
        );
        return { delivery: toDelivery(row ?? {}), token };
      } catch (error) {
        if (isConditionFailure(error)) return null;
        throw error;
      }
    });
  }

  /**
   * Ends a claimed delivery that was accepted (2xx): removed, unless a change was queued during the attempt,
   * in which case it is due again at `now` with no failures. False when the claim had lapsed and was taken.
   * @throws StorageError
   */
  async complete(claim: DeliveryClaim, now: Date): Promise<boolean> {
    const removed = await this.kit.guard("complete delivery", () =>
      this.kit.sendIf(
        new DeleteCommand({
          TableName: this.kit.name,
          Key: deliveryKey(claim.delivery.id),
          ConditionExpression: "claimToken = :token AND rev = :rev",
          ExpressionAttributeValues: { ":token": claim.token, ":rev": claim.delivery.rev },
        }),
      ),
    );
    if (removed) return true;
    return this.release(claim, { dueAt: now.getTime(), failures: 0 });
  }

  /**
   * Puts a claimed delivery back with its next attempt due at `dueAt` (epoch ms) after one more failure.
   * False when the claim had lapsed and was taken.
   * @throws StorageError
   */
  retry(claim: DeliveryClaim, dueAt: number): Promise<boolean> {
    return this.release(claim, { dueAt, failures: claim.delivery.failures + 1 });
  }

  /**
   * Removes a claimed delivery for good (every retry spent, the subscription ended or gone). False when the claim
   * had lapsed and was taken. @throws StorageError
   */
  drop(claim: DeliveryClaim): Promise<boolean> {
    return this.kit.guard("drop delivery", () =>
      this.kit.sendIf(
        new DeleteCommand({
          TableName: this.kit.name,
          Key: deliveryKey(claim.delivery.id),
          ConditionExpression: "claimToken = :token",
          ExpressionAttributeValues: { ":token": claim.token },
        }),
      ),
    );
  }

  private release(claim: DeliveryClaim, next: { dueAt: number; failures: number }): Promise<boolean> {
    return this.kit.guard("release delivery", () =>
      this.kit.sendIf(
        new UpdateCommand({
          TableName: this.kit.name,
          Key: deliveryKey(claim.delivery.id),
          UpdateExpression: "SET dueAt = :due, failures = :failures, expiresAt = :ttl REMOVE claimedUntil, claimToken",
          ConditionExpression: "claimToken = :token",
          ExpressionAttributeValues: {
            ":due": next.dueAt,
            ":failures": next.failures,
            ":ttl": ttl(next.dueAt),
            ":token": claim.token,
          },
        }),
      ),
    );
  }
}
