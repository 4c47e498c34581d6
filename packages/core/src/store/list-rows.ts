/**
 * List rows (`L#<list>`): one thin row per item in each list (topic or source) it is in. A row holds its sort key
 * (`<publishedAt>#<id>`), the lower-cased title and summary (`search`, for `q`, `filter` and `filterout`), the
 * `rev` of the item write that wrote it and its TTL; the item itself is read from its own record.
 */
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Article } from "../item.ts";
import { decodeRowSortKey, listPartition, ROWS_START, rowSortKey } from "./keys.ts";
import { DAY_S, expiresAt, type Row, type TableKit } from "./kit.ts";
import type { ListKey } from "./records.ts";

/** A row as the store reads it back: where it sits, the item it points to (and when that was published) and its search text. */
export interface ListRow {
  sk: string;
  id: string;
  publishedAt: string;
  search: string;
  /** The story its item named when the row was written (absent on rows written before stories). */
  story?: string;
}

/** What `q` and the filters look through: the item's title and summary, lower-cased, joined by a newline. */
export function searchText(item: Pick<Article, "title" | "summary">): string {
  return `${item.title ?? ""}\n${item.summary ?? ""}`.toLowerCase();
}

/**
 * The row of `item` in `list`: about 100 bytes plus its search text, and the id of its story when it has one (so a
 * page reads the story's card in the same BatchGetItem as the item); its TTL is `retentionDays` after publishing.
 */
export function listRow(
  list: ListKey,
  item: Article & { rev?: number; story?: string; storyCard?: boolean },
  retentionDays: number,
): Row {
  const row: Row = {
    pk: listPartition(list),
    sk: rowSortKey(item.publishedAt, item.id),
    search: searchText(item),
    rev: item.rev ?? 0,
    story: item.story,
    expiresAt: expiresAt(item.publishedAt, retentionDays * DAY_S),
  };
  // A story entry's row says when its story has a card: a page reads only those cards with its items.
  if (item.storyCard) row.card = true;
  return row;
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

/**
 * Puts `item`'s row (at its `rev`) in `list` unless a newer write put one (with `create`: unless any row is
 * there); false then. One write unit. A story entry's row that says its story has a card keeps saying so: a story's
 * card, once written, stays while the story has an entry, and a writer that read no card read before it was written
 * (another poll's join) — so such a row is put again with the mark (a second write unit, only then).
 */
export async function putRowIf(
  kit: TableKit,
  list: ListKey,
  item: Article & { rev: number; story?: string; storyCard?: boolean },
  options: { create?: boolean } = {},
): Promise<boolean> {
  const put = (row: Row, condition: Record<string, unknown>) =>
    kit.sendIf(new PutCommand({ TableName: kit.name, Item: row, ...condition }));
  const row = listRow(list, item, kit.retentionDays);
  if (options.create) return put(row, { ConditionExpression: "attribute_not_exists(pk)" });
  if (item.storyCard || !list.startsWith("e:")) return put(row, notNewer(item.rev));
  const unmarked = notNewer(item.rev);
  if (
    await put(row, {
      ...unmarked,
      ConditionExpression: `(${unmarked.ConditionExpression}) AND attribute_not_exists(card)`,
    })
  )
    return true;
  return put({ ...row, card: true }, unmarked);
}

/** Deletes the row at `sk` of `list` unless a write newer than `rev` put it; false then. */
export function deleteRowIf(kit: TableKit, list: ListKey, sk: string, rev: number): Promise<boolean> {
  return kit.sendIf(new DeleteCommand({ TableName: kit.name, Key: { pk: listPartition(list), sk }, ...notNewer(rev) }));
}

/** Every row of a list whose sort key is at least `from` (all when empty), oldest first: Query pages. */
export async function rowsOf(kit: TableKit, list: ListKey, from = ""): Promise<ListRow[]> {
  const rows = await kit.queryAll({
    KeyConditionExpression: "pk = :pk AND sk >= :lo",
    ExpressionAttributeValues: { ":pk": listPartition(list), ":lo": from || ROWS_START },
    ProjectionExpression: "sk, #search, #story",
    ExpressionAttributeNames: { "#search": "search", "#story": "story" },
  });
  return rows.map((row) => {
    const sk = String(row.sk);
    const read: ListRow = { sk, ...decodeRowSortKey(sk), search: String(row.search ?? "") };
    if (typeof row.story === "string") read.story = row.story;
    return read;
  });
}

/** Sort keys of the rows of a list published before `cutoff`: expired, to be removed. */
export async function expiredRowKeys(kit: TableKit, list: ListKey, cutoff: string): Promise<string[]> {
  const rows = await kit.queryAll({
    KeyConditionExpression: "pk = :pk AND sk < :cutoff",
    ExpressionAttributeValues: { ":pk": listPartition(list), ":cutoff": cutoff },
    ProjectionExpression: "sk",
  });
  return rows.map((row) => String(row.sk));
}
