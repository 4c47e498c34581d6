/**
 * A cycle's new items, grouped into stories as they are first stored (docs/stories.md, docs/data-model.md
 * "Stories"). Every source's merge hands its new items here; once every source of the cycle has (or has said it
 * will not), they are decided one after the other in `publishedAt`, then id, order — across all sources, so the
 * result never depends on fetch timing — and each is stored as soon as its story is decided:
 *
 * 1. decide: the postings of its lookup terms and the summaries of its best candidates are read, and `decide` says
 *    which story it joins (or that it starts its own);
 * 2. store the item, naming that story: the item is the claim — when another poll stores it first, this one
 *    groups nothing (that poll does);
 * 3. write the story's records: a new story's postings, then its summary; a join's summary, then its postings, then
 *    the story's card (what lists show of it) with the item's entry rows; last the member row, which so marks the
 *    item complete. After a conflicting write, read again and decide again — an item whose story changes names its
 *    new one first.
 *
 * Decisions come from what this cycle read or wrote before (`StoryCache`), so an item decides without a request when
 * the items before it read its records; the reads of the next items start while it is decided. Its writes (2 and 3)
 * run behind the decisions, `WRITES_AT_ONCE` items at a time, each record's writes in decision order (`WriteOrder`):
 * a write conditional on the version the decision before made waits for that decision's write. A join's card waits while
 * the decisions go on (`JOINS_WAITING` joins at most): it is written once for the joins of its story waiting when the
 * decisions stop, then their member rows (`#cardTurn`). A failed condition
 * or write (another poll got there first, storage failed) stops the decisions until the writes in flight have ended,
 * then the cache is dropped and the items whose writes conflicted are decided again, strongly consistent, in order.
 *
 * A poll that stops between 2 and the member row leaves its source's state unsaved, so the next poll reads the entry
 * again and finds the item stored with its source's copy and no member row: it completes the item's story
 * (`completeStory`).
 */
import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import pLimit from "p-limit";
import { type Config, configuredSource, retentionCutoff } from "../config/index.ts";
import { type ItemTooLargeError, StorageError } from "../errors.ts";
import { htmlToText } from "../normalize/index.ts";
import { type ListKey, memberFingerprint, type Store, type StoredItem, type StoredSummary } from "../store/index.ts";
import {
  candidatesOf,
  changeOf,
  decide,
  featuresOf,
  groupingOrder,
  type ItemFeatures,
  lookupsOf,
  mayHoldHost,
  newSummary,
  type Posting,
  STORY_DEFAULTS,
  type StoryChange,
  StoryConflictError,
  withMember,
} from "../stories/index.ts";
import { dayOf, keyTerm } from "../stories/postings.ts";
import { type CardJoin, type CardWrite, entryListsOf, putEntryRow, updateCard, writeCard } from "./cards.ts";
import { allSettled, type Commits, commitPlans } from "./merge-commits.ts";
import { type Entry, type PackedEntry, packEntry, unpackEntry } from "./packed.ts";
import { StoryCache } from "./story-cache.ts";
import { type Turns, WriteOrder } from "./write-order.ts";

export { memberOf, rebuildCard, updateCard, writeCard } from "./cards.ts";

/** How often one item is decided again after conflicting writes before its poll gives up (as `groupItem`). */
const MAX_ATTEMPTS = 8;
/**
 * Items whose writes (item, rows, story records, card) run at once behind the decisions. Each holds one to five
 * requests in flight (its rows at once); 16 of them stay within the SDK's 50 sockets beside the merges' commits.
 */
const WRITES_AT_ONCE = 16;
/**
 * Merges a batch's results resume at once: each plans again, reads and writes what another source of the cycle stored
 * first, then leaves; a first cycle's thousands of sources resumed at once would hold all of that at the same time.
 */
const RESUMED_AT_ONCE = 32;
/**
 * Joins at most waiting for their story's card (`#cardTurn`), besides the `WRITES_AT_ONCE` items being written: they
 * send nothing meanwhile, and each holds its item and plan. Past it, the card that waits longest is written.
 */
const JOINS_WAITING = 256;
/** Items after the one being decided whose postings (and, once those are known, summaries) are read meanwhile. */
const READ_AHEAD = 32;

/**
 * How a decision waits for a story being started (its postings there, its summary not yet): while the story's first
 * item is claimed by a poll still at work (`startingClaimed`), every 50 ms at first, doubling up to every 2 s
 * (`CLAIM_WAIT_MAX_MS`), 30 s in all at most; after a conflict, also `STARTING_WAITS` times whatever the claim (50 ms
 * to 1.6 s, 3.15 s in all). The other poll writes the summary behind its postings and up to 16 other items' writes; on
 * a loaded machine that can take seconds, and the item would start a second story. A story whose poll died between
 * its postings and its summary costs a conflicting decision the fixed waits once.
 */
const STARTING_WAITS = 6;
const STARTING_WAIT_MS = 50;
/** The longest a decision waits for a story being started (ms), however long its first item's claim lasts. */
const STARTING_WAIT_MAX_MS = 30_000;

/**
 * The candidate stories of `item` posted (in `postings`) without a summary (`summaries` holds those there): another
 * poll is starting them, and the item waits for their summaries. The first of two copies started at once is the
 * story, unless the polls would wait for each other: a poll starting a story waits for this item's when it finds it
 * posted, under one of its lookup terms, without a summary. So the item waits for a story that comes before the one
 * it would start (by first item's time, then id), and for one after it only when that story's poll cannot find the
 * item's: the item posted under none of that story's lookup terms (its first item read and its terms taken, one
 * GetItem each). An item that posted nothing (every posting lost) waits for every one.
 * @throws StorageError
 */
async function startingStories(
  store: Store,
  config: Config,
  item: ItemFeatures,
  postings: readonly Posting[],
  wanted: readonly string[],
  summaries: readonly StoredSummary[],
): Promise<string[]> {
  const found = new Set(summaries.map((summary) => summary.id));
  const posted = new Set(postings.filter((posting) => posting.stories.has(item.id)).map((posting) => posting.term));
  const starting: string[] = [];
  for (const id of wanted) {
    if (id === item.id || found.has(id)) continue;
    const firstAt = postings.find((posting) => posting.stories.has(id))?.stories.get(id) ?? Number.POSITIVE_INFINITY;
    const ahead = firstAt < item.publishedAt || (firstAt === item.publishedAt && id < item.id);
    if (ahead || posted.size === 0) {
      starting.push(id);
      continue;
    }
    const first = await store.items.get(id);
    if (!first) continue;
    const terms = lookupsOf(featuresOf(storyInput(first, config), STORY_DEFAULTS)).map((lookup) => lookup.term);
    if (!terms.some((term) => posted.has(term))) starting.push(id);
  }
  return starting;
}

/** Items whose story this process is writing, by table and id: a poll completing one waits for it first. */
const grouping = new Map<string, Promise<unknown>>();

/**
 * How long (wall-clock ms) a poll's claim on an item it stores lasts: the item names its claim (`claimedUntil`,
 * `claimToken`), and another process that finds the item's story incomplete waits until then for that poll to write
 * it, and completes it only when the claim lapsed without its member row. A poll writes an item's story records
 * within seconds of storing it, unless the card of a join waits for a first cycle's other joins (`JOINS_WAITING`):
 * a claim that lapses meanwhile lets the two polls write the story at once, as both did before claims had a lease.
 */
export const CLAIM_LEASE_MS = 120_000;
/** This process's claims: its own polls wait for each other through `grouping`, never for a lease. */
const CLAIM_TOKEN = randomBytes(8).toString("base64url");
/** First wait (ms, doubling up to `CLAIM_WAIT_MAX_MS`) between two reads of a claimed item's member row. */
const CLAIM_WAIT_MS = 100;
const CLAIM_WAIT_MAX_MS = 2_000;

/**
 * Whether a poll still at work holds the claim on the first item of one of `stories` (a story's id is its first
 * item's): one of this process grouping it, or another process's live claim on an item that still names the story
 * (one GetItem each). A story found without one never gets one (its first item is claimed before its postings are
 * written): it goes into `unclaimed` and is not read again by the caller's cycle — a story whose poll died, or one
 * withdrawn after its item moved, costs a cycle one read, not one a decision.
 * @throws StorageError
 */
async function startingClaimed(store: Store, stories: readonly string[], unclaimed: Set<string>): Promise<boolean> {
  for (const id of stories) {
    if (grouping.has(`${store.table}\u0000${id}`)) return true;
    if (unclaimed.has(id)) continue;
    const first = await store.items.get(id);
    const live =
      first?.story === id &&
      first.claimToken !== undefined &&
      first.claimToken !== CLAIM_TOKEN &&
      Date.parse(first.claimedUntil ?? "") > Date.now();
    if (live) return true;
    unclaimed.add(id);
  }
  return false;
}

/**
 * Waits while another process's poll holds a live claim on `item` (at most `CLAIM_LEASE_MS` from now, whatever the
 * record says) and has not written its member row, reading the item and the row at growing intervals.
 * @returns null when there is nothing left to complete (that poll wrote the member row, or the item is gone); else the
 *   item to complete: `item` itself at once for an item of this process or without a live claim, the item as stored
 *   when the claim lapsed without its member row
 * @throws StorageError
 */
async function afterClaim(store: Store, item: StoredItem): Promise<StoredItem | null> {
  if (!item.claimToken || item.claimToken === CLAIM_TOKEN || !item.claimedUntil) return item;
  const until = Math.min(Date.parse(item.claimedUntil), Date.now() + CLAIM_LEASE_MS);
  if (!(until > Date.now())) return item;
  let stored: StoredItem | null = item;
  for (let wait = CLAIM_WAIT_MS; Date.now() < until; wait = Math.min(wait * 2, CLAIM_WAIT_MAX_MS)) {
    await delay(Math.max(0, Math.min(wait, until - Date.now())));
    // Read again: that poll may have moved the item to another story (a conflict made it decide again).
    stored = await store.items.get(item.id);
    if (!stored?.story) return null;
    if (await store.stories.hasMember(stored.story, stored.id, stored.publishedAt)) return null;
  }
  return stored;
}

/**
 * The fields grouping reads of an item (`StoryInput`): its content as text, and where it was published — its link,
 * else the feed of the source it was first seen in, so that an item without a link still meets the same-host rule.
 */
function storyInput(item: StoredItem, config: Config) {
  const first = item.sources[0];
  return {
    id: item.id,
    url: item.url ?? (first === undefined ? null : (configuredSource(config, first)?.url ?? null)),
    title: item.title,
    summary: item.summary,
    contentText: htmlToText(item.contentHtml),
    publishedAt: item.publishedAt,
  };
}

/** One source's new items waiting for the cycle's grouping, packed. */
interface Submission {
  sourceId: string;
  entries: PackedEntry[];
  /** The merge's read sequence (`commitSequence`) when it read these items. */
  readAt: number;
  done: (commits: Commits) => void;
  fail: (error: unknown) => void;
}

/** One new item on its way through a batch's grouping: packed until its reads start, then its entry. */
interface Step {
  packed: PackedEntry;
  entry?: Entry;
  from: Submission;
  features?: ItemFeatures;
  /** Its reads are started (postings; `summaries`: its likely candidates' too). */
  prefetched?: "postings" | "summaries";
  /** Decisions taken for it before (each after a conflicting write). */
  attempt: number;
  /** Its item is stored, naming its plan's `next.story`. */
  created: boolean;
  /** Ends its mark in `grouping`. */
  release?: () => void;
}

/** What one batch's grouping has come to. */
interface BatchState {
  results: Map<Submission, Commits>;
  /** Sources whose items failed to store (a storage failure): their later items are left to the next poll. */
  failed: Map<Submission, unknown>;
  /** Writes in flight. */
  running: Set<Promise<void>>;
  /** Items whose writes conflicted: decided again once the writes in flight have ended. */
  redo: Step[];
  /** Something this cycle knows may be wrong (a write failed or conflicted): decisions wait, then read again. */
  stale: boolean;
}

/**
 * A join whose summary and postings are written, waiting for the card write that takes it (`#cardTurn`): `done` ends
 * once its member row is written after that card, with the topic lists the card moved — or fails with that card's
 * failure, or its member row's.
 */
interface WaitingJoin extends CardJoin {
  publishedAt: string;
  done: Promise<ListKey[]>;
  end: (touched: ListKey[]) => void;
  fail: (error: unknown) => void;
}

/** A join of `item` at `version` waiting for its card. */
function waitingJoin(item: StoredItem, version: number, publishedAt: string): WaitingJoin {
  let end: (touched: ListKey[]) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const done = new Promise<ListKey[]>((resolve, reject) => {
    end = resolve;
    fail = reject;
  });
  // Awaited by the join's own write; a failure before then is not unhandled.
  done.catch(() => undefined);
  return { item, version, publishedAt, done, end, fail };
}

/** A story record's key in the write order. */
const postingTurn = (posting: Pick<Posting, "term" | "day">) => `K${posting.term}\u0000${posting.day}`;
const summaryTurn = (story: string) => `G${story}`;
const cardTurn = (story: string) => `C${story}`;

/**
 * The grouping of one cycle's new items. `expect` names the cycle's sources; each submits its merge's new items
 * (`submit`, its first call counting as its arrival) or says it has none (`leave`); grouping starts once all have.
 * Without expected sources (a merge on its own) each submission is grouped at once. `now` is the poll's clock: the
 * time topics' versions move at.
 */
export class StoryGrouping {
  readonly #waiting = new Set<string>();
  #queue: Submission[] = [];
  #open: boolean;
  /** Grouping runs one batch at a time: each decision reads what the ones before it wrote. */
  #chain: Promise<void> = Promise.resolve();
  readonly #sourceRank: Map<string, number>;
  readonly #cache: StoryCache;
  readonly #order = new WriteOrder();
  /** Joins waiting for a card write of their story, by story, in the order they joined (`#cardTurn`). */
  readonly #cardWaits = new Map<string, WaitingJoin[]>();
  /** Card turns reserved and not yet run, by story: a join decided after the one whose turn runs. */
  readonly #cardTurns = new Map<string, number>();
  /** Stories posted without a summary that no poll at work claims (`startingClaimed`): not waited for, not read again. */
  readonly #unclaimed = new Set<string>();
  /** Joins in `#cardWaits`. */
  #joinsWaiting = 0;
  /** Wakes the decisions waiting for a write to end: a write now waits for its card, sending nothing. */
  #wake: () => void = () => undefined;
  /** The decisions have stopped until the writes in flight end: a join's card is written once no later join waits. */
  #draining = false;
  /** Topic lists whose version a join of this cycle moved: each is moved once a cycle. */
  readonly #touched = new Map<ListKey, Promise<void>>();
  /** Merges resumed by a batch's results and not yet done with them, by source: what ends their turn. */
  readonly #resumed = new Map<string, () => void>();
  /** Turns of the merges a batch's results resume (`RESUMED_AT_ONCE`). */
  readonly #resuming = pLimit(RESUMED_AT_ONCE);

  constructor(
    private readonly store: Store,
    private readonly config: Config,
    expected: Iterable<string> = [],
    private readonly now: () => Date = () => new Date(),
  ) {
    for (const id of expected) this.#waiting.add(id);
    this.#open = this.#waiting.size === 0;
    this.#sourceRank = new Map(config.sources.map((source, n) => [source.id, n]));
    this.#cache = new StoryCache(store);
  }

  /** `sourceId` submits nothing (more) before its poll ends: grouping need not wait for it. */
  leave(sourceId: string): void {
    this.#settled(sourceId);
    if (this.#waiting.delete(sourceId)) this.#release();
  }

  /** `sourceId`'s merge, resumed by a batch's results, is done with them (it left, or submits again). */
  #settled(sourceId: string): void {
    this.#resumed.get(sourceId)?.();
    this.#resumed.delete(sourceId);
  }

  /**
   * Stores the plans of `entries` (new items of `sourceId`'s merge, read at `readAt`, with their articles) grouped into
   * stories, in the cycle's order: committed, lost (another poll stored the item first), waited (another source of
   * this cycle carried it, or this process had it in flight: its merge plans it again, from its article in
   * `returned`) or rejected (too large). The entries are held packed (`packEntry`) until grouping runs: the caller
   * need not keep them.
   * @throws StorageError (items grouped before the failure stay stored and grouped)
   */
  submit(sourceId: string, entries: readonly Entry[], readAt: number): Promise<Commits> {
    // A resumed merge submitting new items again waits for the grouping: its turn among the resumed ones ends.
    if (entries.length > 0) this.#settled(sourceId);
    const arrived = this.#waiting.delete(sourceId);
    if (entries.length === 0) {
      if (arrived) this.#release();
      return Promise.resolve(emptyCommits());
    }
    const packed = entries.map(packEntry);
    const result = new Promise<Commits>((done, fail) =>
      this.#queue.push({ sourceId, entries: packed, readAt, done, fail }),
    );
    if (arrived) this.#release();
    else if (this.#open) this.#flush();
    return result;
  }

  /**
   * Completes the stories of items stored by a poll that stopped before their story's records were all written (see
   * the module's doc): one read of their member rows, then those missing. Runs in turn with the cycle's grouping.
   * @throws StorageError
   */
  complete(items: readonly StoredItem[]): Promise<ListKey[]> {
    if (items.length === 0) return Promise.resolve([]);
    const options = { now: this.now, touch: this.#touch };
    const run = this.#chain.then(async () => {
      try {
        return await completeStories(this.store, this.config, items, options);
      } finally {
        // What it wrote went past the cache.
        this.#cache.clear();
      }
    });
    this.#chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Moves the versions of `lists`, each once this cycle (the first join that changes it). @throws StorageError */
  readonly #touch = (lists: readonly ListKey[]): Promise<unknown> =>
    Promise.all(
      lists.map((list) => {
        const known = this.#touched.get(list);
        if (known) return known;
        const touch = this.store.lists.touch(list, this.now());
        this.#touched.set(list, touch);
        // A failed move is tried again by the next join that changes the list.
        touch.catch(() => {
          if (this.#touched.get(list) === touch) this.#touched.delete(list);
        });
        return touch;
      }),
    );

  #release(): void {
    if (this.#waiting.size === 0) {
      this.#open = true;
      this.#flush();
    }
  }

  #flush(): void {
    if (this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    this.#chain = this.#chain.then(() => this.#group(batch)).catch(() => undefined);
  }

  /** Groups a batch: one plan per item (its first source in configuration order), in grouping order. */
  async #group(batch: Submission[]): Promise<void> {
    const results = new Map<Submission, Commits>(batch.map((s) => [s, emptyCommits()]));
    const chosen = new Map<string, { packed: PackedEntry; from: Submission }>();
    const waited: { packed: PackedEntry; from: Submission }[] = [];
    const rank = (s: Submission) => this.#sourceRank.get(s.sourceId) ?? Number.MAX_SAFE_INTEGER;
    for (const from of batch) {
      for (const packed of from.entries) {
        const other = chosen.get(packed.id);
        if (!other || rank(from) < rank(other.from)) {
          if (other) waited.push(other);
          chosen.set(packed.id, { packed, from });
        } else waited.push({ packed, from });
      }
      from.entries = [];
    }
    const steps = groupingOrder(
      [...chosen.values()].map((c) => ({ ...c, id: c.packed.id, publishedAt: c.packed.publishedAt })),
    ).map(({ packed, from }): Step => ({ packed, from, attempt: 0, created: false }));
    chosen.clear();
    // A storage failure fails the source of that item (the next poll redoes it, its items after it left alone); the
    // other sources' items go on.
    const state: BatchState = { results, failed: new Map(), running: new Set(), redo: [], stale: false };
    await this.#run(steps, state);
    // The merges resume `RESUMED_AT_ONCE` at a time (each plans again what another source of the cycle stored first),
    // not every source of a first cycle at once.
    const handedBack = new Map<Submission, PackedEntry[]>();
    for (const { packed, from } of waited) handedBack.set(from, [...(handedBack.get(from) ?? []), packed]);
    await Promise.all(
      batch.map((submission) =>
        this.#resuming(
          () =>
            new Promise<void>((resume) => {
              this.#resumed.set(submission.sourceId, resume);
              const failure = state.failed.get(submission);
              if (state.failed.has(submission)) return submission.fail(failure);
              const commits = results.get(submission) as Commits;
              // Another source of the cycle stored these: its merge plans them again.
              for (const packed of handedBack.get(submission) ?? []) handBack(commits, "waited", unpackEntry(packed));
              submission.done(commits);
            }),
        ),
      ),
    );
  }

  /** Decides `steps` in order, their writes behind; after a failed write, waits, forgets, and decides again. */
  async #run(steps: (Step | null)[], state: BatchState): Promise<void> {
    let next = 0;
    for (;;) {
      if (state.stale) {
        await this.#settle(state);
        this.#cache.clear();
        state.stale = false;
        const redo = groupingOrder(
          state.redo.map((step) => ({ step, id: step.packed.id, publishedAt: step.packed.publishedAt })),
        ).map(({ step }) => step);
        state.redo = [];
        steps.splice(next, 0, ...redo);
        continue;
      }
      const step = steps[next];
      if (!step) {
        if (state.running.size === 0) return;
        await this.#settle(state);
        continue;
      }
      // Let the plan go once decided: the write holds it while it runs.
      steps[next++] = null;
      if (state.failed.has(step.from)) {
        step.release?.();
        continue;
      }
      this.#readAhead(steps, next);
      await this.#decide(step, state);
      // Joins waiting for a later join's card write send nothing: they do not count.
      while (state.running.size - this.#joinsWaiting >= WRITES_AT_ONCE) {
        await new Promise<void>((wake) => {
          this.#wake = wake;
          void Promise.race(state.running).then(() => wake());
        });
      }
    }
  }

  /**
   * Waits until every write in flight has ended: the cards of the joins waiting are written (each once no later join
   * of its story is on its way to its turn), and no join waits for its card meanwhile.
   */
  async #settle(state: BatchState): Promise<void> {
    this.#draining = true;
    try {
      for (const story of [...this.#cardWaits.keys()]) if (!this.#cardTurns.has(story)) this.#flushCard(story);
      await settle(state.running);
    } finally {
      this.#draining = false;
    }
  }

  /** Writes the card of `story`'s waiting joins on a turn of its own, after the story's card turns reserved before. */
  #flushCard(story: string): void {
    this.#cardTurns.set(story, (this.#cardTurns.get(story) ?? 0) + 1);
    const turns = this.#order.reserve([cardTurn(story)]);
    const release = () => turns.release();
    void turns.run(cardTurn(story), () => this.#cardTurn(story, undefined, true), true).then(release, release);
  }

  /** Starts the reads of the items after the one being decided: their postings, then their likely candidates. */
  #readAhead(steps: (Step | null)[], from: number): void {
    for (let n = from; n < Math.min(steps.length, from + READ_AHEAD); n++) {
      const step = steps[n];
      if (!step || step.prefetched === "summaries" || step.attempt > 0) continue;
      try {
        step.features ??= featuresOf(storyInput(entryOf(step).plan.next, this.config), STORY_DEFAULTS);
      } catch {
        continue; // decided (and failed) in its turn
      }
      const lookups = lookupsOf(step.features);
      if (!step.prefetched) {
        this.#cache.prefetchPostings(lookups);
        step.prefetched = "postings";
      }
      const postings = this.#cache.knownPostings(lookups);
      if (postings) {
        const wanted = candidatesOf(step.features, postings, STORY_DEFAULTS);
        if (!this.#cache.knowsSummaries(wanted)) this.#cache.prefetchSummaries(wanted);
        step.prefetched = "summaries";
      }
    }
  }

  /** Decides one item's story from what the cycle knows, then starts its writes. */
  async #decide(step: Step, state: BatchState): Promise<void> {
    const item = entryOf(step).plan.next;
    if (!step.release) {
      const key = `${this.store.table}\u0000${item.id}`;
      let resolve: () => void = () => undefined;
      const mark = new Promise<void>((done) => {
        resolve = done;
      });
      // Marked before the item is written: a poll of this process completing the item waits for this one.
      grouping.set(key, mark);
      step.release = () => {
        if (grouping.get(key) === mark) grouping.delete(key);
        resolve();
      };
    }
    let change: StoryChange;
    let written: StoredSummary | undefined;
    let features: ItemFeatures;
    try {
      features = step.features ?? featuresOf(storyInput(item, this.config), STORY_DEFAULTS);
      step.features = features;
      let consistent = step.attempt > 0;
      let postings: Posting[];
      let summaries: StoredSummary[];
      let waited = 0;
      for (let wait = 0; ; wait++) {
        postings = await this.#cache.postings(lookupsOf(features), consistent);
        const wanted = candidatesOf(features, postings, STORY_DEFAULTS);
        summaries = wanted.length ? await this.#cache.summaries(wanted, consistent) : [];
        // A candidate story whose summary is not there yet is being started by another poll (its postings written
        // first): its summary is waited for (`startingStories` says which) as long as a poll at work claims its first
        // item — after a conflict a few times whatever the claim — before the item decides without it: two polls
        // starting copies of one story at once make one story, not two. A story whose poll died is not waited for.
        const starting = await startingStories(this.store, this.config, features, postings, wanted, summaries);
        if (starting.length === 0 || waited >= STARTING_WAIT_MAX_MS) break;
        if ((!consistent || wait >= STARTING_WAITS) && !(await startingClaimed(this.store, starting, this.#unclaimed)))
          break;
        if (!consistent) {
          // Read again at once, strongly consistent: the summary may be written already.
          consistent = true;
          continue;
        }
        const ms = Math.min(STARTING_WAIT_MS * 2 ** wait, CLAIM_WAIT_MAX_MS);
        await delay(ms);
        waited += ms;
      }
      // A story this item already started, or (after a conflict) one another poll completing it wrote it into.
      const own = summaries.find((s) => s.id === item.id);
      const done = step.created
        ? summaries.find((s) => s.id === item.story && this.store.stories.wroteLast(s, item.id))
        : undefined;
      written = done ?? own;
      change = changeOf(features, decide(features, summaries, STORY_DEFAULTS), postings, STORY_DEFAULTS);
    } catch (error) {
      this.#failed(step, state, error);
      return;
    }
    if (written) {
      // Left by an earlier poll (or another one): finished here, with nothing else in flight.
      await this.#settle(state);
      state.stale = true;
      await this.#finish(step, state, features, written);
      return;
    }
    const story = change.summary.id;
    const postings = this.#cache.apply(change, memberFingerprint(item.id));
    const keys = [...postings.map(postingTurn), summaryTurn(story)];
    if (change.summary.version > 1) {
      keys.push(cardTurn(story));
      this.#cardTurns.set(story, (this.#cardTurns.get(story) ?? 0) + 1);
    }
    const turns = this.#order.reserve(keys);
    const write = this.#write(step, state, change, postings, turns).finally(() => state.running.delete(write));
    state.running.add(write);
  }

  /**
   * Stores the item naming `story` (the claim), unless stored already; moves it to `story` when an earlier decision
   * named another. False when the item was not stored here (lost, waited, rejected: in the source's commits).
   */
  async #claim(step: Step, state: BatchState, story: string): Promise<boolean> {
    const entry = entryOf(step);
    const { plan } = entry;
    const item = plan.next;
    if (step.created) {
      if (item.story !== story) await moveItem(this.store, item, story);
      return true;
    }
    item.story = story;
    item.claimedUntil = new Date(Date.now() + CLAIM_LEASE_MS).toISOString();
    item.claimToken = CLAIM_TOKEN;
    // A new story's item is its entry in every grouped topic it enters: those rows are written with its others.
    if (story === item.id) plan.put = [...plan.put, ...entryListsOf(this.config, item)];
    const commits = await commitPlans(this.store, [plan], step.from.readAt);
    const result = state.results.get(step.from) as Commits;
    const rejected: ItemTooLargeError | undefined = commits.rejected[0];
    if (rejected) result.rejected.push(rejected);
    else if (commits.lost.length > 0) handBack(result, "lost", entry);
    else if (commits.waited.length > 0) handBack(result, "waited", entry);
    else {
      step.created = true;
      return true;
    }
    return false;
  }

  /** The writes of one decision (see the module's doc), each record's on its turn. */
  async #write(step: Step, state: BatchState, change: StoryChange, postings: Posting[], turns: Turns) {
    const { plan } = entryOf(step);
    const item = plan.next;
    const { summary } = change;
    const story = summary.id;
    const stories = this.store.stories;
    const putPosting = (posting: Posting) =>
      turns.run(postingTurn(posting), async () => {
        try {
          return await stories.putPosting(posting);
        } finally {
          this.#cache.settlePosting(posting.term, posting.day);
        }
      });
    const putSummary = () =>
      turns.run(summaryTurn(story), async () => {
        try {
          return await stories.putSummary(summary, item.id);
        } finally {
          this.#cache.settleSummary(story);
        }
      });
    const publishedAt = new Date(change.item.publishedAt).toISOString();
    // Whether this decision's card turn (a join's) has run: every one runs, or the joins waiting on it would not end.
    let cardRun = summary.version === 1;
    try {
      if (!(await this.#claim(step, state, story))) {
        state.stale = true;
        step.release?.();
        return;
      }
      let touched: ListKey[] = [];
      if (summary.version === 1) {
        if ((await allSettled(postings.map(putPosting))).includes(false)) {
          throw new StoryConflictError(`a posting of story ${story} moved`);
        }
        if (!(await putSummary())) throw new StoryConflictError(`story ${story} exists`);
        await stories.putMember(story, item.id, publishedAt, 1);
      } else {
        if (!(await putSummary())) throw new StoryConflictError(`story ${story} moved`);
        // Adding a story commutes: a posting that is not as decided (another poll moved it, or a write before this
        // one did not happen) is read again and the story added again.
        await allSettled(
          postings.map(async (posting) => {
            if (await putPosting(posting)) return;
            state.stale = true;
            await stories.addToPosting(posting.term, posting.day, story, summary.firstAt);
          }),
        );
        // The card reads what it writes over: written on its turn whatever the turns before it came to, for the
        // joins waiting then (`#cardTurn`: a later turn may take this join's over); the member row follows the card
        // write that took the join, only when it succeeded.
        const join = waitingJoin(item, summary.version, publishedAt);
        cardRun = true;
        await turns.run(cardTurn(story), () => this.#cardTurn(story, join), true);
        touched = await join.done;
      }
      const commits = state.results.get(step.from) as Commits;
      commits.committed.set(item.id, plan.outcome);
      commits.touched = [...(commits.touched ?? []), ...touched];
      step.release?.();
    } catch (error) {
      state.stale = true;
      if (error instanceof StoryConflictError && step.attempt + 1 < MAX_ATTEMPTS) {
        step.attempt++;
        state.redo.push(step);
      } else this.#failed(step, state, error);
    } finally {
      // A join that did not get to its card still takes its turn: the card of the joins waiting is written on it.
      if (!cardRun) await turns.run(cardTurn(story), () => this.#cardTurn(story), true);
      turns.release();
    }
  }

  /**
   * One card turn of `story` (each join decided reserves one, in decision order; `#flushCard` takes one too), with
   * `join` now waiting for its card (none: that join's writes failed before it, or a flush). The card is not written
   * while a join decided later has yet to take its turn, nor for a join that just came while the decisions go on: a
   * later turn writes it, once for every join waiting then, superseding the write queued before — so the joins of one
   * story in a cycle write its card once or a few times, not once each. It is written when the decisions stop
   * (`#settle`: the batch's end, a conflict, a failure), or when it has waited longest of more than `JOINS_WAITING`
   * joins; then the joins' member rows. Each join's `done` ends with its member row, or fails with the card write's
   * failure or its member row's (its item stays incomplete: the next poll completes it).
   */
  async #cardTurn(story: string, join?: WaitingJoin, flush = false): Promise<boolean> {
    const later = (this.#cardTurns.get(story) ?? 1) - 1;
    if (later > 0) this.#cardTurns.set(story, later);
    else this.#cardTurns.delete(story);
    const joins = this.#cardWaits.get(story) ?? [];
    if (join) joins.push(join);
    if (!flush && joins.length > 0 && (later > 0 || (join && !this.#draining))) {
      this.#cardWaits.set(story, joins);
      if (!join) return true;
      this.#joinsWaiting++;
      this.#wake();
      // The card that waits longest is written when too many joins wait.
      if (this.#joinsWaiting > JOINS_WAITING) {
        const oldest = [...this.#cardWaits.keys()].find((s) => !this.#cardTurns.has(s));
        if (oldest !== undefined) this.#flushCard(oldest);
      }
      return true;
    }
    this.#joinsWaiting -= joins.length - (join ? 1 : 0);
    this.#cardWaits.delete(story);
    if (joins.length === 0) return true;
    let card: CardWrite;
    try {
      const options = { now: this.now, touch: this.#touch, known: this.#cache.card(story) };
      card = await writeCard(this.store, this.config, joins, options);
      this.#cache.setCard(story, card.card);
    } catch (error) {
      this.#cache.setCard(story, undefined);
      for (const waiting of joins) waiting.fail(error);
      return true;
    }
    const stories = this.store.stories;
    await Promise.all(
      joins.map((waiting) =>
        stories
          .putMember(story, waiting.item.id, waiting.publishedAt, waiting.version)
          .then(() => waiting.end(card.touched), waiting.fail),
      ),
    );
    return true;
  }

  /** The item's story records were written (in part) by another poll: its postings, card and member row follow. */
  async #finish(step: Step, state: BatchState, features: ItemFeatures, summary: StoredSummary): Promise<void> {
    const { plan } = entryOf(step);
    const item = plan.next;
    try {
      if (!(await this.#claim(step, state, summary.id))) {
        step.release?.();
        return;
      }
      await addPostings(this.store, features, summary);
      const options = { now: this.now, touch: this.#touch };
      const touched =
        summary.version > 1 ? (await updateCard(this.store, this.config, item, summary.version, options)).touched : [];
      await this.store.stories.putMember(summary.id, item.id, item.publishedAt, summary.version);
      const commits = state.results.get(step.from) as Commits;
      commits.committed.set(item.id, plan.outcome);
      commits.touched = [...(commits.touched ?? []), ...touched];
      step.release?.();
    } catch (error) {
      this.#failed(step, state, error);
    }
  }

  /** A storage failure (or a story that kept conflicting): the item's source fails; its later items wait. */
  #failed(step: Step, state: BatchState, error: unknown): void {
    if (!state.failed.has(step.from)) state.failed.set(step.from, error);
    step.release?.();
  }
}

/** A step's entry, unpacked once its reads start. */
function entryOf(step: Step): Entry {
  step.entry ??= unpackEntry(step.packed);
  return step.entry;
}

/** A new item handed back to its merge (lost, waited): its plan, and its article to plan it again from. */
function handBack(commits: Commits, kind: "lost" | "waited", entry: Entry): void {
  commits[kind].push(entry.plan);
  commits.returned = [...(commits.returned ?? []), entry.article];
}

/** Waits until every promise of `running` (which may grow meanwhile) has settled. */
async function settle(running: Set<Promise<void>>): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running]);
}

/**
 * Names `story` as the item's stored story (its decision changed after a conflict), conditional on the item's `rev`:
 * read again after another write won.
 */
async function moveItem(store: Store, item: StoredItem, story: string): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await store.items.get(item.id);
    if (!stored) return;
    if (stored.story === story) break;
    if (await store.items.replace({ ...stored, story, rev: stored.rev + 1 }, stored.rev)) break;
  }
  item.story = story;
}

const emptyCommits = (): Commits => ({ committed: new Map(), lost: [], waited: [], rejected: [] });

/** Adds `summary`'s story to the postings of the item's lookup terms on its day (adding commutes: nothing decided). */
async function addPostings(
  store: Store,
  features: ItemFeatures,
  summary: StoredSummary | { id: string; firstAt: number },
) {
  const day = dayOf(features.publishedAt);
  await Promise.all(
    [...new Set(features.keys.map(keyTerm))].map((term) =>
      store.stories.addToPosting(term, day, summary.id, summary.firstAt),
    ),
  );
}

/** The poll's clock and how a cycle moves topics' versions (`CardOptions`), for completing stories. */
export interface CompleteOptions {
  now: () => Date;
  touch?: (lists: readonly ListKey[]) => Promise<unknown>;
}

/**
 * Completes the stories of `items` whose member rows are missing (one BatchGetItem of them), one at a time.
 * @returns the topic lists whose grouped entries the completed joins changed
 * @throws StorageError
 */
export async function completeStories(
  store: Store,
  config: Config,
  items: readonly StoredItem[],
  options: CompleteOptions,
): Promise<ListKey[]> {
  const named = items.filter((item): item is StoredItem & { story: string } => item.story !== undefined);
  for (const item of named) await grouping.get(`${store.table}\u0000${item.id}`)?.catch(() => undefined);
  const complete = await store.stories.withMemberRows(named);
  const touched: ListKey[] = [];
  for (const item of named)
    if (!complete.has(item.id)) touched.push(...(await completeStory(store, config, item, options, true)));
  return touched;
}

/**
 * Completes the story of `item` (see the module's doc): nothing when its member row is there (written last; not read
 * again when the caller found it `missing`). A story it started gets its postings, summary and entry rows; a join is
 * written unless the story shows it already (its last write was this item's, or its host filter holds the item's
 * host: taken as written), then its postings, the card (with the item's entry rows) and the member row. A join whose
 * story has no summary yet is another poll's story in the making (its first item stored, its summary not yet
 * written), or one whose poll stopped before writing it: the story's first item completes it first. Only when that
 * item is gone too (past retention, removed) does the item become a story of its own. An item another process's poll
 * stored under a live claim is that poll's to complete: this waits for its member row until the claim lapses
 * (`CLAIM_LEASE_MS`), and completes it only then.
 * @returns the topic lists whose grouped entries the join changed
 * @throws StorageError
 */
export async function completeStory(
  store: Store,
  config: Config,
  stored: StoredItem,
  options: CompleteOptions,
  missing = false,
): Promise<ListKey[]> {
  if (!stored.story) return [];
  await grouping.get(`${store.table}\u0000${stored.id}`)?.catch(() => undefined);
  if (!missing && (await store.stories.hasMember(stored.story, stored.id, stored.publishedAt))) return [];
  const item = await afterClaim(store, stored);
  const story = item?.story;
  if (!item || !story) return [];
  const features = featuresOf(storyInput(item, config), STORY_DEFAULTS);
  if (story === item.id) {
    await addPostings(store, features, { id: item.id, firstAt: features.publishedAt });
    const started = await store.stories.putSummary(newSummary(features, STORY_DEFAULTS.profileTerms), item.id);
    await Promise.all(entryListsOf(config, item).map((list) => putEntryRow(store, list, item)));
    await store.stories.putMember(story, item.id, item.publishedAt, 1);
    // The poll that stored the item may have moved it to another story meanwhile: the summary just written goes.
    if (started && (await store.items.get(item.id))?.story !== item.id) await store.stories.withdraw(item.id);
    return [];
  }
  let summary = await joinSummary(store, story, features);
  if (!summary && (await startFirst(store, config, story, options)))
    summary = await joinSummary(store, story, features);
  if (!summary) {
    // Its story is gone with its first item: the item is a story of its own.
    await moveItem(store, item, item.id);
    return completeStory(store, config, item, options, true);
  }
  await addPostings(store, features, summary);
  const { touched } = await updateCard(store, config, item, summary.version, options);
  await store.stories.putMember(story, item.id, item.publishedAt, summary.version);
  return touched;
}

/**
 * The summary of `story` with the item joined: written here unless the story shows the join already (see
 * `completeStory`); null when the story has no summary.
 * @throws StorageError, also when the summary kept moving (other polls' joins): the item stays incomplete and its
 *   source's state unsaved, so the next poll completes it
 */
async function joinSummary(store: Store, story: string, features: ItemFeatures): Promise<StoredSummary | null> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const summary = await store.stories.summary(story);
    if (!summary) return null;
    const written =
      store.stories.wroteLast(summary, features.id) ||
      (features.host !== null && mayHoldHost(summary.hosts, features.host));
    if (written) return summary;
    const next = withMember(summary, features, STORY_DEFAULTS.profileTerms);
    if (await store.stories.putSummary(next, features.id)) return { ...next, by: null };
  }
  throw new StorageError(`story ${story} kept moving while item ${features.id} joined it`);
}

/**
 * Completes the start of `story` by its first item (the item whose id it has) when that item is stored, still names
 * it and is within retention: false when it is not (the story is gone).
 * @throws StorageError
 */
async function startFirst(store: Store, config: Config, story: string, options: CompleteOptions): Promise<boolean> {
  const first = await store.items.get(story);
  if (!first || first.story !== story || first.publishedAt < retentionCutoff(config, options.now())) return false;
  await completeStory(store, config, first, options);
  return true;
}
