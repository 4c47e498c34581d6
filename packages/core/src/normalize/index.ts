import { parseFeed } from "../parse/index.ts";
import { normalizeFeed, type ReadFeed } from "./feed.ts";

export { READING_RULES_VERSION } from "../parse/index.ts";
export { parseDate } from "./dates.ts";
export { type NormalizeContext, normalizeEntry } from "./entry.ts";
export { type FeedContext, normalizeFeed, type ReadFeed } from "./feed.ts";
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

/**
 * Parses and normalizes a feed body (`parseFeed`, then `normalizeFeed`): the feed's info and its items in the
 * feed's own order. Entries whose hash is in `knownEntries` (the hashes of the source's last successful read)
 * are skipped: a changed body is processed per entry.
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
  return normalizeFeed(await parseFeed(body, { contentType, url, knownEntries }), options);
}
