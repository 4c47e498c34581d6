import { type Item, LANGUAGE_MAX, TITLE_MAX, URL_MAX } from "../item.ts";
import { type FeedInfo, parseFeed } from "../parse/index.ts";
import { normalizeEntry } from "./entry.ts";
import { collapse, htmlToText, truncate } from "./text.ts";
import { itemUrl } from "./url.ts";

export { READING_RULES_VERSION } from "../parse/index.ts";
export { parseDate } from "./dates.ts";
export { type NormalizeContext, normalizeEntry } from "./entry.ts";
export { sanitizeContent } from "./html.ts";
export { type IdInput, itemId } from "./id.ts";
export {
  imageAddress,
  isBeacon,
  isPlaceholder,
  isTrackingPixel,
  noscriptFallback,
  type RealImage,
  realImage,
} from "./images.ts";
export { htmlToText, truncate } from "./text.ts";
export { canonicalUrl, itemUrl } from "./url.ts";

/** What `readFeed` gives: the feed's info, its new or changed items, every entry's hash, and how many were skipped. */
export interface ReadFeed {
  info: FeedInfo;
  /** Items of the entries not in `knownEntries`, in the feed's order; an id repeating within the feed dropped. */
  items: Item[];
  /** One hash per entry read (after the `MAX_ENTRIES` cut), in the feed's order; see `ParsedFeed.entryHashes`. */
  entryHashes: string[];
  /** Parallel to `entryHashes`: the item id of each entry read, null for each entry skipped as known. */
  entryIds: (string | null)[];
  /** Entries whose hash was in `knownEntries`: neither normalized nor sanitized, their stored items unchanged. */
  skipped: number;
}

/**
 * Parses and normalizes a feed body: the feed's info as plain text with an absolute link (its title within
 * `TITLE_MAX`, a link over `URL_MAX` or a language over `LANGUAGE_MAX` dropped), and its items in
 * the feed's own order, an item whose id repeats within the feed dropped (the first wins). Entries whose hash
 * is in `knownEntries` (the hashes of the source's last successful read) are skipped: a changed body is
 * processed per entry.
 * @throws ParseError when the body is not a feed.
 * @example const { info, items, entryHashes } = await readFeed(body, { contentType, url, sourceId: "rs-europe" });
 */
export async function readFeed(
  body: Uint8Array,
  options: {
    contentType?: string | null;
    url: string;
    sourceId: string | null;
    now?: Date;
    /** Entry hashes from the source's last successful read: matching entries are skipped (not normalised/sanitised). */
    knownEntries?: ReadonlySet<string>;
  },
): Promise<ReadFeed> {
  const { contentType, url, knownEntries } = options;
  const feed = await parseFeed(body, { contentType, url, knownEntries });
  const ctx = { sourceId: options.sourceId, feedUrl: options.url, now: options.now ?? new Date() };
  const seen = new Set<string>();
  const items: Item[] = [];
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
  const link = itemUrl(info.link, options.url);
  const language = collapse(info.language);
  return {
    info: {
      title: title === null ? null : truncate(title, TITLE_MAX),
      link: link !== null && link.length <= URL_MAX ? link : null,
      description: htmlToText(info.description),
      language: language !== null && language.length <= LANGUAGE_MAX ? language : null,
      format: info.format,
    },
    items,
    entryHashes: feed.entryHashes,
    entryIds: feed.entryHashes.map((hash) => idOfHash.get(hash) ?? null),
    skipped: feed.entryHashes.length - feed.entries.length,
  };
}
