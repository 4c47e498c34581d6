/** Planning one entry's write over what is stored: what the merge writes, and why. */
import { createHash } from "node:crypto";
import type { Config } from "../config/index.ts";
import type { Item } from "../item.ts";
import { READING_RULES_VERSION } from "../parse/index.ts";
import { type ListKey, type StoredItem, searchText } from "../store/index.ts";
import { listsOf } from "./topics.ts";

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
  outcome: Outcome;
}

const RULES = `${READING_RULES_VERSION}:`;

/**
 * Hash of a source's copy of an article: title, summary and content decide whether it was edited. It starts
 * with the reading rules' version and a colon, so a copy read under older rules is told from an edit.
 */
export function copyHash(item: Item): string {
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
export const undated = (item: Item, now: Date) => item.publishedAt === now.toISOString();

/**
 * Plans storing one entry of `sourceId` over what is stored (`existing`; `firstSeen`: when an undated article was
 * first seen, if marked). `raced`: the search text rows were written with by a write of this item that lost a
 * race; when it is not the stored item's, every row is written again.
 */
export function plan(
  config: Config,
  sourceId: string,
  incoming: Item,
  stored: { existing: StoredItem | undefined; firstSeen: string | undefined; raced: string | undefined },
  now: Date,
  cutoff: string,
): Plan | null {
  const { existing, firstSeen, raced } = stored;
  const hash = copyHash(incoming);
  const seen = now.toISOString();
  if (!existing || existing.pending) {
    const publishedAt = existing?.publishedAt ?? firstSeen ?? incoming.publishedAt;
    if (!existing && publishedAt < cutoff) return null;
    const next: StoredItem = {
      ...incoming,
      publishedAt,
      updatedAt: existing ? laterOf(existing.publishedAt, incoming.updatedAt) : incoming.updatedAt,
      sources: [...new Set([...(existing?.sources ?? []), sourceId])],
      copies: { ...existing?.copies, [sourceId]: hash },
      seenAt: { ...existing?.seenAt, [sourceId]: seen },
      rev: (existing?.rev ?? 0) + 1,
      firstSeenAt: existing?.firstSeenAt ?? seen,
    };
    delete next.pending;
    // readFeed dates an entry without a usable date by the poll's time: that date must be stored first.
    const reserve = !existing && firstSeen === undefined && undated(incoming, now);
    return {
      next,
      expectedRev: existing?.rev ?? null,
      reserve,
      put: listsOf(config, next),
      remove: [],
      outcome: "new",
    };
  }
  if (existing.publishedAt < cutoff) return null;
  const previous = existing.copies[sourceId];
  if (previous === hash) return null;
  // A poll that fetched before the copy stored was seen carries an older copy: it must not revert it.
  const storedSeen = existing.seenAt?.[sourceId];
  if (previous !== undefined && storedSeen && storedSeen > seen) return null;
  // A copy stored under older reading rules is corrected in place: not an edit by the publisher.
  const correction = previous !== undefined && !previous.startsWith(RULES);
  const copies = { ...existing.copies, [sourceId]: hash };
  const seenAt = { ...existing.seenAt, [sourceId]: seen };
  const next: StoredItem =
    previous === undefined
      ? {
          ...existing,
          url: preferHttps(existing.url, incoming.url),
          sources: [...existing.sources, sourceId],
          copies,
          seenAt,
          rev: existing.rev + 1,
        }
      : {
          ...existing,
          url: incoming.url,
          title: incoming.title,
          summary: incoming.summary,
          contentHtml: incoming.contentHtml,
          author: incoming.author,
          categories: incoming.categories,
          imageUrl: incoming.imageUrl,
          updatedAt: correction ? existing.updatedAt : laterOf(seen, existing.updatedAt),
          copies,
          seenAt,
          rev: existing.rev + 1,
        };
  // Newer reading rules that date a dated entry differently move the item: its rows go to the new sort key.
  const moved = correction && !undated(incoming, now) && incoming.publishedAt !== existing.publishedAt;
  if (moved) {
    next.publishedAt = incoming.publishedAt;
    next.updatedAt = laterOf(incoming.publishedAt, incoming.updatedAt);
  }
  const after = listsOf(config, next);
  const before = listsOf(config, existing);
  const rewrite = moved || searchText(next) !== searchText(existing) || stale(raced, existing);
  return {
    next,
    expectedRev: existing.rev,
    reserve: false,
    put: rewrite ? after : after.filter((list) => !before.includes(list)),
    remove: moved ? before : before.filter((list) => !after.includes(list)),
    removeAt: moved ? existing.publishedAt : undefined,
    outcome: previous === undefined || correction ? "unchanged" : "updated",
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
    put: listsOf(config, existing),
    remove: [],
    rowsOnly: true,
    outcome: "unchanged",
  };
}
