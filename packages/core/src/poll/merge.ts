import type { Config } from "../config/index.ts";
import { retentionCutoff } from "../config/index.ts";
import { ItemTooLargeError } from "../errors.ts";
import type { Item } from "../item.ts";
import { type ListKey, type MergeRead, type Store, searchText } from "../store/index.ts";
import { type Outcome, type Plan, plan, repair, stale, undated } from "./merge-plan.ts";

export { copyHash, type Outcome } from "./merge-plan.ts";

/** The result of storing one source's items. */
export interface MergeResult {
  outcomes: Map<string, Outcome>;
  /** Lists whose rows changed; their versions have moved. */
  changedLists: Set<ListKey>;
  /** Items the store refused as too large (the entry's fault): not stored, the source's other items are. */
  rejected: ItemTooLargeError[];
}

/** Items of one source committed at once. */
const COMMITS_AT_ONCE = 4;

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
    removeAt: p.removeAt,
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
 * An item too large to store (`ItemTooLargeError`) is left out and listed in `rejected`; the others are stored.
 * @throws StorageError
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
  const rejected: ItemTooLargeError[] = [];
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
        let committed: boolean;
        try {
          committed = await commit(store, p);
        } catch (error) {
          // The entry's fault, not storage's: the source's other items go on.
          if (!(error instanceof ItemTooLargeError)) throw error;
          rejected.push(error);
          continue;
        }
        if (committed) outcomes.set(p.next.id, p.outcome);
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
  return { outcomes, changedLists, rejected };
}
