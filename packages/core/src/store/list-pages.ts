/**
 * Pages of a list: a Query of its rows (newest first, `q` and the filters applied to their search text), then
 * one BatchGetItem of the items they point to. The item is the truth: a row is served only while its item is
 * stored, committed, still in the list and still at the row's sort key, so a row left behind by a poll that lost
 * a race or failed half-way is never shown.
 */
import type { QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import type { Item } from "../item.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { fromItemRecord } from "./item-record.ts";
import {
  decodeKey,
  decodeList,
  decodeRowSortKey,
  itemKey,
  listPartition,
  ROWS_END,
  ROWS_START,
  rowSortKey,
  rowsAfter,
  sourceKey,
} from "./keys.ts";
import type { TableKit } from "./kit.ts";
import { searchText } from "./list-rows.ts";
import { type ListKey, type SourceState, type StoredItem, toItem } from "./records.ts";
import { stateOf } from "./source-record.ts";

/** A page of a list. */
export interface ListPage {
  items: Item[];
  nextCursor: string | null;
}

/** What to read of a list. */
export interface ListQuery {
  limit: number;
  cursor?: string | null;
  /** ISO; only items published strictly after. */
  since?: string | null;
  /** Lower-cased substring of title or summary; looks through at most `searchDepth` rows. */
  q?: string | null;
  /**
   * Keep only items this keeps (the `filter` and `filterout` parameters, compiled by `listFilter` of
   * `@tributary/core/terms`); like `q`, looks through at most `searchDepth` rows.
   */
  filter?: { passes(item: Item): boolean } | null;
  /** ISO; rows published before are expired and never shown. */
  cutoff: string;
}

/** How a page is checked against the items, and what else its one BatchGetItem may fetch. */
export interface PageOptions {
  /**
   * Whether a stored item is (still) in the list, as the configuration decides (a topic's sources and filters).
   * A source's list always checks that the item lists the source.
   */
  belongs?: (item: StoredItem) => boolean;
  /** Source ids whose states are read in the same BatchGetItem as the page's items (returned in `sourceStates`). */
  sourceStates?: string[];
}

/** Rows `q`, `filter` and `filterout` may look through (the newest 1,000 of a list, as the README promises). */
const SEARCH_DEPTH = 1000;
/** Rows a searching Query reads at once. */
const SEARCH_PAGE = 250;

/**
 * The FilterExpression of `q` on the lower-cased `search` attribute; null without `q`. Terms (`filter`) are
 * judged on the items: rows' search text is not folded as terms fold words.
 */
function searchFilter(query: ListQuery): { expression: string; values: Record<string, string> } | null {
  if (!query.q) return null;
  return { expression: "contains(#search, :q)", values: { ":q": query.q.toLowerCase() } };
}

/** `q` on an item's own text (a row's search text may predate the item's), and the terms of `filter`. */
function matches(query: ListQuery, item: Item): boolean {
  if (query.q && !searchText(item).includes(query.q.toLowerCase())) return false;
  return !query.filter || query.filter.passes(item);
}

/** Whether the row at `sk` of `list` is to be served: its item stored, committed, in the list and at that key. */
function serves(list: ListKey, sk: string, item: StoredItem | undefined, query: ListQuery, options: PageOptions) {
  if (!item || item.pending || rowSortKey(item.publishedAt, item.id) !== sk) return false;
  const { kind, id } = decodeList(list);
  if (kind === "source" && !(item.sources ?? []).includes(id)) return false;
  if (options.belongs && !options.belongs(item)) return false;
  return matches(query, item);
}

/** The Query of a list's row keys between `lower` and `upper`, newest first, with the search filter when there is one. */
function rowsQuery(list: ListKey, lower: string, upper: string, search: ReturnType<typeof searchFilter>) {
  const input: Omit<QueryCommandInput, "TableName"> = {
    KeyConditionExpression: "pk = :pk AND sk BETWEEN :lo AND :hi",
    ExpressionAttributeValues: { ":pk": listPartition(list), ":lo": lower, ":hi": upper, ...search?.values },
    ScanIndexForward: false,
    ProjectionExpression: "sk",
  };
  if (search) {
    input.FilterExpression = search.expression;
    input.ExpressionAttributeNames = { "#search": "search" };
  }
  return input;
}

/**
 * A page of a list, newest first, never showing expired rows: one Query and one BatchGetItem unless rows are
 * dropped (then the next rows are read) or `q`/filters search deeper (at most the newest 1,000 rows).
 * @throws InvalidCursorError when the cursor is malformed, tampered with or from another list; the SDK's error
 *   on a storage failure.
 */
export async function queryList(
  kit: TableKit,
  list: ListKey,
  query: ListQuery,
  options: PageOptions = {},
): Promise<ListPage & { sourceStates?: Map<string, SourceState> }> {
  const upper = query.cursor ? decodeCursor(list, query.cursor) : ROWS_END;
  const since = query.since ? rowsAfter(query.since) : "";
  // The latest of the three sort keys (strings: compared as strings, not as numbers).
  const lower = [since, query.cutoff, ROWS_START].sort().at(-1) as string;
  let stateIds = options.sourceStates ?? [];
  let sourceStates: Map<string, SourceState> | undefined;
  // `since` at or after the cursor (or far in the future) leaves nothing between the bounds; DynamoDB
  // refuses a BETWEEN whose lower bound is above its upper one.
  if (lower > upper) return { items: [], nextCursor: null };
  const search = searchFilter(query);
  const searching = search !== null || Boolean(query.filter);
  const input = rowsQuery(list, lower, upper, search);
  const items: Item[] = [];
  let last = "";
  let more = false;
  let examined = 0;
  /** Reads the items of `sks` (and the source states asked, once) and keeps those served; true once one more is found. */
  const resolve = async (sks: string[]): Promise<boolean> => {
    const keys = [...sks.map((sk) => itemKey(decodeRowSortKey(sk).id)), ...stateIds.map(sourceKey)];
    const found = new Map<string, StoredItem>();
    const states = stateIds.length > 0 ? new Map<string, SourceState>() : null;
    for (const record of await kit.batchGet(keys)) {
      const { kind, id } = decodeKey(record);
      if (kind === "item") found.set(id, fromItemRecord(record));
      else if (kind === "source") states?.set(id, stateOf(record));
    }
    if (states) sourceStates = states;
    stateIds = [];
    for (const sk of sks) {
      const item = found.get(decodeRowSortKey(sk).id);
      if (!serves(list, sk, item, query, options)) continue;
      if (items.length === query.limit) return true;
      items.push(toItem(item as StoredItem));
      last = sk;
    }
    return false;
  };
  const pageSize = searching ? SEARCH_PAGE : query.limit + 2;
  for await (const page of kit.query(input, pageSize)) {
    examined += page.ScannedCount ?? 0;
    const sks = (page.Items ?? []).map((row) => String(row.sk)).filter((sk) => sk !== upper);
    for (let at = 0; at < sks.length && !more; ) {
      const chunk = sks.slice(at, at + query.limit + 1 - items.length);
      at += chunk.length;
      more = await resolve(chunk);
    }
    if (more || (searching && examined >= SEARCH_DEPTH)) break;
  }
  if (stateIds.length > 0) await resolve([]);
  const nextCursor = more && last ? encodeCursor(list, last) : null;
  return sourceStates ? { items, nextCursor, sourceStates } : { items, nextCursor };
}
