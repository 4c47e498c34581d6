/** The shapes the parse stage hands to normalize. Nothing after parsing sees a format-specific shape. */

/** The syntax a feed was written in: RSS 0.9x/2.0, RDF (RSS 0.90 and 1.0), Atom 0.3/1.0, JSON Feed 1.0/1.1. */
export type FeedFormat = "rss" | "rdf" | "atom" | "json";

/** What a feed says about itself. `title` and `description` are HTML source, as written; `link` is absolute. */
export interface FeedInfo {
  title: string | null;
  link: string | null;
  description: string | null;
  language: string | null;
  format: FeedFormat;
  /** What the feed says of how often it is worth fetching (RSS and RDF channels); absent when it says nothing. */
  schedule?: FeedScheduleHints;
}

/**
 * A feed's own hints of how often to fetch it: RSS `<ttl>` (minutes), the syndication module's
 * `sy:updatePeriod` / `sy:updateFrequency` (as minutes between updates), RSS `skipHours` (GMT hours, 0–23) and
 * `skipDays` (0 = Sunday … 6 = Saturday). Null or empty where the feed says nothing.
 */
export interface FeedScheduleHints {
  ttlMinutes: number | null;
  updateMinutes: number | null;
  skipHours: number[];
  skipDays: number[];
}

/** Where an image candidate was found, in the order normalize prefers them. */
export type ImageSource = "media:content" | "media:thumbnail" | "enclosure" | "itunes:image" | "json";

/**
 * A URL that may name the entry's picture; `type` (MIME) and `medium` tell whether it is one, and a declared
 * `width` and `height` (Media RSS), when given, whether it is a tracking pixel.
 */
export interface ImageCandidate {
  url: string;
  source: ImageSource;
  type: string | null;
  medium: string | null;
  width?: string;
  height?: string;
}

/**
 * One entry as the feed gives it, before normalization. Strings are trimmed, empty ones are null; URLs may
 * still be relative. Text fields hold HTML source: plain-text fields of the feed are escaped into HTML.
 */
export interface RawEntry {
  /** The entry's own link (RSS `link`, Atom `link rel="alternate"`, JSON `url`). */
  link: string | null;
  /** RSS `guid`, Atom `id`, JSON `id`. */
  guid: string | null;
  /** RSS `isPermaLink` when the attribute is present; null when absent or the format has none. */
  guidIsPermaLink: boolean | null;
  /** HTML source of the title (entities and markup still to be removed). */
  title: string | null;
  /** HTML of the description or summary. */
  descriptionHtml: string | null;
  /** HTML of the full content. */
  contentHtml: string | null;
  author: string | null;
  categories: string[];
  /** Raw publication dates, best candidate first. */
  published: string[];
  /** Raw update dates, best candidate first. */
  updated: string[];
  images: ImageCandidate[];
  /** The `xml:base` in effect for the entry, already resolved against the feed URL; null when none. */
  xmlBase: string | null;
  /** The `xml:base` in effect at the element `contentHtml` came from, when one was declared there or above. */
  contentBase?: string | null;
  /** The `xml:base` in effect at the element `descriptionHtml` came from, when one was declared. */
  descriptionBase?: string | null;
  /** The entry's hash (see `ParsedFeed.entryHashes`), set by the parser. */
  hash?: string;
}

/** A parsed feed: what it says about itself and its entries in document order. */
export interface ParsedFeed {
  info: FeedInfo;
  /** The entries read, in document order: those kept (`MAX_ENTRIES`), or of them those whose hash is not known. */
  entries: RawEntry[];
  /**
   * One hash per entry (same order): 11 base64url characters (64 bits) of a SHA-256 of the entry's own text, what it
   * inherits (feed URL, `xml:base`, the namespace declarations of its ancestors, feed author) and
   * `READING_RULES_VERSION`. Equal hashes read alike. Every
   * entry has one, read or not.
   */
  entryHashes: string[];
}

/**
 * The version of the reading rules (parse and normalize). Bump it whenever a feed would read differently:
 * entry and body hashes carry it, so every source is read again once and its stored items corrected.
 */
export const READING_RULES_VERSION = "5";

/** Entries kept per feed: all of a feed within it, else its newest by publication date (`keptEntries`). */
export const MAX_ENTRIES = 500;
