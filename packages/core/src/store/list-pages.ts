/**
 * Pages of a list: a Query of its rows (newest first, `q` and the filters applied to their search text), then
 * one BatchGetItem of the items they point to. The item is the truth: a row is served only while its item is
 * stored, committed, still in the list and still at the row's sort key, so a row left behind by a poll that lost
 * a race or failed half-way is never shown.
 */
import type { QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import type { Article, Item, StoryOther } from "../item.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { fromItemRecord } from "./item-record.ts";
import type { Key } from "./keys.ts";
import {
  decodeKey,
  decodeList,
  decodeRowSortKey,
  decodeStoryKey,
  itemKey,
  listPartition,
  ROWS_END,
  ROWS_START,
  rowSortKey,
  rowsAfter,
  sourceKey,
  storyCardKey,
} from "./keys.ts";
import type { Row, TableKit } from "./kit.ts";
import { searchText } from "./list-rows.ts";
import { type ListKey, type SourceState, type StoredItem, toItem } from "./records.ts";
import { stateOf } from "./source-record.ts";
import { cardOf, cardSize, type StoryCard } from "./story-cards.ts";

/**
 * The `publishedAt`s a page depends on through retention (ISO 8601 UTC), so that its validators can change the moment
 * its content does (`pageRetention` of `@tributary/core/config`), with no sweep having moved the list's version yet.
 */
export interface PageDates {
  /**
   * The oldest date the page shows or counts: a row served, the served row after the page that makes `nextCursor`,
   * a member counted in a served story's `size`. When it passes the cutoff the page changes; null when it counts none.
   */
  oldestKept: string | null;
  /**
   * The newest date the page would show or count but for the cutoff: the newest row past it that no sweep has
   * removed yet (read only when the page reaches the cutoff), a member of a served story no longer counted. When it
   * passed the cutoff the page last changed by retention; null when none.
   */
  newestExpired: string | null;
}

/** A page of a list. */
export interface ListPage {
  items: Item[];
  nextCursor: string | null;
  /** What its content depends on through retention. */
  dates: PageDates;
}

/** Widens `dates` to hold `date`: the oldest kept, or the newest expired, as `date` falls beside `cutoff`. */
function count(dates: PageDates, date: string, cutoff: string): void {
  if (date >= cutoff) {
    if (dates.oldestKept === null || date < dates.oldestKept) dates.oldestKept = date;
  } else if (dates.newestExpired === null || date > dates.newestExpired) {
    dates.newestExpired = date;
  }
}

/** Counts the dates of every member of `card` (its size and `others` follow them). */
function countMembers(dates: PageDates, card: StoryCard, cutoff: string): void {
  for (const offset of card.times) count(dates, new Date(card.firstAt + offset).toISOString(), cutoff);
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
  filter?: { passes(item: Article): boolean } | null;
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

/**
 * Rows `q`, `filter` and `filterout` look through in one page: `q` the newest 1,000 of a list and no more (SPEC §4);
 * terms go on from there on the next page (`nextCursor`), so a page may hold fewer items than `limit`, none even.
 */
const SEARCH_DEPTH = 1000;
/** Other items of a story a grouped entry names (SPEC §4, Stories in lists). */
export const OTHERS_MAX = 10;
/** Rows a searching Query reads at once. */
const SEARCH_PAGE = 250;
/** Rows whose items a search reads in one BatchGetItem (its most keys). */
const SEARCH_CHUNK = 100;

/**
 * The FilterExpression of `q` on the lower-cased `search` attribute; null without `q`. Terms (`filter`) are
 * judged on the items: rows' search text is not folded as terms fold words.
 */
function searchFilter(query: ListQuery): { expression: string; values: Record<string, string> } | null {
  if (!query.q) return null;
  return { expression: "contains(#search, :q)", values: { ":q": query.q.toLowerCase() } };
}

/** `q` on an item's own text (a row's search text may predate the item's), and the terms of `filter`. */
function matches(query: ListQuery, item: Article): boolean {
  if (query.q && !searchText(item).includes(query.q.toLowerCase())) return false;
  return !query.filter || query.filter.passes(item);
}

/**
 * Whether `item` is its story's entry in the grouped topic `slug`: the one its story's card names there, or, for a
 * story without a card (a story of one), the story's own item.
 */
function isEntry(slug: string, item: StoredItem, card: StoryCard | undefined): boolean {
  return card ? card.entries[slug] === item.id : (item.story ?? item.id) === item.id;
}

/** Whether the row at `sk` of `list` is to be served: its item stored, committed, in the list and at that key. */
function serves(list: ListKey, sk: string, item: StoredItem | undefined, query: ListQuery, options: PageOptions) {
  if (!item || item.pending || rowSortKey(item.publishedAt, item.id) !== sk) return false;
  const { kind, id } = decodeList(list);
  if (kind === "source" && !(item.sources ?? []).includes(id)) return false;
  // A story's member rows: the item names the story (a row left by a decision taken back is not served).
  if (kind === "story" && (item.story ?? item.id) !== id) return false;
  if (options.belongs && !options.belongs(item)) return false;
  return matches(query, item);
}

/** The Query of a list's rows (sort key and story) between `lower` and `upper`, newest first, with the search filter when there is one. */
function rowsQuery(list: ListKey, lower: string, upper: string, search: ReturnType<typeof searchFilter>) {
  const input: Omit<QueryCommandInput, "TableName"> = {
    KeyConditionExpression: "pk = :pk AND sk BETWEEN :lo AND :hi",
    ExpressionAttributeValues: { ":pk": listPartition(list), ":lo": lower, ":hi": upper, ...search?.values },
    ScanIndexForward: false,
    ProjectionExpression: "sk, #story, #card",
    ExpressionAttributeNames: { "#story": "story", "#card": "card" },
  };
  if (search) {
    input.FilterExpression = search.expression;
    input.ExpressionAttributeNames = { ...input.ExpressionAttributeNames, "#search": "search" };
  }
  return input;
}

/** What a page reads with its items in one BatchGetItem: records by kind. */
interface PageRecords {
  items: Map<string, StoredItem>;
  cards: Map<string, StoryCard>;
  states: Map<string, SourceState>;
}

/** Reads items, story cards and source states in one BatchGetItem (100 keys a request). */
async function readRecords(kit: TableKit, keys: Key[]): Promise<PageRecords> {
  const out: PageRecords = { items: new Map(), cards: new Map(), states: new Map() };
  for (const record of await kit.batchGet(keys)) {
    const story = decodeStoryKey(record);
    if (story.kind === "card") {
      out.cards.set(story.id, cardOf(record));
      continue;
    }
    const { kind, id } = decodeKey(record);
    if (kind === "item") out.items.set(id, fromItemRecord(record));
    else if (kind === "source") out.states.set(id, stateOf(record));
  }
  return out;
}

/**
 * The other items of a grouped entry's story, newest first: up to `OTHERS_MAX` of its card's newest members within
 * retention, the entry left out (`sourceTitle` is the reader's to fill: null here).
 */
function othersOf(item: StoredItem, card: StoryCard | undefined, cutoff: string): StoryOther[] {
  if (!card) return [];
  return card.members
    .filter((member) => member.id !== item.id && member.publishedAt >= cutoff)
    .slice(0, OTHERS_MAX)
    .map((member) => ({ ...member, sourceTitle: null }));
}

/**
 * A page of a list, newest first, never showing expired rows: one Query and one BatchGetItem (the items, and the
 * cards of their stories, which rows name) unless rows are dropped (then the next rows are read) or `q`/filters
 * search deeper (at most 1,000 rows: `SEARCH_DEPTH`). Each item's `story.size` is its card's within retention (1 for a
 * story of one).
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
  // The later of the two sort keys (strings: compared as strings, not as numbers). The cutoff is not a bound of the
  // Query: the newest row past it that no sweep has removed yet is read, to date the page's last change (`dates`).
  const lower = [since, ROWS_START].sort().at(-1) as string;
  const cutoff = query.cutoff;
  const dates: PageDates = { oldestKept: null, newestExpired: null };
  let stateIds = options.sourceStates ?? [];
  let sourceStates: Map<string, SourceState> | undefined;
  // `since` at or after the cursor (or far in the future) leaves nothing between the bounds; DynamoDB
  // refuses a BETWEEN whose lower bound is above its upper one.
  if (lower > upper) return { items: [], nextCursor: null, dates };
  const entriesOf = decodeList(list).kind === "entries" ? decodeList(list).id : null;
  const search = searchFilter(query);
  const searching = search !== null || Boolean(query.filter);
  const input = rowsQuery(list, lower, upper, search);
  const items: Item[] = [];
  let last = "";
  let more = false;
  let examined = 0;
  /**
   * Reads the items of `rows` with their stories' cards (and the source states asked, once) and keeps those served;
   * true once one more is found.
   */
  const resolve = async (rows: Row[]): Promise<boolean> => {
    const sks = rows.map((row) => String(row.sk));
    // A story entry's row names its story's card only when the story has one (a story of one has none); other rows
    // name every item's story.
    const hasCard = (row: Row) =>
      entriesOf === null || row.card === true || row.story !== decodeRowSortKey(String(row.sk)).id;
    const stories = new Set(rows.flatMap((row) => (typeof row.story === "string" && hasCard(row) ? [row.story] : [])));
    const keys = [
      ...sks.map((sk) => itemKey(decodeRowSortKey(sk).id)),
      ...[...stories].map(storyCardKey),
      ...stateIds.map(sourceKey),
    ];
    const found = await readRecords(kit, keys);
    if (stateIds.length > 0) sourceStates = found.states;
    stateIds = [];
    const candidates: { sk: string; item: StoredItem }[] = [];
    for (const sk of sks) {
      const item = found.items.get(decodeRowSortKey(sk).id);
      if (serves(list, sk, item, query, options)) candidates.push({ sk, item: item as StoredItem });
    }
    // A row's story is a hint written with the row: an item whose story is another reads that story's card too.
    const hinted = new Set(rows.flatMap((row) => (typeof row.story === "string" ? [row.story] : [])));
    const missing = candidates.flatMap(({ item }) => (item.story && !hinted.has(item.story) ? [item.story] : []));
    if (missing.length > 0) {
      for (const [id, card] of (await readRecords(kit, [...new Set(missing)].map(storyCardKey))).cards) {
        found.cards.set(id, card);
      }
    }
    const cardOfItem = (item: StoredItem) => (item.story ? found.cards.get(item.story) : undefined);
    for (const { sk, item } of candidates) {
      const card = cardOfItem(item);
      if (entriesOf !== null && !isEntry(entriesOf, item, card)) continue;
      // The row after the page counts too: when it leaves, so does `nextCursor` (all older rows left before it).
      count(dates, item.publishedAt, cutoff);
      if (items.length === query.limit) {
        more = true;
        break;
      }
      const served = toItem(item, card ? cardSize(card, cutoff) : 1);
      if (card) countMembers(dates, card, cutoff);
      if (entriesOf !== null) served.story.others = othersOf(item, card, cutoff);
      items.push(served);
      last = sk;
    }
    return more;
  };
  const pageSize = searching ? SEARCH_PAGE : query.limit + 2;
  let expired = false;
  /** Where a search by terms that looked through `SEARCH_DEPTH` rows stops, when rows are left to look through. */
  let resumeAt: string | null = null;
  for await (const page of kit.query(input, pageSize)) {
    examined += page.ScannedCount ?? 0;
    const read = ((page.Items ?? []) as Row[]).filter((row) => String(row.sk) !== upper);
    // Rows come newest first: those past the cutoff end the list; the first of them is the newest expired.
    const past = read.findIndex((row) => String(row.sk) < cutoff);
    const rows = past === -1 ? read : read.slice(0, past);
    for (let at = 0; at < rows.length && !more; ) {
      // A search reads its rows' items a hundred at a time: one BatchGetItem, whatever `limit` is.
      const chunk = rows.slice(at, at + (searching ? SEARCH_CHUNK : query.limit + 1 - items.length));
      at += chunk.length;
      more = await resolve(chunk);
    }
    if (past !== -1 && !more) {
      count(dates, decodeRowSortKey(String(read[past]?.sk)).publishedAt, cutoff);
      expired = true;
    }
    if (more || expired) break;
    if (searching && examined >= SEARCH_DEPTH) {
      // `q` looks through the newest 1,000 rows and no further (SPEC §4). Terms look through the whole list, a
      // bounded stretch a page: the next page goes on from the last row this one looked at.
      const lastLooked = page.LastEvaluatedKey ? String(page.LastEvaluatedKey.sk) : null;
      if (!query.q && lastLooked !== null) resumeAt = lastLooked;
      // What the page looked through ends at that row: when it leaves, the stretch (and what it finds) moves.
      if (lastLooked !== null) count(dates, decodeRowSortKey(lastLooked).publishedAt, cutoff);
      break;
    }
  }
  if (stateIds.length > 0) await resolve([]);
  const nextCursor = more && last ? encodeCursor(list, last) : resumeAt ? encodeCursor(list, resumeAt) : null;
  return sourceStates ? { items, nextCursor, dates, sourceStates } : { items, nextCursor, dates };
}
