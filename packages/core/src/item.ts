/** The one model of an article, as stored and as served (docs/data-model.md). */
export interface Item {
  /** URL-safe, stable id derived from the canonical URL (or source id + guid, or source id + title). */
  id: string;
  /** The item's link, absolute, without fragment and tracking parameters. */
  url: string | null;
  /** Plain text. */
  title: string | null;
  /** Plain text, at most 300 code points. */
  summary: string | null;
  /** Sanitized HTML with absolute URLs. */
  contentHtml: string | null;
  author: string | null;
  /** The item's own categories, trimmed and deduped. */
  categories: string[];
  imageUrl: string | null;
  /** ISO 8601 UTC. */
  publishedAt: string;
  /** ISO 8601 UTC. */
  updatedAt: string;
  /** Ids of the sources the item was seen in. */
  sources: string[];
}

/** Upper bound of `summary` in code points, the ending ellipsis included. */
export const SUMMARY_MAX = 300;
