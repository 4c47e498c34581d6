import { createHash } from "node:crypto";
import type { Config } from "../config/index.ts";
import { retentionCutoff } from "../config/index.ts";
import type { Item } from "../item.ts";
import { READING_RULES_VERSION } from "../parse/index.ts";
import { type ListKey, type MergeRead, type Store, type StoredItem, searchText } from "../store/index.ts";
import { listsOf } from "./topics.ts";

/** What storing one article did. */
export type Outcome = "new" | "updated" | "unchanged";

/** The result of storing one source's items. */
export interface MergeResult {
  outcomes: Map<string, Outcome>;
  /** Lists whose rows changed; their versions have moved. */
  changedLists: Set<ListKey>;
}

interface Plan {
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
  outcome: Outcome;
}

/** Items of one source committed at once. */
const COMMITS_AT_ONCE = 4;

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
const undated = (item: Item, now: Date) => item.publishedAt === now.toISOString();

/**
 * Plans storing one entry of `sourceId` over what is stored (`existing`; `firstSeen`: when an undated article was
 * first seen, if marked). `raced`: the search text rows were written with by a write of this item that lost a
 * race; when it is not the stored item's, every row is written again.
 */
function plan(
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
  const after = listsOf(config, next);
  const before = listsOf(config, existing);
  const rewrite = searchText(next) !== searchText(existing) || stale(raced, existing);
  return {
    next,
    expectedRev: existing.rev,
    reserve: false,
    put: rewrite ? after : after.filter((list) => !before.includes(list)),
    remove: before.filter((list) => !after.includes(list)),
    outcome: previous === undefined || correction ? "unchanged" : "updated",
  };
}

/** Whether rows written by a write that lost a race (with search text `written`) hold other text than `stored`. */
const stale = (written: string | undefined, stored: StoredItem) =>
  written !== undefined && written !== searchText(stored);

/**
 * After a lost race with nothing left to change: the rows this poll wrote before losing are written again from
 * the stored item, at its `rev` (a row write never goes over a newer one), so no row keeps the loser's text.
 */
function repair(config: Config, existing: StoredItem): Plan {
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

/**
 * Moves the version of every list the planned items enter or leave, before any item commits: if the poll
 * fails after this, the uncommitted items are planned again by the next poll, which moves the versions again.
 * (Moving them after the commits could be lost for good: the next poll finds the items stored and writes
 * nothing, so ETag and Last-Modified would never change.)
 */
async function touchLists(store: Store, plans: Plan[], changed: Set<ListKey>, now: Date): Promise<void> {
  const moving = plans.filter((p) => !p.rowsOnly);
  for (const list of new Set(moving.flatMap((p) => [...p.put, ...p.remove]))) {
    await store.touchList(list, now);
    changed.add(list);
  }
}

/** Writes one planned item with its rows; false when another writer changed it first. */
function commit(store: Store, p: Plan): Promise<boolean> {
  return store.commitItem({
    item: p.next,
    expectedRev: p.expectedRev,
    put: p.put,
    remove: p.remove,
    rowsOnly: p.rowsOnly,
    overwrite: p.overwrite,
  });
}

/**
 * Stores one source's items: new articles are created, a source's edited copy updates the item in place,
 * an article seen in another source gains that source, and an unchanged copy costs no write.
 * Each item is written after its list rows, conditional on the item's `rev` (`commitItemChange`): a failure
 * half-way leaves the item unchanged (the next poll redoes it; reads do not serve rows of an item not written),
 * and a poll that loses a race re-reads the item and plans again, writing again every row it wrote, so
 * concurrent polls neither lose updates nor leave older search text in any row.
 * `now` is when the feed was fetched: a copy fetched before the one stored is older and never applied.
 */
export async function mergeItems(
  store: Store,
  config: Config,
  sourceId: string,
  items: Item[],
  now: Date,
): Promise<MergeResult> {
  const cutoff = retentionCutoff(config, now);
  const outcomes = new Map<string, Outcome>();
  const changedLists = new Set<ListKey>();
  let pending = items;
  const read = (of: Item[]) =>
    store.readForMerge(
      of.map((i) => i.id),
      of.filter((i) => undated(i, now)).map((i) => i.id),
    );
  let stored: MergeRead = await read(items);
  /** Id → the search text a write that lost a race put in the item's rows. */
  const raced = new Map<string, string>();
  for (let round = 0; pending.length > 0; round++) {
    if (round > 8) throw new Error(`merge: ${pending.length} items still conflicting after ${round} rounds`);
    const plans: Plan[] = [];
    for (const item of pending) {
      const found = {
        existing: stored.items.get(item.id),
        firstSeen: stored.firstSeen.get(item.id),
        raced: raced.get(item.id),
      };
      const p =
        plan(config, sourceId, item, found, now, cutoff) ??
        (found.existing && !found.existing.pending && stale(found.raced, found.existing)
          ? repair(config, found.existing)
          : null);
      if (p) plans.push(found.raced !== undefined ? { ...p, overwrite: true } : p);
      else if (!outcomes.has(item.id)) outcomes.set(item.id, "unchanged");
    }
    const conflicts: Item[] = [];
    const lost: Plan[] = [];
    const ready: Plan[] = [];
    for (const p of plans) {
      if (!p.reserve) ready.push(p);
      else if (await store.markFirstSeen(p.next.id, p.next.publishedAt)) ready.push(p);
      else conflicts.push(pending.find((i) => i.id === p.next.id) as Item);
    }
    await touchLists(store, ready, changedLists, now);
    // A few items at once: each is a few small requests whose latency, not their size, sets the pace.
    let next = 0;
    const worker = async () => {
      while (next < ready.length) {
        const p = ready[next++] as Plan;
        if (await commit(store, p)) outcomes.set(p.next.id, p.outcome);
        else {
          lost.push(p);
          conflicts.push(pending.find((i) => i.id === p.next.id) as Item);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(COMMITS_AT_ONCE, ready.length) }, worker));
    for (const p of lost) raced.set(p.next.id, searchText(p.next));
    pending = conflicts;
    if (pending.length > 0) stored = await read(pending);
  }
  return { outcomes, changedLists };
}
