/**
 * WebSub content distribution state (W3C WebSub §7): at most one pending delivery per subscription, kept in
 * one partition so every process can find the due ones with one Query. A delivery is sent by whoever claims
 * it first (a conditional write), so two processes never send one attempt twice; a change queued while an
 * attempt is under way is not lost (the delivery's `rev` moved, so the attempt's success leaves it due again).
 * Records expire by TTL a day after their last attempt was due, whatever happens to the processes.
 */
import { randomBytes } from "node:crypto";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  type QueryCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { StorageError, TributaryError } from "../errors.ts";
import { type Subscription, subscriptionId } from "./subscriptions.ts";

/** Where deliveries are kept: the table and its document client (a `Store` has both). */
export type DeliveryTable = { readonly doc: DynamoDBDocumentClient; readonly table: string };

/** One pending delivery: the subscription it is for and when it is next tried. */
export interface Delivery {
  /** `{slug}#{format}#{hash}`: one per subscription. */
  id: string;
  slug: string;
  format: Subscription["format"];
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

const PARTITION = "D#pending";
/** How long a delivery record outlives the time its next attempt is due (TTL, seconds). */
const KEEP_AFTER_DUE_SECONDS = 86_400;

const keyOf = (id: string) => ({ pk: PARTITION, sk: id });
const ttl = (dueAtMs: number) => Math.floor(dueAtMs / 1000) + KEEP_AFTER_DUE_SECONDS;

/** The delivery id of a subscription. */
export function deliveryId(subscription: Pick<Subscription, "slug" | "format" | "callback">): string {
  return `${subscription.slug}#${subscriptionId(subscription.slug, subscription.format, subscription.callback)}`;
}

async function guard<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof TributaryError) throw error;
    throw new StorageError(`${what} failed: ${(error as Error).message || (error as Error).name}`, { cause: error });
  }
}

const isConditionFailure = (error: unknown) => (error as Error).name === "ConditionalCheckFailedException";

/** Runs a conditional write: true when it was applied, false when its condition did not hold. */
async function conditional(what: string, send: () => Promise<unknown>): Promise<boolean> {
  return guard(what, async () => {
    try {
      await send();
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  });
}

function toDelivery(row: Record<string, unknown>): Delivery {
  const { pk: _pk, sk, claimToken: _token, expiresAt: _ttl, ...rest } = row;
  return { id: sk as string, ...(rest as Omit<Delivery, "id">) };
}

/**
 * Queues the delivery of a subscription's feed: a new one is due at `now`; one already pending keeps its due
 * time and failure count (coalescing: its next attempt sends the then-current first page).
 * @returns the delivery id
 * @throws StorageError
 */
export function queueDelivery(
  table: DeliveryTable,
  subscription: Pick<Subscription, "slug" | "format" | "callback">,
  now: Date,
): Promise<string> {
  const id = deliveryId(subscription);
  return guard("queue delivery", async () => {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.table,
        Key: keyOf(id),
        UpdateExpression:
          "SET slug = :slug, #format = :format, callback = :callback, dueAt = if_not_exists(dueAt, :now), " +
          "failures = if_not_exists(failures, :zero), expiresAt = :ttl ADD rev :one",
        ExpressionAttributeNames: { "#format": "format" },
        ExpressionAttributeValues: {
          ":slug": subscription.slug,
          ":format": subscription.format,
          ":callback": subscription.callback,
          ":now": now.getTime(),
          ":zero": 0,
          ":one": 1,
          ":ttl": ttl(now.getTime() + 86_400_000),
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
export function dueDeliveries(table: DeliveryTable, now: Date): Promise<Delivery[]> {
  return guard("read due deliveries", async () => {
    const input: QueryCommandInput = {
      TableName: table.table,
      KeyConditionExpression: "pk = :pk",
      FilterExpression: "dueAt <= :now AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)",
      ExpressionAttributeValues: { ":pk": PARTITION, ":now": now.getTime() },
    };
    const found: Delivery[] = [];
    for await (const page of paginateQuery({ client: table.doc }, input)) {
      for (const row of page.Items ?? []) found.push(toDelivery(row));
    }
    return found.sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
  });
}

/** One pending delivery, or null when there is none (sent, dropped or expired). @throws StorageError */
export function findDelivery(table: DeliveryTable, id: string): Promise<Delivery | null> {
  return guard("get delivery", async () => {
    const { Item: row } = await table.doc.send(new GetCommand({ TableName: table.table, Key: keyOf(id) }));
    return row ? toDelivery(row) : null;
  });
}

/**
 * Claims a due delivery for one attempt until `now + leaseMs`, with a conditional write: null when it is not
 * due, is gone, or another process holds it. A claim whose holder died lapses and may be taken over.
 * @throws StorageError
 */
export function claimDelivery(
  table: DeliveryTable,
  id: string,
  now: Date,
  leaseMs: number,
): Promise<DeliveryClaim | null> {
  const token = randomBytes(12).toString("base64url");
  return guard("claim delivery", async () => {
    try {
      const { Attributes: row } = await table.doc.send(
        new UpdateCommand({
          TableName: table.table,
          Key: keyOf(id),
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
export async function completeDelivery(table: DeliveryTable, claim: DeliveryClaim, now: Date): Promise<boolean> {
  const removed = await conditional("complete delivery", () =>
    table.doc.send(
      new DeleteCommand({
        TableName: table.table,
        Key: keyOf(claim.delivery.id),
        ConditionExpression: "claimToken = :token AND rev = :rev",
        ExpressionAttributeValues: { ":token": claim.token, ":rev": claim.delivery.rev },
      }),
    ),
  );
  if (removed) return true;
  return release(table, claim, { dueAt: now.getTime(), failures: 0 });
}

/**
 * Puts a claimed delivery back with its next attempt due at `dueAt` (epoch ms) after one more failure.
 * False when the claim had lapsed and was taken.
 * @throws StorageError
 */
export function retryDelivery(table: DeliveryTable, claim: DeliveryClaim, dueAt: number): Promise<boolean> {
  return release(table, claim, { dueAt, failures: claim.delivery.failures + 1 });
}

function release(
  table: DeliveryTable,
  claim: DeliveryClaim,
  next: { dueAt: number; failures: number },
): Promise<boolean> {
  return conditional("release delivery", () =>
    table.doc.send(
      new UpdateCommand({
        TableName: table.table,
        Key: keyOf(claim.delivery.id),
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

/**
 * Removes a claimed delivery for good (every retry spent, the subscription ended or gone). False when the claim
 * had lapsed and was taken. @throws StorageError
 */
export function dropDelivery(table: DeliveryTable, claim: DeliveryClaim): Promise<boolean> {
  return conditional("drop delivery", () =>
    table.doc.send(
      new DeleteCommand({
        TableName: table.table,
        Key: keyOf(claim.delivery.id),
        ConditionExpression: "claimToken = :token",
        ExpressionAttributeValues: { ":token": claim.token },
      }),
    ),
  );
}
