/**
 * Storing one source's items: each round reads what is stored, plans each entry's write, marks undated articles
 * and moves the versions of the lists they change, then commits; items that lost a race are read and planned
 * again in the next round.
 */
import type { Config } from "../config/index.ts";
import { retentionCutoff } from "../config/index.ts";
import type { ItemTooLargeError } from "../errors.ts";
import type { Article } from "../item.ts";
import { type ListKey, type MergeRead, type Store, type StoredItem, searchText } from "../store/index.ts";
import { followChange, followStored } from "./entries.ts";
import { allSettled, type Commits, commitPlans, commitSequence } from "./merge-commits.ts";
import { copyHash, type Outcome, type Plan, plan, repair, stale, undated } from "./merge-plan.ts";
import type { Entry } from "./packed.ts";
import { StoryGrouping } from "./stories.ts";

export { copyHash, type Outcome } from "./merge-plan.ts";

/** The result of storing one source's items. */
export interface MergeResult {
  outcomes: Map<string, Outcome>;
  /** Lists whose rows changed; their versions have moved. */
  changedLists: Set<ListKey>;
  /** Items the store refused as too large (the entry's fault): not stored, the source's other items are. */
  rejected: ItemTooLargeError[];
  /** Items whose link an edit of this source's copy moved (their article page is fetched again). */
  relinked: Set<string>;
  /**
   * Items this source stored first in a poll that failed since its last successful read: what followed their
   * commit (their page jobs among it) is redone, as for new ones.
   */
  resumed: Set<string>;
  /** Entries published before the retention cutoff that no poll stored: not stored now either (outcome unchanged). */
  expired: Set<string>;
}

/** One source's merge: what it writes with, and what it has come to so far. */
interface Merge extends MergeResult {
  store: Store;
  config: Config;
  sourceId: string;
  /** When the feed was fetched. */
  now: Date;
  cutoff: string;
  /** Id → the search text a write that lost a race put in the item's rows. */
  raced: Map<string, string>;
  /** Where new items are grouped into stories as they are stored. */
  stories: StoryGrouping;
  /** Items first seen since then may have been stored by a poll that stopped half-way; null: none are checked. */
  unfinishedSince: string | null;
  /** Items this source stored before whose story a stopped poll may have left incomplete (see `planRound`). */
  unfinished: Map<string, StoredItem>;
}

/** How a merge stores new articles, and which stored ones it checks. */
export interface MergeOptions {
  /** The cycle's grouping of new articles into stories (default: this merge's new articles, grouped on their own). */
  stories?: StoryGrouping;
  /**
   * The source's last successful read (ISO; "" when none): articles whose copy of this source was stored since then
   * (by a poll that failed) have what follows their commit redone: their story completed, their story's grouped
   * entries followed again. Absent: none are checked.
   */
  unfinishedSince?: string;
}

/** Rounds that lost a race or a mark in the table before the merge gives up. */
const MAX_ROUNDS = 8;

/**
 * Stores one source's items: new articles are created, a source's edited copy updates the item in place,
 * an article seen in another source gains that source, and an unchanged copy costs no write.
 * Each item is written after its list rows, conditional on the item's `rev` (`commitItemChange`): a failure
 * half-way leaves the item unchanged (the next poll redoes it; reads do not serve rows of an item not written),
 * and a poll that loses a race re-reads the item and plans again, writing again every row it wrote, so
 * concurrent polls neither lose updates nor leave older search text in any row. Merges in one process do not
 * race each other: one waits for the other's commit of an item and plans it again (`merge-commits.ts`).
 * `now` is when the feed was fetched: a copy fetched before the one stored is older and never applied.
 * An item too large to store (`ItemTooLargeError`) is left out and listed in `rejected`; the others are stored.
 * New articles are stored through `options.stories` (the cycle's grouping: `poll/stories.ts`), each naming its
 * story, in the cycle's order; without one they are grouped on their own. With `options.unfinishedSince` (the
 * source's last successful read, ISO; "" when it never had one), an article this source's copy of which was stored
 * since then may be one a poll that stopped half-way stored: what follows its commit is redone before the merge
 * returns (`finishStored`: its story completed, its story's grouped entries followed again).
 * @throws StorageError
 */
export function mergeItems(
  store: Store,
  config: Config,
  sourceId: string,
  items: readonly Article[],
  now: Date,
  options: MergeOptions = {},
): Promise<MergeResult> {
  // The merge works on a copy it empties round by round: a first cycle's poll waits long for its grouping, and holds
  // none of its new articles meanwhile (the grouping holds them packed).
  return merging(store, config, sourceId, [...items], now, options);
}

/** `mergeItems` on `pending`, which it empties. */
async function merging(
  store: Store,
  config: Config,
  sourceId: string,
  pending: Article[],
  now: Date,
  options: MergeOptions,
): Promise<MergeResult> {
  const stories = options.stories ?? new StoryGrouping(store, config, [], () => now);
  const cutoff = retentionCutoff(config, now);
  const merge: Merge = {
    store,
    config,
    sourceId,
    now,
    cutoff,
    raced: new Map(),
    stories,
    unfinishedSince: options.unfinishedSince ?? null,
    unfinished: new Map(),
    ...emptyResult(),
  };
  // Rounds that lost a race or a mark in the table; rounds that only waited for this process's commits are free.
  for (let round = 0; pending.length > 0; ) {
    if (round > MAX_ROUNDS) throw new Error(`merge: ${pending.length} items still conflicting after ${round} rounds`);
    // The new articles go to the cycle's grouping, which holds them packed until it runs; the merge keeps only the
    // articles it may plan again.
    const { started, unmarked } = await beginRound(merge, pending);
    pending.length = 0;
    const commits = await commitRound(merge, started);
    for (const [id, outcome] of commits.committed) merge.outcomes.set(id, outcome);
    for (const id of started.relinked) if (commits.committed.has(id)) merge.relinked.add(id);
    merge.rejected.push(...commits.rejected);
    for (const p of commits.lost) merge.raced.set(p.next.id, searchText(p.next));
    const conflicts = [...unmarked, ...commits.lost];
    if (conflicts.length > 0) round++;
    for (const article of commits.returned ?? []) started.kept.set(article.id, article);
    pending = [...conflicts, ...commits.waited].map((p) => started.kept.get(p.next.id) as Article);
  }
  stories.leave(sourceId);
  await finishStored(merge);
  const { outcomes, changedLists, rejected, relinked, resumed, expired } = merge;
  return { outcomes, changedLists, rejected, relinked, resumed, expired };
}

const emptyResult = (): MergeResult => ({
  outcomes: new Map(),
  changedLists: new Set(),
  rejected: [],
  relinked: new Set(),
  resumed: new Set(),
  expired: new Set(),
});

/**
 * Redoes what follows the commits of items this source stored in a poll that failed since its last successful read
 * (`unfinished`): their stories completed (`StoryGrouping.complete`), then their stories' grouped entries followed
 * again (`followStored`), the versions of the topics whose entries it wrote moved.
 * @throws StorageError
 */
async function finishStored(merge: Merge): Promise<void> {
  const items = [...merge.unfinished.values()];
  if (items.length === 0) return;
  for (const list of await merge.stories.complete(items)) merge.changedLists.add(list);
  const written = new Set<ListKey>();
  for (const item of items) for (const list of await followStored(merge.store, merge.config, item)) written.add(list);
  await allSettled([...written].map((list) => merge.store.lists.touch(list, merge.now)));
  for (const list of written) merge.changedLists.add(list);
}

/** A round under way: its new articles handed to the grouping, its other plans, what it may plan again. */
interface Round {
  /** Plans of articles already stored (committed beside the grouping). */
  rest: Plan[];
  readAt: number;
  /** The grouping's commits of the round's new articles. */
  grouped: Promise<Commits>;
  /** Articles the round may plan again (those of `rest` and of plans not ready), by id. */
  kept: Map<string, Article>;
  /** Ids of plans whose link an edit moved. */
  relinked: string[];
}

/** Reads and plans a round, marks and touches what precedes its commits, then starts them (`startRound`). */
async function beginRound(merge: Merge, pending: Article[]): Promise<{ started: Round; unmarked: Plan[] }> {
  const readAt = commitSequence();
  const { ready, unmarked } = await prepare(merge, planRound(merge, pending, await read(merge, pending)));
  return { started: startRound(merge, pending, ready, unmarked, readAt), unmarked };
}

/**
 * Starts a round's commits of new articles: each with its article to the cycle's story grouping (`submit`, which
 * holds them packed); the articles of the other plans are kept.
 */
function startRound(merge: Merge, pending: Article[], ready: Plan[], unmarked: Plan[], readAt: number): Round {
  const articles = new Map(pending.map((article) => [article.id, article]));
  const fresh: Entry[] = [];
  const rest: Plan[] = [];
  const kept = new Map<string, Article>();
  for (const plan of ready) {
    const article = articles.get(plan.next.id) as Article;
    if (plan.outcome === "new") fresh.push({ article, plan });
    else {
      rest.push(plan);
      kept.set(article.id, article);
    }
  }
  for (const plan of unmarked) kept.set(plan.next.id, articles.get(plan.next.id) as Article);
  const relinked = ready.flatMap((plan) => (plan.relinked ? [plan.next.id] : []));
  const grouped = merge.stories.submit(merge.sourceId, fresh, readAt);
  return { rest, readAt, grouped, kept, relinked };
}

/** Commits a round's plans: new articles through the cycle's story grouping, the others at once beside them. */
async function commitRound(merge: Merge, round: Round): Promise<Commits> {
  const { rest } = round;
  const [stored, grouped] = await allSettled<Commits>([commitPlans(merge.store, rest, round.readAt), round.grouped]);
  const a = stored as Commits;
  const b = grouped as Commits;
  for (const list of b.touched ?? []) merge.changedLists.add(list);
  // Items already stored keep their stories' grouped entries in step (a topic entered or left, a row rewritten).
  const followed = await allSettled(
    rest
      .filter((p) => a.committed.has(p.next.id) && !p.rowsOnly)
      .map((p) => followChange(merge.store, merge.config, p.next, p)),
  );
  for (const list of followed.flat()) merge.changedLists.add(list);
  return {
    committed: new Map([...a.committed, ...b.committed]),
    lost: [...a.lost, ...b.lost],
    waited: [...a.waited, ...b.waited],
    rejected: [...a.rejected, ...b.rejected],
    returned: b.returned,
  };
}

/** What is stored of `items`: their items and, for undated ones, their first-seen marks (one BatchGet per 100). */
function read(merge: Merge, items: Article[]): Promise<MergeRead> {
  const undatedIds = items.filter((i) => undated(i, merge.now)).map((i) => i.id);
  return merge.store.items.readForMerge(
    items.map((i) => i.id),
    undatedIds,
  );
}

/**
 * Plans each pending entry over what is stored; an entry with nothing to write counts as unchanged (unless a
 * round before stored it). After a lost race with nothing left to change, the rows written by the lost write are
 * repaired; a new item planned again after a lost race may overwrite rows already there.
 */
function planRound(merge: Merge, pending: Article[], stored: MergeRead): Plan[] {
  const plans: Plan[] = [];
  for (const item of pending) {
    const found = {
      existing: stored.items.get(item.id),
      firstSeen: stored.firstSeen.get(item.id),
      raced: merge.raced.get(item.id),
    };
    const p =
      plan(merge.config, merge.sourceId, item, found, merge.now, merge.cutoff) ??
      (found.existing && !found.existing.pending && stale(found.raced, found.existing)
        ? repair(merge.config, found.existing)
        : null);
    if (p) plans.push(found.raced !== undefined ? { ...p, overwrite: true } : p);
    else if (!merge.outcomes.has(item.id)) merge.outcomes.set(item.id, "unchanged");
    // Never stored and past the cutoff: `plan` stores no such entry (`planNew`), now or later.
    if (!p && !found.existing && (found.firstSeen ?? item.publishedAt) < merge.cutoff) merge.expired.add(item.id);
    // This source's very copy is stored, yet its entry was not known to the source's state: the poll that stored it
    // failed, and may have stopped before what follows an item's commit (its story, its story's entries). A copy seen
    // at `since` itself is the last successful poll's own (its request precedes its `lastSuccessAt`): finished.
    const existing = found.existing;
    const since = merge.unfinishedSince;
    if (!p && since !== null && existing && !existing.pending && existing.publishedAt >= merge.cutoff) {
      const seen = existing.seenAt?.[merge.sourceId];
      const mine = existing.copies[merge.sourceId] === copyHash(item);
      if (mine && seen !== undefined && seen > since) {
        merge.unfinished.set(item.id, existing);
        if (existing.sources[0] === merge.sourceId && existing.firstSeenAt >= since) merge.resumed.add(item.id);
      }
    }
  }
  return plans;
}

/**
 * What precedes the commits, written at once (they do not depend on each other): the first-seen marks of new
 * undated articles, and the versions of every list the plans enter or leave. A plan whose mark another poll wrote
 * first is not ready (`unmarked`: read and planned again); its lists are touched anyway, and again next round.
 */
async function prepare(merge: Merge, plans: Plan[]): Promise<{ ready: Plan[]; unmarked: Plan[] }> {
  const marks = allSettled(
    plans.map((p) => (p.reserve ? merge.store.items.markFirstSeen(p.next.id, p.next.publishedAt) : true)),
  );
  await allSettled<unknown>([marks, touchLists(merge, plans)]);
  const marked = await marks;
  return { ready: plans.filter((_, n) => marked[n]), unmarked: plans.filter((_, n) => !marked[n]) };
}

/**
 * Moves the version of every list the planned items enter or leave, before any item commits: if the poll
 * fails after this, the uncommitted items are planned again by the next poll, which moves the versions again.
 * (Moving them after the commits could be lost for good: the next poll finds the items stored and writes
 * nothing, so ETag and Last-Modified would never change.) The lists are distinct records: touched at once.
 */
async function touchLists(merge: Merge, plans: Plan[]): Promise<void> {
  const moving = plans.filter((p) => !p.rowsOnly);
  const lists = [...new Set(moving.flatMap((p) => [...p.put, ...p.remove]))];
  await allSettled(
    lists.map(async (list) => {
      await merge.store.lists.touch(list, merge.now);
      merge.changedLists.add(list);
    }),
  );
}
