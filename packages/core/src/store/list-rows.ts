/**
 * List rows: thin pointers to items, one per list an item is in. A row holds its sort key
 * (`<publishedAt>#<id>`), the lower-cased title and summary (`search`, for `q`, `filter` and `filterout`), the
 * `rev` of the item write that wrote it and its TTL; the item itself is read from its own record.
 */
import { DeleteCommand, PutCommand, paginateQuery } from "@aws-sdk/lib-dynamodb";
import type { Item } from "../item.ts";
import { batchWrite } from "./batch.ts";
import { listPartition, rowItemId, rowSortKey } from "./keys.ts";
import type { ListKey } from "./records.ts";
import type { TableRef } from "./table-ref.ts";

const DAY_S = 86_400;
const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** A row as the store reads it back: where it sits, the item it points to and its search text. */
export interface ListRow {
  sk: string;
  id: string;
  search: string;
}

/** What `q` and the filters look through: the item's title and summary, lower-cased, joined by a newline. */
export function searchText(item: Pick<Item, "title" | "summary">): string {
  return `${item.title ?? ""}\n${item.summary ?? ""}`.toLowerCase();
}

/** The row of `item` in `list`: about 100 bytes plus its search text; its TTL is `retentionDays` after publishing. */
export function listRow(list: ListKey, item: Item & { rev?: number }, retentionDays: number): Record<string, unknown> {
  return {
    pk: listPartition(list),
    sk: rowSortKey(item.publishedAt, item.id),
    search: searchText(item),
    rev: item.rev ?? 0,
    expiresAt: epochSeconds(item.publishedAt) + retentionDays * DAY_S,
  };
}

/**
 * A row write is applied only over a row from the same or an older item write (or one stored before rows had a
 * `rev`): a slow writer never puts older search text over a newer row, nor deletes a row a later write put back.
 */
const notNewer = (rev: number) => ({
  ConditionExpression: "attribute_not_exists(#rev) OR #rev <= :rev",
  ExpressionAttributeNames: { "#rev": "rev" },
  ExpressionAttributeValues: { ":rev": rev },
});

function isConditionFailure(error: unknown): boolean {
  return (error as Error)?.name === "ConditionalCheckFailedException";
}

/**
 * Puts `item`'s row (at its `rev`) in `list` unless a newer write put one (with `create`: unless any row is
 * there); false then. One write unit.
 */
export async function putRowIf(
  ref: TableRef,
  list: ListKey,
  item: Item & { rev: number },
  options: { create?: boolean } = {},
): Promise<boolean> {
  const condition = options.create ? { ConditionExpression: "attribute_not_exists(pk)" } : notNewer(item.rev);
  try {
    await ref.doc.send(
      new PutCommand({ TableName: ref.table, Item: listRow(list, item, ref.retentionDays), ...condition }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Deletes the row at `sk` of `list` unless a write newer than `rev` put it; false then. */
export async function deleteRowIf(ref: TableRef, list: ListKey, sk: string, rev: number): Promise<boolean> {
  try {
    await ref.doc.send(
      new DeleteCommand({ TableName: ref.table, Key: { pk: listPartition(list), sk }, ...notNewer(rev) }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Puts rows of items in a list, unconditionally (BatchWriteItem, 25 a request): for fixtures and tools. */
export function putRows(ref: TableRef, list: ListKey, items: (Item & { rev?: number })[]): Promise<void> {
  return batchWrite(
    ref.doc,
    ref.table,
    items.map((item) => ({ PutRequest: { Item: listRow(list, item, ref.retentionDays) } })),
  );
}

/** Deletes rows of a list by sort key (BatchWriteItem, 25 a request). */
export function deleteRows(ref: TableRef, list: ListKey, sortKeys: string[]): Promise<void> {
  return batchWrite(
    ref.doc,
    ref.table,
    sortKeys.map((sk) => ({ DeleteRequest: { Key: { pk: listPartition(list), sk } } })),
  );
}

/** Every row of a list whose sort key is at least `from` (all when empty), oldest first: Query pages. */
export async function rowsOf(ref: TableRef, list: ListKey, from = ""): Promise<ListRow[]> {
  const out: ListRow[] = [];
  const pages = paginateQuery(
    { client: ref.doc },
    {
      TableName: ref.table,
      KeyConditionExpression: "pk = :pk AND sk >= :lo",
      ExpressionAttributeValues: { ":pk": listPartition(list), ":lo": from || "0" },
      ProjectionExpression: "sk, #search",
      ExpressionAttributeNames: { "#search": "search" },
    },
  );
  for await (const page of pages) {
    for (const row of page.Items ?? []) {
      const sk = String(row.sk);
      out.push({ sk, id: rowItemId(sk), search: String(row.search ?? "") });
    }
  }
  return out;
}

/** Sort keys of the rows of a list published before `cutoff`: expired, to be removed. */
export async function expiredRowKeys(ref: TableRef, list: ListKey, cutoff: string): Promise<string[]> {
  const out: string[] = [];
  const pages = paginateQuery(
    { client: ref.doc },
    {
      TableName: ref.table,
      KeyConditionExpression: "pk = :pk AND sk < :cutoff",
      ExpressionAttributeValues: { ":pk": listPartition(list), ":cutoff": cutoff },
      ProjectionExpression: "sk",
    },
  );
  for await (const page of pages) for (const row of page.Items ?? []) out.push(String(row.sk));
  return out;
}
