/**
 * Committing a merge round's planned items, a few at once, in step with the other merges of this process:
 * sections of one publisher often carry the same article, and one process merges them at once.
 */
import { LRUCache } from "lru-cache";
import pLimit from "p-limit";
import { ItemTooLargeError } from "../errors.ts";
import type { Article } from "../item.ts";
import type { ListKey, Store } from "../store/index.ts";
import type { Outcome, Plan } from "./merge-plan.ts";

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
 * Commits of this process, by table and item id: those in flight, and the sequence number each item's last
 * commit settled at (the most recent `REMEMBERED` items). A merge whose plan of an item is older than another
 * merge's commit of it (in flight, or settled after the merge read the item) waits for that commit and plans the
 * item again from a new read, instead of losing a race in DynamoDB (a first row written in vain, then every row
 * again). Only a saving: the writes' conditions still order every poll, of this process or another, and an
 * item forgotten costs only that.
 */
const local = {
  seq: 0,
  inFlight: new Map<string, Promise<boolean>>(),
  settledAt: new LRUCache<string, number>({ max: 50_000 }),
};

/** The in-process commit sequence number now: a merge notes it when it reads the items. */
export const commitSequence = (): number => local.seq;

/**
 * Settles every promise, then throws the first failure if any: no write of a merge is still in flight when it
 * throws, so a failed poll leaves nothing changing behind it.
 */
export async function allSettled<T>(promises: (T | Promise<T>)[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/** What committing a round's plans came to. */
export interface Commits {
  /** Item id → outcome of each plan committed. */
  committed: Map<string, Outcome>;
  /** Plans whose commit lost a race in the table (another writer changed the item first): planned again. */
  lost: Plan[];
  /** Plans another merge of this process committed first, or had in flight: planned again, no race lost. */
  waited: Plan[];
  /** Items refused as too large (the entry's fault): not stored. */
  rejected: ItemTooLargeError[];
  /** Topic lists whose version a story's join moved (the story has an entry there): their feeds changed. */
  touched?: ListKey[];
  /** The articles of new plans handed back (lost, waited) by the story grouping, which held them packed. */
  returned?: Article[];
}

/** Writes one planned item with its rows; false when another writer changed it first. */
function commit(store: Store, p: Plan): Promise<boolean> {
  const { next: item, expectedRev, put, remove, rowsOnly, overwrite, removeAt } = p;
  return store.items.commit({ item, expectedRev, put, remove, rowsOnly, overwrite, removeAt });
}

/**
 * Commits `ready` plans, `COMMITS_AT_ONCE` at a time: each is a few small requests whose latency, not their size,
 * sets the pace. A plan of an item another merge of this process has in flight, or committed after `readAt`,
 * waits for it and is returned in `waited`. After a storage failure no further commit starts; the failure is
 * thrown once those in flight have settled. An item too large is the entry's fault, not storage's: it is
 * listed in `rejected` and the others go on.
 * @throws StorageError
 */
export async function commitPlans(store: Store, ready: Plan[], readAt: number): Promise<Commits> {
  const commits: Commits = { committed: new Map(), lost: [], waited: [], rejected: [] };
  const limit = pLimit(COMMITS_AT_ONCE);
  let failed = false;
  const one = async (p: Plan) => {
    if (failed) return;
    const key = `${store.table}\u0000${p.next.id}`;
    const busy = local.inFlight.get(key);
    if (busy || (local.settledAt.get(key) ?? -1) > readAt) {
      await busy?.catch(() => false);
      commits.waited.push(p);
      return;
    }
    const run = commit(store, p);
    local.inFlight.set(key, run);
    try {
      if (await run) {
        commits.committed.set(p.next.id, p.outcome);
        local.settledAt.set(key, ++local.seq);
      } else commits.lost.push(p);
    } catch (error) {
      if (!(error instanceof ItemTooLargeError)) {
        failed = true;
        throw error;
      }
      commits.rejected.push(error);
    } finally {
      local.inFlight.delete(key);
    }
  };
  await allSettled(ready.map((p) => limit(() => one(p))));
  return commits;
}
