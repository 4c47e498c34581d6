/** Planning one entry's write over what is stored: what the merge writes, and why. */
import { createHash } from "node:crypto";
import type { Config } from "../config/index.ts";
import { feedWordsOf } from "../fulltext/rule.ts";
import type { Article } from "../item.ts";
import { READING_RULES_VERSION } from "../parse/index.ts";
import { type ListKey, type StoredItem, searchText } from "../store/index.ts";
import { membership } from "../topics/index.ts";

/** What storing one article did. */
export type Outcome = "new" | "updated" | "unchanged";

/** One entry's planned write. */
export interface Plan {
  next: StoredItem;
  /** null for a new item. */
  expectedRev: number | null;
  /**
   * A new item dated by the time it was first seen: that time is marked (`markFirstSeen`) before its rows, so
   * a poll that fails half-way leaves a date the next poll reuses, and the mark outlives the item as its
   * tombstone.
   */
  reserve: boolean;
  /** Lists whose rows are written: every list of a new item or of one whose search text changed, else those it enters. */
  put: ListKey[];
  remove: ListKey[];
  /** Only rows are written (again), from the stored item: a repair after a lost race. */
  rowsOnly?: boolean;
  /** A new item planned again after a lost race: its rows may go over rows already there. */
  overwrite?: boolean;
  /** The `publishedAt` the rows of `remove` sit at, when the item moved (a reading-rules correction of its date). */
  removeAt?: string;
  /** An edit moved the item's link: its article page is to be fetched again (SPEC §2 Full text). */
  relinked?: true;
  outcome: Outcome;
}

const RULES = `${READING_RULES_VERSION}:`;

/**
 * Hash of a source's copy of an article: title, summary and content decide whether it was edited. It starts
 * with the reading rules' version and a colon, so a copy read under older rules is told from an edit.
 */
export function copyHash(item: Article): string {
  const hash = createHash("sha256")
    .update(JSON.stringify([item.title, item.summary, item.contentHtml]))
    .digest("base64url")
    .slice(0, 22);
  return `${RULES}${hash}`;
}

/** The later of two ISO 8601 UTC times (they sort as strings). */
const laterOf = (a: string, b: string) => (a > b ? a : b);

/** The https form of a link when another section gives it for the same page. */
function preferHttps(current: string | null, other: string | null): string | null {
  return current?.startsWith("http://") && other === `https://${current.slice("http://".length)}` ? other : current;
}

/** Whether readFeed dated an entry by the poll's time (it had no usable date). */
export const undated = (item: Article, now: Date) => item.publishedAt === now.toISOString();

/** What is stored of an entry's article: the item (or a pending reservation), its first-seen mark, a lost race's text. */
export interface Found {
  existing: StoredItem | undefined;
  /** When an undated article was first seen, if marked. */
  firstSeen: string | undefined;
  /** The search text rows were written with by a write of this item that lost a race. */
  raced: string | undefined;
}

/**
 * Plans storing one entry of `sourceId` over what is stored (`found`): a new article (or one a poll reserved), or
 * one already stored, seen in this source again or for the first time. `now` is when the feed was fetched;
 * entries published before `cutoff` are never stored. Null when nothing is to be written.
 */
export function plan(
  config: Config,
  sourceId: string,
  incoming: Article,
  found: Found,
  now: Date,
  cutoff: string,
): Plan | null {
  const { existing } = found;
  if (!existing || existing.pending) return planNew(config, sourceId, incoming, found, now, cutoff);
  return planStored(config, sourceId, incoming, { ...found, existing }, now, cutoff);
}

/** A new article, or one a poll reserved (`pending`): created with this source's copy, unless already expired. */
function planNew(config: Config, sourceId: string, incoming: Article, found: Found, now: Date, cutoff: string) {
  const { existing, firstSeen } = found;
  const seen = now.toISOString();
  const publishedAt = existing?.publishedAt ?? firstSeen ?? incoming.publishedAt;
  if (!existing && publishedAt < cutoff) return null;
  const next: StoredItem = {
    ...incoming,
    publishedAt,
    updatedAt: existing ? laterOf(existing.publishedAt, incoming.updatedAt) : incoming.updatedAt,
    sources: [...new Set([...(existing?.sources ?? []), sourceId])],
    copies: { ...existing?.copies, [sourceId]: copyHash(incoming) },
    seenAt: { ...existing?.seenAt, [sourceId]: seen },
    rev: (existing?.rev ?? 0) + 1,
    firstSeenAt: existing?.firstSeenAt ?? seen,
  };
  delete next.pending;
  // readFeed dates an entry without a usable date by the poll's time: that date must be stored first.
  const reserve = !existing && firstSeen === undefined && undated(incoming, now);
  const put = membership(config).listsOf(next);
  return { next, expectedRev: existing?.rev ?? null, reserve, put, remove: [], outcome: "new" } satisfies Plan;
}

/**
 * A stored article: gaining this source (not an edit), this source's copy edited (updated in place), or a copy
 * read under older reading rules corrected (not an edit; a new date moves the item). Null when this source's
 * copy is unchanged, older than the one stored, or the article expired.
 */
function planStored(
  config: Config,
  sourceId: string,
  incoming: Article,
  found: Found & { existing: StoredItem },
  now: Date,
  cutoff: string,
): Plan | null {
  const { existing, raced } = found;
  const hash = copyHash(incoming);
  const seen = now.toISOString();
  if (existing.publishedAt < cutoff) return null;
  const previous = existing.copies[sourceId];
  if (previous === hash) return null;
  // A poll that fetched before the copy stored was seen carries an older copy: it must not revert it.
  const storedSeen = existing.seenAt?.[sourceId];
  if (previous !== undefined && storedSeen && storedSeen > seen) return null;
  // A copy stored under older reading rules is corrected in place: not an edit by the publisher.
  const correction = previous !== undefined && !previous.startsWith(RULES);
  const copy = { copies: { ...existing.copies, [sourceId]: hash }, seenAt: { ...existing.seenAt, [sourceId]: seen } };
  const next = previous === undefined ? gained(existing, incoming, sourceId, copy) : edited(existing, incoming, copy);
  // An edit moves `updatedAt` to when it was seen; a correction is no edit.
  if (previous !== undefined) next.updatedAt = correction ? existing.updatedAt : laterOf(seen, existing.updatedAt);
  // Newer reading rules that date a dated entry differently move the item: its rows go to the new sort key.
  const moved = correction && !undated(incoming, now) && incoming.publishedAt !== existing.publishedAt;
  if (moved) {
    next.publishedAt = incoming.publishedAt;
    next.updatedAt = laterOf(incoming.publishedAt, incoming.updatedAt);
  }
  const rule = membership(config);
  const after = rule.listsOf(next);
  const before = rule.listsOf(existing);
  const rewrite = moved || searchText(next) !== searchText(existing) || stale(raced, existing);
  return {
    next,
    expectedRev: existing.rev,
    reserve: false,
    put: rewrite ? after : after.filter((list) => !before.includes(list)),
    remove: moved ? before : before.filter((list) => !after.includes(list)),
    removeAt: moved ? existing.publishedAt : undefined,
    ...(previous !== undefined && next.url !== existing.url ? { relinked: true as const } : {}),
    outcome: previous === undefined || correction ? "unchanged" : "updated",
  };
}

/** The stored item gaining `sourceId` (its https link preferred): not an edit, `updatedAt` stays. */
function gained(
  existing: StoredItem,
  incoming: Article,
  sourceId: string,
  copy: Pick<StoredItem, "copies" | "seenAt">,
) {
  const url = preferHttps(existing.url, incoming.url);
  return { ...existing, url, sources: [...existing.sources, sourceId], ...copy, rev: existing.rev + 1 };
}

/**
 * The stored item with this source's edited (or corrected) copy: its fields follow the copy, but a page's article
 * stays the item's content (SPEC §2 Full text: title and summary follow the feed), with the feed's word count
 * updated, and the page's image stays while the copy has none.
 */
function edited(existing: StoredItem, incoming: Article, copy: Pick<StoredItem, "copies" | "seenAt">): StoredItem {
  const { url, title, summary, contentHtml, author, categories, imageUrl } = incoming;
  const next: StoredItem = {
    ...existing,
    url,
    title,
    summary,
    contentHtml,
    contentSource: "feed",
    author,
    categories,
    imageUrl,
    ...copy,
    rev: existing.rev + 1,
  };
  delete next.feedWords;
  if (existing.contentSource !== "page") return next;
  return {
    ...next,
    contentHtml: existing.contentHtml,
    contentSource: "page",
    feedWords: feedWordsOf(incoming),
    imageUrl: imageUrl ?? existing.imageUrl,
  };
}

/** Whether rows written by a write that lost a race (with search text `written`) hold other text than `stored`. */
export const stale = (written: string | undefined, stored: StoredItem) =>
  written !== undefined && written !== searchText(stored);

/**
 * After a lost race with nothing left to change: the rows this poll wrote before losing are written again from
 * the stored item, at its `rev` (a row write never goes over a newer one), so no row keeps the loser's text.
 */
export function repair(config: Config, existing: StoredItem): Plan {
  return {
    next: existing,
    expectedRev: existing.rev,
    reserve: false,
    put: membership(config).listsOf(existing),
    remove: [],
    rowsOnly: true,
    outcome: "unchanged",
  };
}
