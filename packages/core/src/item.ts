/** The one model of an article, as stored and as served (docs/data-model.md). */
export interface Item {
  /** URL-safe, stable id derived from the canonical URL (or source id + guid, or source id + title). */
  id: string;
  /** The item's link, absolute, without fragment and tracking parameters; at most `URL_MAX` characters. */
  url: string | null;
  /** Plain text, at most `TITLE_MAX` code points. */
  title: string | null;
  /** Plain text, at most 300 code points. */
  summary: string | null;
  /** Sanitized HTML with absolute URLs, at most `CONTENT_MAX_BYTES` (UTF-8). */
  contentHtml: string | null;
  /** Plain text, at most `AUTHOR_MAX` code points. */
  author: string | null;
  /** The item's own categories, trimmed and deduped: at most `CATEGORIES_MAX`, each at most `CATEGORY_MAX` code points. */
  categories: string[];
  /** Absolute http(s), at most `URL_MAX` characters. */
  imageUrl: string | null;
  /** ISO 8601 UTC. */
  publishedAt: string;
  /** ISO 8601 UTC. */
  updatedAt: string;
  /** Ids of the sources the item was seen in. */
  sources: string[];
}

/*
 * Upper bounds of an item's fields. A feed may carry anything (a 450 KB title, 25,000 categories, a 300 KB link);
 * normalizing cuts every field to these bounds so that a stored item always fits DynamoDB's 400 KB item limit
 * with room to spare: at every bound at once (the content incompressible) an item stays under about 250 KB plus
 * about 280 bytes for each source that lists it. Real entries are far below them and are kept whole.
 */

/** Upper bound of `summary` in code points, the ending ellipsis included (the contract's 300). */
export const SUMMARY_MAX = 300;

/**
 * Upper bound of `title` in code points, an ending ellipsis included. Headlines are rarely over 200 characters;
 * 1,000 keeps every real one whole and a title (and the search text of each of its list rows) under 4 KB.
 */
export const TITLE_MAX = 1_000;

/** Upper bound of `author` in code points, an ending ellipsis included: room for a long list of names, under 1 KB. */
export const AUTHOR_MAX = 200;

/** Upper bound of one category in code points, an ending ellipsis included: a tag or a short phrase. */
export const CATEGORY_MAX = 100;

/** How many categories an item keeps (the first ones, after deduplication): at most about 20 KB of them. */
export const CATEGORIES_MAX = 50;

/**
 * Upper bound of `url` and `imageUrl` in characters (ASCII, so bytes: a URL is stored percent-encoded). RFC 9110
 * §4.1 asks senders and recipients to support URIs of at least 8,000 octets: a longer one may be refused by the
 * server it names, so it is not a useful link and is dropped (an item without a link is identified by its guid or
 * title, as the contract says; an image candidate that long is passed over for the next).
 */
export const URL_MAX = 8_000;

/**
 * Upper bound of `contentHtml` in UTF-8 bytes (200 KiB, half the item limit; stored compressed, but an
 * incompressible body must fit too). Longer sanitized content is cut after its last whole element or word
 * that fits, its open elements closed and an ellipsis added: the reader keeps the beginning and the link.
 */
export const CONTENT_MAX_BYTES = 200 * 1024;

/**
 * Upper bound of a feed's declared language in characters: RFC 5646 §4.4.1 asks for tags of up to 35 characters
 * to be supported; a longer value is no language tag and is dropped.
 */
export const LANGUAGE_MAX = 35;
