import type { Item } from "../item.ts";
import { type FeedInfo, parseFeed } from "../parse/index.ts";
import { normalizeEntry } from "./entry.ts";
import { collapse, htmlToText } from "./text.ts";
import { itemUrl } from "./url.ts";

export { parseDate } from "./dates.ts";
export { type NormalizeContext, normalizeEntry } from "./entry.ts";
export { sanitizeContent } from "./html.ts";
export { type IdInput, itemId } from "./id.ts";
export { htmlToText, truncate } from "./text.ts";
export { canonicalUrl, itemUrl } from "./url.ts";

/**
 * Parses and normalizes a feed body: the feed's info as plain text with an absolute link, and its items in
 * the feed's own order, an item whose id repeats within the feed dropped (the first wins).
 * @throws ParseError when the body is not a feed.
 * @example const { info, items } = await readFeed(body, { contentType, url, sourceId: "rs-europe" });
 */
export async function readFeed(
  body: Uint8Array,
  options: { contentType?: string | null; url: string; sourceId: string | null; now?: Date },
): Promise<{ info: FeedInfo; items: Item[] }> {
  const feed = await parseFeed(body, { contentType: options.contentType, url: options.url });
  const ctx = { sourceId: options.sourceId, feedUrl: options.url, now: options.now ?? new Date() };
  const seen = new Set<string>();
  const items: Item[] = [];
  for (const entry of feed.entries) {
    const item = normalizeEntry(entry, ctx);
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    items.push(item);
  }
  const { info } = feed;
  return {
    info: {
      title: htmlToText(info.title),
      link: itemUrl(info.link, options.url),
      description: htmlToText(info.description),
      language: collapse(info.language),
      format: info.format,
    },
    items,
  };
}
