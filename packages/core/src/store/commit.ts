/**
 * Writing an item change without a transaction: rows first, then the item under its condition, then the rows
 * of lists it left. Every row write is conditional on the row's `rev` (a slow writer never overwrites a newer
 * row), and reads serve a row only while its item is stored, committed and in that list: the item is the truth,
 * so a row written by a poll that then lost the race, or that failed before its item, is never shown.
 */
import { assertItemFits, putItemIf } from "./items.ts";
import { rowSortKey } from "./keys.ts";
import { deleteRowIf, putRowIf } from "./list-rows.ts";
import type { ListKey, StoredItem } from "./records.ts";
import type { TableRef } from "./table-ref.ts";

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

/**
 * Writes a change: the rows of `put` (one conditional PutItem each, at once), then the item (conditional PutItem
 * on `rev`), then deletes the rows of `remove`. False, with the item untouched, when another writer got there
 * first (the item's condition failed, or a row was already written by a newer change): the caller re-reads and
 * plans again. A failure half-way leaves the item as it was, so the next poll redoes the change; rows written
 * before it are not served meanwhile, and a row left in a list the item left is dropped by every read.
 * Throws ItemTooLargeError, before writing anything, when the item's record would be over DynamoDB's item limit;
 * the SDK's error on a storage failure. Cost: ceil(item / 1 KB) + one write unit per row.
 */
export async function commitItemChange(ref: TableRef, change: ItemChange): Promise<boolean> {
  const { item } = change;
  if (!change.rowsOnly) assertItemFits(item, ref.retentionDays);
  // A new item's first row — a topic's, which polls of other sources carrying the article write too — is created
  // only where none is: when another poll is creating the same article (a shared one, first seen by several
  // sources at once), this poll stops at one write unit instead of writing every row and the item in vain. A row
  // left by a poll that failed before its item is overwritten in the next round (`overwrite`).
  const first = change.put.find((list) => list.startsWith("t:")) ?? change.put[0];
  const others = change.put.filter((list) => list !== first);
  if (change.expectedRev === null && first && !change.overwrite) {
    if (!(await putRowIf(ref, first, item, { create: true }))) return false;
  } else if (first) others.push(first);
  const written = await Promise.all(others.map((list) => putRowIf(ref, list, item)));
  if (change.rowsOnly) return true;
  if (written.includes(false)) return false;
  if (!(await putItemIf(ref, item, change.expectedRev))) return false;
  const sk = rowSortKey(change.removeAt ?? item.publishedAt, item.id);
  await Promise.all(change.remove.map((list) => deleteRowIf(ref, list, sk, item.rev)));
  return true;
}

/**
 * Puts (`item` given and `present`) or deletes the row at `sk` of `list`, as the item read (at its `rev`; null:
 * none stored) decides; false when a newer change of the item wrote that row meanwhile (its writer decides it).
 */
export function setRowFor(
  ref: TableRef,
  list: ListKey,
  row: { sk: string },
  item: StoredItem | null,
  present: boolean,
): Promise<boolean> {
  if (present && item) return putRowIf(ref, list, item);
  return deleteRowIf(ref, list, row.sk, item?.rev ?? 0);
}
