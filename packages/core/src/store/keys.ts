/**
 * Every key of Tributary's one table: the partition and sort key of each record kind, the values of the sparse
 * index, list keys, and the decoders that read them back. Nothing outside the store builds a key but through
 * these builders, and nothing parses one but through these decoders (docs/data-model.md, "Records").
 *
 * Records in use: items and first-seen marks (`I#`), list rows (`L#`), list versions (`M#`), source states
 * (`S#`), poll records (`P#polls`), markers (`X#`), WebSub subscriptions (`W#`, `WH#`), verification budgets
 * (`WR#`), pending deliveries (`D#pending`), stories (`G#`: summary and card), their postings (`K#`), members
 * (list `g:`) and page jobs (`I#<id>`, `J`, in the sparse index under `pages`).
 */
import { createHash } from "node:crypto";
import type { FeedFormat, FeedRef } from "../urls.ts";
import type { ListKey } from "./records.ts";
import { TABLE_KEYS } from "./table.ts";

/** A record's primary key. */
export interface Key {
  pk: string;
  sk: string;
}

const INDEX = TABLE_KEYS.indexes.due;

// ——— Items ———

/** Key of an item record (the article, the truth every list row points to). */
export const itemKey = (id: string): Key => ({ pk: `I#${id}`, sk: "I" });
/** Key of the first-seen mark (reservation and tombstone) of an undated article. */
export const firstSeenKey = (id: string): Key => ({ pk: `I#${id}`, sk: "T" });

/** What a record read by key is, from its key: an item, a first-seen mark, a source state, or something else. */
export type KeyKind = "item" | "first-seen" | "source" | "other";

/**
 * The kind and id a record's key names, for reads that fetch several kinds in one BatchGetItem.
 * @example decodeKey({ pk: "I#abc", sk: "T" }) // { kind: "first-seen", id: "abc" }
 */
export function decodeKey(record: Record<string, unknown>): { kind: KeyKind; id: string } {
  const pk = String(record.pk);
  const id = pk.slice(pk.indexOf("#") + 1);
  if (pk.startsWith("I#")) return { kind: record.sk === "I" ? "item" : record.sk === "T" ? "first-seen" : "other", id };
  if (pk.startsWith("S#") && record.sk === "S") return { kind: "source", id };
  return { kind: "other", id };
}

// ——— Lists ———

/** List key of a topic. */
export const topicList = (slug: string): ListKey => `t:${slug}`;
/** List key of a source. */
export const sourceList = (id: string): ListKey => `s:${id}`;
/** List key of a story's members: one row per item of the story (`L#g:<story id>`, `<publishedAt>#<item id>`). */
export const storyList = (storyId: string): ListKey => `g:${storyId}`;

/**
 * List key of a story-grouped topic's entries: one row per story with an item in the topic, at its entry's sort key
 * (`L#e:<slug>`, `<publishedAt>#<entry item id>`; the entry is the story's earliest-stored item in the topic).
 */
export const entryList = (slug: string): ListKey => `e:${slug}`;

const LIST_KINDS = { t: "topic", s: "source", g: "story", e: "entries" } as const;

/**
 * What a list key names: a topic (`t:<slug>`), a source (`s:<id>`), a story's members (`g:<id>`) or a grouped
 * topic's entries (`e:<slug>`).
 * @example decodeList("t:ukraine-war") // { kind: "topic", id: "ukraine-war" }
 */
export function decodeList(list: ListKey): { kind: "topic" | "source" | "story" | "entries"; id: string } {
  return { kind: LIST_KINDS[list[0] as keyof typeof LIST_KINDS], id: list.slice(2) };
}

/** The topic slug a list key names (its items' list, or its story entries'), or null for a source's (or story's) list. */
export function topicOfList(list: string): string | null {
  return list.startsWith("t:") || list.startsWith("e:") ? list.slice(2) : null;
}

/** Partition of a list's rows. */
export const listPartition = (list: ListKey): string => `L#${list}`;
/** Key of a list's version record. */
export const listVersionKey = (list: ListKey): Key => ({ pk: `M#${list}`, sk: "M" });

/** Sort key of a row in a list: newest first when read backwards, ties by id (ids are URL-safe: never `#`). */
export const rowSortKey = (publishedAt: string, id: string): string => `${publishedAt}#${id}`;

/** What a row's sort key holds: when its item was published (ISO) and the item's id. */
export function decodeRowSortKey(sk: string): { publishedAt: string; id: string } {
  const at = sk.indexOf("#");
  return { publishedAt: sk.slice(0, at), id: sk.slice(at + 1) };
}

/** A row sort key as `rowSortKey` writes it (ISO 8601 UTC with milliseconds, `#`, a URL-safe id). */
export const ROW_SORT_KEY = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z#[A-Za-z0-9_-]{1,128}$/;
/** Sorts after every row sort key: the upper bound of a list read from its newest row. */
export const ROWS_END = "9999";
/** Sorts before every row sort key: the lower bound of a whole list. */
export const ROWS_START = "0";
/** The lower bound of rows published strictly after `iso`: `<iso>#~` sorts after every id at that instant. */
export const rowsAfter = (iso: string): string => `${iso}#~`;

// ——— Source states and the schedule ———

/** Key of a source's state record. */
export const sourceKey = (id: string): Key => ({ pk: `S#${id}`, sk: "S" });

/** Partition value of the held-back sources (failing, gone) in the sparse index. */
export const HELD = "held";
/** Sort key of a gone source in the held index: after every ISO time, so never due. */
const GONE = "~gone";

/**
 * The sparse-index attributes of a held-back source: under `held`, sorted by its next fetch time (ISO), or
 * after every time when it is gone (`nextFetchAt` null).
 */
export const heldEntry = (nextFetchAt: string | null): Record<string, string> => ({
  [INDEX.partitionKey]: HELD,
  [INDEX.sortKey]: nextFetchAt ?? GONE,
});

/** The next fetch time (ISO) a held index entry holds; null for a gone source (never due). */
export function decodeHeldEntry(row: Record<string, unknown>): { id: string; nextFetchAt: string | null } {
  const at = String(row[INDEX.sortKey]);
  return { id: decodeKey(row).id, nextFetchAt: at === GONE ? null : at };
}

/**
 * Partition of the poll records: one record per cycle (or worker batch) listing the healthy sources it polled,
 * with each one's interval and next fetch (`interval`, `next`: id → minutes, id → ISO), so adapting writes nothing
 * of a source's own; the due lookup reads the records of the last `maxMinutes` (`pollRecordsAfter`), never the
 * configured sources.
 */
export const POLLS = "P#polls";
/** Key of a poll record: sorted by when its cycle was scheduled (ISO), `nonce` keeping concurrent ones apart. */
export const pollRecordKey = (at: string, nonce: string): Key => ({ pk: POLLS, sk: `${at}#${nonce}` });
/** The lower bound of the poll records scheduled strictly after `iso`. */
export const pollRecordsAfter = (iso: string): string => `${iso}#~`;

/** Key of a named marker (small values a cycle keeps, such as the fingerprint of the configured sources). */
export const markerKey = (name: string): Key => ({ pk: `X#${name}`, sk: "X" });
/** The key `/health` reads to see that the table answers: never written. */
export const PING_KEY: Key = markerKey("ping");

// ——— WebSub ———

/** The formats a topic feed is served in, as subscriptions and deliveries name them. */
export type { FeedFormat };

/**
 * Short stable id of a subscription, for sort keys (callbacks may be longer than a sort key may be):
 * `<format>#<hash>` of the default view, `<format>.<group>#<hash>` of another (`rss.none#…`), the hash over slug,
 * format, callback and that group, so a feed's `group=none` view is a subscription of its own.
 */
export function subscriptionId(feed: FeedRef, callback: string): string {
  const view = feed.group ? `.${feed.group}` : "";
  const hashed = `${feed.slug}\n${feed.format}\n${callback}${feed.group ? `\n${feed.group}` : ""}`;
  const hash = createHash("sha256").update(hashed).digest("base64url").slice(0, 22);
  return `${feed.format}${view}#${hash}`;
}
/** Partition of a topic's subscriptions (every feed and view of it). */
export const subscriptionPartition = (slug: string): string => `W#${slug}`;
/** Key of a subscription (one per topic feed, view and callback). */
export const subscriptionKey = (feed: FeedRef, callback: string): Key => ({
  pk: subscriptionPartition(feed.slug),
  sk: subscriptionId(feed, callback),
});
/** Partition of the subscriptions whose callback is on `host` (the per-host cap). */
export const callbackHostPartition = (host: string): string => `WH#${host.toLowerCase()}`;
/** Key of a subscription's callback-host record. */
export const callbackHostKey = (host: string, feed: FeedRef, callback: string): Key => ({
  pk: callbackHostPartition(host),
  sk: `${feed.slug}#${subscriptionId(feed, callback)}`,
});
/** Key of the registry of every topic that has had subscriptions. */
export const SUBSCRIBED_TOPICS_KEY: Key = markerKey("websub-topics");
/** Key of a host's verification budget in the fixed window starting at `windowStart` (epoch ms). */
export const budgetKey = (host: string, windowStart: number): Key => ({
  pk: `WR#${host.toLowerCase()}`,
  sk: String(windowStart),
});

/** Partition of the pending deliveries (the due ones are one Query). */
export const DELIVERIES = "D#pending";
/** The delivery id of a subscription: `<slug>#<subscription id>`, one per subscription. */
export const deliveryId = (feed: FeedRef, callback: string): string => `${feed.slug}#${subscriptionId(feed, callback)}`;
/** Key of a pending delivery. */
export const deliveryKey = (id: string): Key => ({ pk: DELIVERIES, sk: id });

// ——— Stories ———

/**
 * Key of a story's summary: what grouping compares a new item with (its first item's `publishedAt`, size,
 * version, host filter, term profile, the last item written into it). The story's id is its first item's.
 */
export const storySummaryKey = (storyId: string): Key => ({ pk: `G#${storyId}`, sk: "G" });
/**
 * Key of a story's card, beside its summary: what lists show of a story of two items or more (its size, its
 * members' dates for retention, its newest members for `others`, its entry in each grouped topic).
 */
export const storyCardKey = (storyId: string): Key => ({ pk: `G#${storyId}`, sk: "C" });
/**
 * Key of a posting: the stories that items of UTC day `day` (`YYYY-MM-DD`) posted under a lookup term. A new item
 * reads its terms' postings of its day and the days either side with one Query per term (`storyTermPartition`,
 * sort key between two days): candidate lookup by keys, never a Scan.
 */
export const postingKey = (term: string, day: string): Key => ({ pk: storyTermPartition(term), sk: day });
/** Partition of a lookup term's postings, one record per day. */
export const storyTermPartition = (term: string): string => `K#${term}`;
/** The UTC day (`YYYY-MM-DD`) a posting's key names. */
export const decodePostingKey = (record: Record<string, unknown>): { term: string; day: string } => ({
  term: String(record.pk).slice(2),
  day: String(record.sk),
});
/** What a story record read by key is: its summary, its card, or something else; and the story's id. */
export function decodeStoryKey(record: Record<string, unknown>): { kind: "summary" | "card" | "other"; id: string } {
  const pk = String(record.pk);
  const kind = !pk.startsWith("G#") ? "other" : record.sk === "G" ? "summary" : record.sk === "C" ? "card" : "other";
  return { kind, id: pk.slice(2) };
}

// ——— Page jobs (full text) ———

/** Partition value of pending page jobs in the sparse index. */
export const PAGES = "pages";
/**
 * Key of an item's page job: an article page fetch pending for the item, kept beside it, with its URL and
 * attempts. While pending it is in the sparse index under `pages`, by when it is due.
 */
export const pageJobKey = (itemId: string): Key => ({ pk: `I#${itemId}`, sk: "J" });
/**
 * The sparse-index attributes of a pending page job due at `dueAt` (ISO): `<dueAt>#<source id>#<item id>`, so the
 * due jobs of some sources are told from the index's keys alone (source ids never hold `#`).
 */
export const pageJobEntry = (dueAt: string, sourceId: string, itemId: string): Record<string, string> => ({
  [INDEX.partitionKey]: PAGES,
  [INDEX.sortKey]: `${dueAt}#${sourceId}#${itemId}`,
});
/** When a page job read from the sparse index is due (ISO), for which source and which item. */
export function decodePageJobEntry(row: Record<string, unknown>): { dueAt: string; sourceId: string; itemId: string } {
  const { publishedAt, id } = decodeRowSortKey(String(row[INDEX.sortKey]));
  const at = id.indexOf("#");
  return { dueAt: publishedAt, sourceId: id.slice(0, at), itemId: id.slice(at + 1) };
}
