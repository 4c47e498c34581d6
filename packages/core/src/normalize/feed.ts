/** A parsed feed made into items: the feed's info as plain text, its items, and what the source state keeps. */
import { type Article, LANGUAGE_MAX, TITLE_MAX, URL_MAX } from "../item.ts";
import type { FeedInfo, ParsedFeed } from "../parse/index.ts";
import { normalizeEntry } from "./entry.ts";
import { collapse, htmlToText, truncate } from "./text.ts";
import { itemUrl } from "./url.ts";

/** What `normalizeFeed` (and `readFeed`) gives: the feed's info, its new or changed items, every entry's hash, and how many were skipped. */
export interface ReadFeed {
  info: FeedInfo;
  /** Items of the entries not in `knownEntries`, in the feed's order; an id repeating within the feed dropped. */
  items: Article[];
  /** One hash per entry kept (`MAX_ENTRIES`), in the feed's order; see `ParsedFeed.entryHashes`. */
  entryHashes: string[];
  /** Parallel to `entryHashes`: the item id of each entry read, null for each entry skipped as known. */
  entryIds: (string | null)[];
  /** Entries whose hash was in `knownEntries`: neither normalized nor sanitized, their stored items unchanged. */
  skipped: number;
}

/** Where a feed was read from, for its items: its source, its URL (relative links resolve against it), the time read. */
export interface FeedContext {
  url: string;
  sourceId: string | null;
  /** Dates entries without a usable date; default now. */
  now?: Date;
}

/**
 * Normalizes a parsed feed: the feed's info as plain text with an absolute link (its title within `TITLE_MAX`, a
 * link over `URL_MAX` or a language over `LANGUAGE_MAX` dropped), and its entries as items in the feed's own
 * order, an item whose id repeats within the feed dropped (the first wins). Entries the parse skipped as known
 * count in `skipped`.
 * @example const { info, items } = normalizeFeed(await parseFeed(body, { url }), { url, sourceId: "rs-europe" });
 */
export function normalizeFeed(feed: ParsedFeed, context: FeedContext): ReadFeed {
  const ctx = { sourceId: context.sourceId, feedUrl: context.url, now: context.now ?? new Date() };
  const seen = new Set<string>();
  const items: Article[] = [];
  const idOfHash = new Map<string, string>();
  for (const entry of feed.entries) {
    const item = normalizeEntry(entry, ctx);
    if (entry.hash) idOfHash.set(entry.hash, item.id);
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    items.push(item);
  }
  const { info } = feed;
  const title = htmlToText(info.title);
  const link = itemUrl(info.link, context.url);
  const language = collapse(info.language);
  return {
    info: {
      title: title === null ? null : truncate(title, TITLE_MAX),
      link: link !== null && link.length <= URL_MAX ? link : null,
      description: htmlToText(info.description),
      language: language !== null && language.length <= LANGUAGE_MAX ? language : null,
      format: info.format,
      ...(info.schedule ? { schedule: info.schedule } : {}),
    },
    items,
    entryHashes: feed.entryHashes,
    entryIds: feed.entryHashes.map((hash) => idOfHash.get(hash) ?? null),
    skipped: feed.entryHashes.length - feed.entries.length,
  };
}
