import type { Article, Item } from "../item.ts";

/** An item as stored: the article plus what merging needs, and the id of its story. */
export interface StoredItem extends Article {
  /**
   * The id of the story it joined when first stored (its own id when it started one); absent for items stored before
   * stories existed, each a story of its own.
   */
  story?: string;
  /** Hash of each source's own copy (title, summary, content): an edit is a change of one source's copy. */
  copies: Record<string, string>;
  /** When each source's stored copy was fetched: an older copy from a slow poll is never applied. */
  seenAt?: Record<string, string>;
  /** Incremented on every write; conditional writes on it keep concurrent polls from losing updates. */
  rev: number;
  firstSeenAt: string;
  /** Reserved by a poll that has not yet written the item's rows (its first-seen date is kept). */
  pending?: true;
  /**
   * The claim of the poll that stored it (ISO, wall clock): until then that poll may still be writing the item's
   * story records, and another process completing them waits for it (`poll/stories.ts`, `CLAIM_LEASE_MS`).
   */
  claimedUntil?: string;
  /** Which process's poll stored it (`claimedUntil`): a random token per process. */
  claimToken?: string;
  /**
   * With `contentSource: "page"`: how many words the feed's own text had when the page's article replaced it, so
   * the article can be judged again (a changed rule) without the feed's text (SPEC §2 Full text).
   */
  feedWords?: number;
}

/**
 * A list is a topic (`t:<slug>`) or a source (`s:<id>`): its rows are the items in it, newest first. A story's
 * members (`g:<id>`) are reserved for stories.
 */
export type ListKey = `t:${string}` | `s:${string}` | `g:${string}` | `e:${string}`;

/** Version and change time of a list, for ETag and Last-Modified, and the fingerprint of its rules. */
export interface ListMeta {
  key: ListKey;
  version: number;
  modifiedAt: string;
  fingerprint: string | null;
}

/** Health of a source. */
export type SourceStatus = "pending" | "ok" | "failing" | "gone";

/**
 * A publisher's hints of how often its feed is worth fetching, as the source's last polls gave them: the response's
 * freshness lifetime (`Cache-Control: max-age`, else `Expires`), RSS `ttl`, `sy:updatePeriod`/`sy:updateFrequency`
 * (all in minutes, null when not given), and the GMT hours (0–23) and week days (0 = Sunday) RSS `skipHours` and
 * `skipDays` ask to be left alone.
 */
export interface PublisherHints {
  freshMinutes: number | null;
  ttlMinutes: number | null;
  updateMinutes: number | null;
  skipHours: number[];
  skipDays: number[];
}

/** What is known of a source between polls. */
export interface SourceState {
  id: string;
  url: string;
  status: SourceStatus;
  title: string | null;
  link: string | null;
  /** The language the feed declared when last read (RSS `language`, `dc:language`, Atom `xml:lang`, JSON Feed), as given. */
  language: string | null;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  /**
   * Entry hashes of the last successful read (`readFeed`'s `entryHashes`): entries still matching one are not
   * read again. Null before the first read, and in states stored before entry hashes existed.
   */
  entryHashes: string[] | null;
  /**
   * Parallel to `entryHashes`: a fingerprint (`idFingerprint`) of each entry's item id, so entries skipped as
   * unchanged still count once each as articles seen, however many sources list them. Absent in older states.
   */
  entryIds?: string[] | null;
  lastFetchedAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveErrors: number;
  /**
   * When its current run of failures began (the first failed poll after a success, or ever): null while healthy,
   * absent in states written before it was kept (then estimated: `failingSince` of `read`).
   */
  failingSince?: string | null;
  nextFetchAt: string | null;
  /** A Retry-After asked us to wait until then, manual polls included. */
  retryAfterUntil: string | null;
  /**
   * The adaptive schedule's inputs, written only with a read that found something (absent in older states): the
   * publication times of the latest entries (epoch minutes, newest first), when a poll last found a new or changed
   * entry (ISO), and the publisher's hints.
   */
  published?: number[] | null;
  foundAt?: string | null;
  hints?: PublisherHints | null;
  /**
   * The source's `fullText` rule as of its last successful poll (`ruleKey`), so a changed rule is noticed once;
   * absent in states written before full text (the rule was then `never`).
   */
  fullTextRule?: string;
}

/** A fresh state for a source never polled (or revived by a new URL). */
export function pendingState(id: string, url: string, now: Date): SourceState {
  return {
    id,
    url,
    status: "pending",
    title: null,
    link: null,
    language: null,
    etag: null,
    lastModified: null,
    bodyHash: null,
    entryHashes: null,
    entryIds: null,
    lastFetchedAt: null,
    lastSuccessAt: null,
    lastError: null,
    consecutiveErrors: 0,
    nextFetchAt: now.toISOString(),
    retryAfterUntil: null,
  };
}

/**
 * The served Item of a stored item, its story's size `size` (1 when not given: a story of one, or an item stored
 * before stories).
 */
export function toItem(stored: Article & { story?: string | Item["story"] }, size = 1): Item {
  const story = typeof stored.story === "string" ? stored.story : (stored.story?.id ?? stored.id);
  return {
    id: stored.id,
    url: stored.url ?? null,
    title: stored.title ?? null,
    summary: stored.summary ?? null,
    contentHtml: stored.contentHtml ?? null,
    contentSource: stored.contentSource ?? "feed",
    author: stored.author ?? null,
    categories: stored.categories ?? [],
    imageUrl: stored.imageUrl ?? null,
    publishedAt: stored.publishedAt,
    updatedAt: stored.updatedAt,
    sources: stored.sources ?? [],
    story: { id: story, size: Math.max(1, size) },
  };
}

/**
 * A short fingerprint of an item id (its first 32 bits, 6 base64url characters): enough to tell the articles of
 * one cycle apart when counting them, and 4 bytes in a source's state.
 */
export function idFingerprint(id: string): string {
  return Buffer.from(id, "base64url").subarray(0, 4).toString("base64url");
}
