/**
 * Writing an item change without a transaction: rows first, then the item under its condition, then the rows
 * of lists it left. Every row write is conditional on the row's `rev` (a slow writer never overwrites a newer
 * row), and reads serve a row only while its item is stored, committed and in that list: the item is the truth,
 * so a row written by a poll that then lost the race, or that failed before its item, is never shown.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { ItemTooLargeError } from "../errors.ts";
import { assertItemFits, itemRecord } from "./item-record.ts";
import { assertRecordFits, ITEM_SIZE_LIMIT, recordSize } from "./item-size.ts";
import { decodeList, rowSortKey } from "./keys.ts";
import type { TableKit } from "./kit.ts";
import { deleteRowIf, putRowIf } from "./list-rows.ts";
import type { ListKey, StoredItem } from "./records.ts";

/** One change of an item and of its list rows. */
export interface ItemChange {
  /** The item as it is to be stored (its `rev` already moved). */
  item: StoredItem;
  /** The `rev` the stored item must still have; null: it must not exist yet. */
  expectedRev: number | null;
  /** Lists whose rows are (re)written from `item`: lists it enters, and all of its lists when its search text changed. */
  put: ListKey[];
  /** Lists the item left: their rows are deleted once the item is written. */
  remove: ListKey[];
  /** Write only the rows of `put`, from `item` as stored (a repair): the item is not written. */
  rowsOnly?: boolean;
  /** A new item's rows may go over rows already there (a retry after a row of it was found in place). */
  overwrite?: boolean;
  /** The `publishedAt` the rows of `remove` sit at when it is not the item's (the item moved); default the item's. */
  removeAt?: string;
}

/** Whether DynamoDB refused a write for the item's size ("Item size has exceeded the maximum allowed size"). */
function isSizeRefusal(error: unknown): boolean {
  return (error as Error)?.name === "ValidationException" && /item size/i.test((error as Error).message ?? "");
}

/**
 * Writes `item` if the stored one is still at `expectedRev` (null: none may exist yet); false when another
 * writer got there first. One PutItem of about 1–2 KB: one write unit per KB.
 * @throws ItemTooLargeError when its record is over DynamoDB's item limit (nothing is written); the SDK's error
 * on a storage failure.
 */
export async function putItemIf(kit: TableKit, item: StoredItem, expectedRev: number | null): Promise<boolean> {
  const record = itemRecord(item, kit.retentionDays);
  assertRecordFits(item.id, record);
  const condition =
    expectedRev === null
      ? { ConditionExpression: "attribute_not_exists(pk)" }
      : {
          ConditionExpression: "#rev = :rev",
          ExpressionAttributeNames: { "#rev": "rev" },
          ExpressionAttributeValues: { ":rev": expectedRev },
        };
  try {
    return await kit.sendIf(new PutCommand({ TableName: kit.name, Item: record, ...condition }));
  } catch (error) {
    // Should the engine count more than `recordSize` does, its refusal is still the item's fault.
    if (isSizeRefusal(error))
      throw new ItemTooLargeError(item.id, recordSize(record), ITEM_SIZE_LIMIT, { cause: error });
    throw error;
  }
}

/**
 * Writes a change: the rows of `put` (one conditional PutItem each, at once), then the item (conditional PutItem
 * on `rev`), then deletes the rows of `remove`. False, with the item untouched, when another writer got there
 * first (the item's condition failed, or a row was already written by a newer change): the caller re-reads and
 * plans again. A failure half-way leaves the item as it was, so the next poll redoes the change; rows written
 * before it are not served meanwhile, and a row left in a list the item left is dropped by every read.
 * Throws ItemTooLargeError, before writing anything, when the item's record would be over DynamoDB's item limit;
 * the SDK's error on a storage failure. Cost: ceil(item / 1 KB) + one write unit per row.
 */
export async function commitItemChange(kit: TableKit, change: ItemChange): Promise<boolean> {
  const { item } = change;
  if (!change.rowsOnly) assertItemFits(item, kit.retentionDays);
  // A new item's first row — a topic's, which polls of other sources carrying the article write too — is created
  // only where none is: when another poll is creating the same article (a shared one, first seen by several
  // sources at once), this poll stops at one write unit instead of writing every row and the item in vain. A row
  // left by a poll that failed before its item is overwritten in the next round (`overwrite`).
  const first = change.put.find((list) => decodeList(list).kind === "topic") ?? change.put[0];
  const others = change.put.filter((list) => list !== first);
  if (change.expectedRev === null && first && !change.overwrite) {
    if (!(await putRowIf(kit, first, item, { create: true }))) return false;
  } else if (first) others.push(first);
  const written = await Promise.all(others.map((list) => putRowIf(kit, list, item)));
  if (change.rowsOnly) return true;
  if (written.includes(false)) return false;
  if (!(await putItemIf(kit, item, change.expectedRev))) return false;
  const sk = rowSortKey(change.removeAt ?? item.publishedAt, item.id);
  await Promise.all(change.remove.map((list) => deleteRowIf(kit, list, sk, item.rev)));
  return true;
}
