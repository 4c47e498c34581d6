import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { itemKey, listPartition, rowSortKey } from "./keys.ts";
import type { ListKey, StoredItem } from "./records.ts";
import { itemRecord, listRow } from "./rows.ts";

/** One change of an item, written with its list rows as one unit. */
export interface ItemChange {
  /** The item as it is to be stored (its `rev` already moved). */
  item: StoredItem;
  /** The `rev` the stored item must still have; null: it must not exist yet. */
  expectedRev: number | null;
  /** Lists the item is in after the change: their rows are written from `item`. */
  put: ListKey[];
  /** Lists the item left: their rows are deleted. */
  remove: ListKey[];
}

/** One action of a TransactWriteItems request (document client shape). */
type Action = Record<string, Record<string, unknown>>;

/** Actions per TransactWriteItems request (DynamoDB API reference, TransactWriteItems). */
const MAX_ACTIONS = 100;
/** Bytes per TransactWriteItems request is 4 MB; JSON is a little larger than DynamoDB's own item size. */
const MAX_BYTES = 3_500_000;

/** Where a table's transactional writes go, and whether its engine has them (dynalite has not). */
export interface TransactTarget {
  doc: DynamoDBDocumentClient;
  table: string;
  retentionDays: number;
  transactions: boolean;
}

/** Why a transaction did not happen: a condition failed or another write got in the way ("conflict"), or the engine has none. */
type Refusal = "conflict" | "unsupported" | null;

/**
 * Classifies a TransactWriteItems error. A cancellation whose every reason is a failed condition, a conflict
 * with another transaction or no reason at all is a conflict: the caller re-reads and re-plans. A cancellation
 * for throttling or validation is not (the error is rethrown as a storage failure).
 */
function refusal(error: unknown): Refusal {
  const name = (error as Error)?.name;
  if (name === "UnknownOperationException") return "unsupported";
  if (name === "TransactionConflictException" || name === "TransactionInProgressException") return "conflict";
  if (name !== "TransactionCanceledException") return null;
  const reasons = ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map(
    (reason) => reason.Code ?? "None",
  );
  const benign = new Set(["None", "ConditionalCheckFailed", "TransactionConflict"]);
  return reasons.length > 0 && reasons.every((code) => benign.has(code)) ? "conflict" : null;
}

/**
 * Runs `actions` as one TransactWriteItems request: true when written, false on a conflict, null when the
 * transaction cannot be used (the engine has none, or more than 100 actions / about 4 MB) and the caller must
 * write without one. The SDK sends the same idempotency token when it retries a request whose answer was
 * lost, so a retried transaction is not applied twice.
 */
async function transact(target: TransactTarget, actions: Action[]): Promise<boolean | null> {
  if (!target.transactions || actions.length > MAX_ACTIONS) return null;
  if (JSON.stringify(actions).length > MAX_BYTES) return null;
  try {
    await target.doc.send(new TransactWriteCommand({ TransactItems: actions as never }));
    return true;
  } catch (error) {
    const why = refusal(error);
    if (why === "conflict") return false;
    if (why === "unsupported") {
      target.transactions = false;
      return null;
    }
    throw error;
  }
}

const createCondition = { ConditionExpression: "attribute_not_exists(pk)" };
const revCondition = (rev: number) => ({
  ConditionExpression: "#rev = :rev",
  ExpressionAttributeNames: { "#rev": "rev" },
  ExpressionAttributeValues: { ":rev": rev },
});

/**
 * Writes an item and its list rows in one transaction, conditional on the stored item's `rev` (or its
 * absence): either all of it is written or nothing, so a writer that loses a race to another leaves no row
 * behind, and rows always hold the committed item. False when the condition failed (another writer got there
 * first). Where no transaction can be used, the rows are written first, then the item under its condition.
 * Throws the SDK's error on a storage failure.
 */
export async function commitItemChange(
  target: TransactTarget,
  change: ItemChange,
  fallback: {
    putRows(list: ListKey, items: StoredItem[]): Promise<void>;
    deleteRows(list: ListKey, sks: string[]): Promise<void>;
  },
): Promise<boolean> {
  const { item, expectedRev } = change;
  const condition = expectedRev === null ? createCondition : revCondition(expectedRev);
  const sk = rowSortKey(item.publishedAt, item.id);
  const actions: Action[] = [
    { Put: { TableName: target.table, Item: itemRecord(item, target.retentionDays), ...condition } },
    ...change.put.map((list) => ({
      Put: { TableName: target.table, Item: listRow(list, item, target.retentionDays) },
    })),
    ...change.remove.map((list) => ({ Delete: { TableName: target.table, Key: { pk: listPartition(list), sk } } })),
  ];
  const done = await transact(target, actions);
  if (done !== null) return done;
  for (const list of change.put) await fallback.putRows(list, [item]);
  for (const list of change.remove) await fallback.deleteRows(list, [sk]);
  try {
    await target.doc.send(
      new PutCommand({ TableName: target.table, Item: itemRecord(item, target.retentionDays), ...condition }),
    );
    return true;
  } catch (error) {
    if ((error as Error)?.name === "ConditionalCheckFailedException") return false;
    throw error;
  }
}

/**
 * Puts (`item` given and `present`) or deletes the row at `sk` of item `id` in a list, only while the stored
 * item is still the one read (`item`'s rev; null: no item stored). False when it changed meanwhile: its
 * writer wrote its rows, and the caller re-reads. Without transactions, the row is written unconditionally.
 */
export async function setRowIf(
  target: TransactTarget,
  list: ListKey,
  row: { id: string; sk: string },
  item: StoredItem | null,
  present: boolean,
): Promise<boolean> {
  const check = { TableName: target.table, Key: itemKey(row.id), ...(item ? revCondition(item.rev) : createCondition) };
  const write: Action =
    present && item
      ? { Put: { TableName: target.table, Item: listRow(list, item, target.retentionDays) } }
      : { Delete: { TableName: target.table, Key: { pk: listPartition(list), sk: row.sk } } };
  const done = await transact(target, [{ ConditionCheck: check }, write]);
  if (done !== null) return done;
  if (write.Put) await target.doc.send(new PutCommand(write.Put as never));
  if (write.Delete) await target.doc.send(new DeleteCommand(write.Delete as never));
  return true;
}
