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

/**
 * Items of one source committed at once. A first ingest of a large publisher merges few sources at a time (its
 * sections share a host, fetched `poll.perHost` = 2 at a time), so each source's merge lasts its waves of commits
 * × the round trips of one commit (3 for a new item): 12 makes a 50-entry feed 5 waves instead of 13. A commit
 * holds about 2 requests in flight (its other rows at once, then its item), so two such sources fill about the
 * SDK's 50 sockets (48). When many sources store many new items at once (up to 16 in flight per poller), the
 * requests wait for a socket in the client rather than add load; DynamoDB Local, bound by its CPU here (about
 * 5 ms of it per conditional write), gains nothing from more.
 */
const COMMITS_AT_ONCE = 12;

/**
 * Settles every promise, then throws the first failure if any: no write of a merge is still in flight when it
 * throws, so a failed poll leaves nothing changing behind it.
 */
async function allSettled<T>(promises: (T | Promise<T>)[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/**
 * Moves the version of every list the planned items enter or leave, before any item commits: if the poll
 * fails after this, the uncommitted items are planned again by the next poll, which moves the versions again.
 * (Moving them after the commits could be lost for good: the next poll finds the items stored and writes
 * nothing, so ETag and Last-Modified would never change.) The lists are distinct records: touched at once.
 */
async function touchLists(store: Store, plans: Plan[], changed: Set<ListKey>, now: Date): Promise<void> {
  const moving = plans.filter((p) => !p.rowsOnly);
  const lists = [...new Set(moving.flatMap((p) => [...p.put, ...p.remove]))];
  await allSettled(
    lists.map(async (list) => {
      await store.lists.touch(list, now);
      changed.add(list);
    }),
  );
}

/**
 * Commits of this process, by table and item id: those in flight, and the sequence number each item's last
 * commit settled at. Sections of one publisher often carry the same article and one process merges them at once:
 * a merge whose plan of an item is older than another merge's commit of it (in flight, or settled after the merge
 * read the item) waits for that commit and plans the item again from a new read, instead of losing a race in
 * DynamoDB (a first row written in vain, then every row again). Only a saving: the writes' conditions still order
 * every poll, of this process or another, and forgetting entries (past `REMEMBERED` items) costs only that.
 */
const local = { seq: 0, inFlight: new Map<string, Promise<boolean>>(), settledAt: new Map<string, number>() };
const REMEMBERED = 50_000;

/** Writes one planned item with its rows; false when another writer changed it first. */
function commit(store: Store, p: Plan): Promise<boolean> {
  return store.items.commit({
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
 * concurrent polls neither lose updates nor leave older search text in any row. Merges in one process do not
 * race each other: one waits for the other's commit of an item and plans it again (`local`).
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
    store.items.readForMerge(
      of.map((i) => i.id),
      of.filter((i) => undated(i, now)).map((i) => i.id),
    );
  /** The in-process commit sequence number when the items were last read. */
  let readAt = local.seq;
  let stored: MergeRead = await read(items);
  /** Id → the search text a write that lost a race put in the item's rows. */
  const raced = new Map<string, string>();
  // Rounds that lost a race or a mark in DynamoDB; rounds that only waited for this process's commits are free.
  for (let round = 0; pending.length > 0; ) {
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
    const itemOf = (p: Plan) => pending.find((i) => i.id === p.next.id) as Item;
    const conflicts: Item[] = [];
    const lost: Plan[] = [];
    const waited: Item[] = [];
    // First-seen marks and list versions both precede the commits and not each other: written at once. A list of
    // a plan whose mark another poll wrote first is touched too (its item is planned again, touching it again).
    const marks = allSettled(
      plans.map((p) => (p.reserve ? store.items.markFirstSeen(p.next.id, p.next.publishedAt) : true)),
    );
    await allSettled<unknown>([marks, touchLists(store, plans, changedLists, now)]);
    const marked = await marks;
    const ready: Plan[] = [];
    for (const [n, p] of plans.entries()) {
      if (marked[n]) ready.push(p);
      else conflicts.push(itemOf(p));
    }
    // Several items at once: each is a few small requests whose latency, not their size, sets the pace. After a
    // failure no worker starts another commit; the merge throws once those in flight have settled.
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (next < ready.length && !failed) {
        const p = ready[next++] as Plan;
        const key = `${store.table}\u0000${p.next.id}`;
        const busy = local.inFlight.get(key);
        if (busy || (local.settledAt.get(key) ?? -1) > readAt) {
          await busy?.catch(() => false);
          waited.push(itemOf(p));
          continue;
        }
        const run = commit(store, p);
        local.inFlight.set(key, run);
        try {
          if (await run) {
            outcomes.set(p.next.id, p.outcome);
            if (local.settledAt.size >= REMEMBERED) local.settledAt.clear();
            local.settledAt.set(key, ++local.seq);
          } else {
            lost.push(p);
            conflicts.push(itemOf(p));
          }
        } catch (error) {
          // An item too large is the entry's fault, not storage's: the source's other items go on.
          if (!(error instanceof ItemTooLargeError)) {
            failed = true;
            throw error;
          }
          rejected.push(error);
        } finally {
          local.inFlight.delete(key);
        }
      }
    };
    await allSettled(Array.from({ length: Math.min(COMMITS_AT_ONCE, ready.length) }, worker));
    for (const p of lost) raced.set(p.next.id, searchText(p.next));
    if (conflicts.length > 0) round++;
    pending = [...conflicts, ...waited];
    readAt = local.seq;
    if (pending.length > 0) stored = await read(pending);
  }
  return { outcomes, changedLists, rejected };
}
