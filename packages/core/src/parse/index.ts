import { utf8Body } from "./decode.ts";
import { sniffSyntax } from "./detect.ts";
import { parseJsonFeed } from "./json-feed.ts";
import type { ParsedFeed } from "./types.ts";
import { parseXmlFeed } from "./xml.ts";

export { decodeAs, decodeBody, headerCharset, utf8Body } from "./decode.ts";
export type {
  FeedFormat,
  FeedInfo,
  FeedScheduleHints,
  ImageCandidate,
  ImageSource,
  ParsedFeed,
  RawEntry,
} from "./types.ts";
export { MAX_ENTRIES, READING_RULES_VERSION } from "./types.ts";

/**
 * Parses a feed body: decodes it (Content-Type charset, BOM, XML declaration, else UTF-8), tells its format
 * from the body itself, and reads RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1. Of a feed with more than
 * `MAX_ENTRIES` entries it keeps the `MAX_ENTRIES` newest by publication date, in document order (`keptEntries`).
 * `url` is the feed's address, the base of relative `xml:base` values. Each entry kept comes with a hash of its own
 * text and what it inherits (`entryHashes`, see `ParsedFeed`); entries whose hash is in `knownEntries` are left out
 * of `entries` unread.
 * @throws ParseError ("parse: empty body", "parse: not a feed: looks like an HTML page", "parse: malformed XML: …",
 * among them a document that ends before its root element closes).
 * @example const { info, entries } = await parseFeed(body, { contentType: "application/rss+xml", url });
 */
export async function parseFeed(
  body: Uint8Array,
  options: { contentType?: string | null; url: string; knownEntries?: ReadonlySet<string> },
): Promise<ParsedFeed> {
  const { bytes } = utf8Body(body, options.contentType);
  const { url, knownEntries } = options;
  return sniffSyntax(bytes) === "json"
    ? parseJsonFeed(bytes.toString("utf8"), url, knownEntries)
    : parseXmlFeed(bytes, url, knownEntries);
}
