/**
 * What one cycle's story grouping knows of the story records, so that the next item decides from memory what the
 * items before it read or wrote (docs/stories.md, "Reads and writes per new article"):
 *
 * - postings by term and day (a day known to have none counts, as version 0), read a day once: a lookup reads only
 *   the days of its range no item before it read, in one Query;
 * - story summaries by id (a story known to have none counts too), read once, several items' at a time;
 * - story cards by id, as the card writes of this cycle left them.
 *
 * A record a decision changes is held as that decision wrote it until the write has ended (`settle`), whatever the
 * bounds; the others are kept in least-recently-used caches of bounded size (`POSTINGS_KEPT`, `SUMMARIES_KEPT`,
 * `CARDS_KEPT`), so what the cache holds does not grow with the cycle. A record another poll wrote after it was read
 * is not seen: the writes' conditions still order every poll, and a failed condition makes the grouping drop what it
 * knows (`clear`) and read again, strongly consistent.
 */
import { LRUCache } from "lru-cache";
import type { Store, StoredSummary, StoryCard } from "../store/index.ts";
import type { Posting, PostingLookup, StoryChange } from "../stories/index.ts";
import { withStory } from "../stories/postings.ts";

/** Postings kept beside those being written (about 0.3–1 KB each). */
const POSTINGS_KEPT = 30_000;
/** Summaries kept beside those being written (about 2 KB each: a story's 32 terms and host filter). */
const SUMMARIES_KEPT = 6_000;
/** Cards kept beside those being written (up to 4 KB each). */
const CARDS_KEPT = 2_000;

const DAY_MS = 86_400_000;

/** The days from `from` to `to` (`YYYY-MM-DD`, both included). */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  const last = Date.parse(`${to}T00:00:00Z`);
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= last; at += DAY_MS)
    days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

const postingKey = (term: string, day: string) => `${term}\u0000${day}`;
/** A day known to have no posting of the term. */
const none = (term: string, day: string): Posting => ({ term, day, version: 0, stories: new Map() });

/** A record as known: `at` is the count of settled writes when a write of this cycle left it (0: read). */
interface Kept<T> {
  value: T;
  at: number;
}

/** A record with writes of this cycle in flight: the state the last of them writes, and how many are running. */
interface Held<T> {
  value: T;
  writes: number;
}

/** A story's card as this cycle knows it: null when it has none (a story of one). */
export type KnownCard = StoryCard | null;

/** The story records one cycle's grouping read or wrote (see the module's doc). */
export class StoryCache {
  readonly #postings = new LRUCache<string, Kept<Posting>>({ max: POSTINGS_KEPT });
  readonly #summaries = new LRUCache<string, Kept<StoredSummary | false>>({ max: SUMMARIES_KEPT });
  readonly #cards = new LRUCache<string, StoryCard | false>({ max: CARDS_KEPT });
  readonly #heldPostings = new Map<string, Held<Posting>>();
  readonly #heldSummaries = new Map<string, Held<StoredSummary>>();
  /** Reads in flight, by the key of each record they will tell about. */
  readonly #reading = new Map<string, { read: Promise<unknown>; consistent: boolean }>();
  /** Bumped by `clear`: a read started before it fills nothing. */
  #generation = 0;
  /** Writes settled so far: a read fills nothing a write settled after it started. */
  #settled = 0;

  constructor(private readonly store: Store) {}

  #posting(key: string): Posting | undefined {
    return this.#heldPostings.get(key)?.value ?? this.#postings.get(key)?.value;
  }

  #summary(id: string): StoredSummary | false | undefined {
    return this.#heldSummaries.get(id)?.value ?? this.#summaries.get(id)?.value;
  }

  /**
   * Whether a read started when `settled` writes had settled may fill `kept`'s entry: not over a record being
   * written, nor over one a write settled after the read started; over one read before only when `consistent`.
   */
  #fills<T>(kept: LRUCache<string, Kept<T>>, held: boolean, key: string, settled: number, consistent: boolean) {
    if (held) return false;
    const current = kept.get(key);
    return current === undefined || (consistent && current.at <= settled);
  }

  /**
   * Starts reading what `lookups` need and nothing reads yet: for each term, one Query of the span of its days not
   * known. @throws nothing (a failed read is read again by `postings`)
   */
  prefetchPostings(lookups: readonly PostingLookup[], consistent = false): void {
    void this.#readPostings(lookups, consistent).catch(() => undefined);
  }

  #readPostings(lookups: readonly PostingLookup[], consistent: boolean): Promise<unknown> {
    const waits: Promise<unknown>[] = [];
    for (const lookup of lookups) {
      const missing = daysOf(lookup.fromDay, lookup.toDay).filter((day) => {
        const key = postingKey(lookup.term, day);
        const reading = this.#reading.get(key);
        if (reading && (reading.consistent || !consistent)) {
          waits.push(reading.read);
          return false;
        }
        return consistent || this.#posting(key) === undefined;
      });
      if (missing.length === 0) continue;
      const generation = this.#generation;
      const settled = this.#settled;
      const read = this.store.stories
        .postings([{ term: lookup.term, fromDay: missing[0] as string, toDay: missing.at(-1) as string }], consistent)
        .then((found) => {
          if (generation !== this.#generation) return;
          const byDay = new Map(found.map((posting) => [posting.day, posting]));
          for (const day of missing) {
            const key = postingKey(lookup.term, day);
            if (!this.#fills(this.#postings, this.#heldPostings.has(key), key, settled, consistent)) continue;
            this.#postings.set(key, { value: byDay.get(day) ?? none(lookup.term, day), at: 0 });
          }
        });
      const ended = read.finally(() => {
        for (const day of missing) {
          const key = postingKey(lookup.term, day);
          if (this.#reading.get(key)?.read === ended) this.#reading.delete(key);
        }
      });
      for (const day of missing) this.#reading.set(postingKey(lookup.term, day), { read: ended, consistent });
      waits.push(ended);
    }
    return Promise.all(waits);
  }

  /**
   * The postings of each lookup's term between its days that exist, as the Queries of `StoryIndex.postings` give
   * them (lookup by lookup, day by day), when every day is known; else null.
   */
  knownPostings(lookups: readonly PostingLookup[]): Posting[] | null {
    const out: Posting[] = [];
    for (const lookup of lookups) {
      for (const day of daysOf(lookup.fromDay, lookup.toDay)) {
        const posting = this.#posting(postingKey(lookup.term, day));
        if (posting === undefined) return null;
        if (posting.version > 0) out.push(posting);
      }
    }
    return out;
  }

  /**
   * The postings of each lookup's term between its days that exist, as the Queries of `StoryIndex.postings` give
   * them, from memory where known. @throws StorageError
   */
  async postings(lookups: readonly PostingLookup[], consistent: boolean): Promise<Posting[]> {
    // Strongly consistent: read again, whatever is known (but what this cycle is writing).
    if (consistent) await this.#readPostings(lookups, true);
    for (let round = 0; round < 3; round++) {
      const known = this.knownPostings(lookups);
      if (known) return known;
      await this.#readPostings(lookups, consistent);
    }
    // Forgotten as fast as read (a cache far too small for the reads in flight): read them straight.
    return this.knownPostings(lookups) ?? this.store.stories.postings(lookups, consistent);
  }

  /** Starts reading the summaries of `ids` not known and not being read (one BatchGetItem). */
  prefetchSummaries(ids: readonly string[], consistent = false): void {
    void this.#readSummaries(ids, consistent).catch(() => undefined);
  }

  #readSummaries(ids: readonly string[], consistent: boolean): Promise<unknown> {
    const waits: Promise<unknown>[] = [];
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const reading = this.#reading.get(`G${id}`);
      if (reading && (reading.consistent || !consistent)) waits.push(reading.read);
      else if (consistent || this.#summary(id) === undefined) missing.push(id);
    }
    if (missing.length > 0) {
      const generation = this.#generation;
      const settled = this.#settled;
      const read = this.store.stories.summaries(missing, consistent).then((found) => {
        if (generation !== this.#generation) return;
        const byId = new Map(found.map((summary) => [summary.id, summary]));
        for (const id of missing) {
          if (!this.#fills(this.#summaries, this.#heldSummaries.has(id), id, settled, consistent)) continue;
          this.#summaries.set(id, { value: byId.get(id) ?? false, at: 0 });
        }
      });
      const ended = read.finally(() => {
        for (const id of missing) if (this.#reading.get(`G${id}`)?.read === ended) this.#reading.delete(`G${id}`);
      });
      for (const id of missing) this.#reading.set(`G${id}`, { read: ended, consistent });
      waits.push(ended);
    }
    return Promise.all(waits);
  }

  /** The summaries of these stories, those that exist, from memory where known. @throws StorageError */
  async summaries(ids: readonly string[], consistent: boolean): Promise<StoredSummary[]> {
    if (consistent) await this.#readSummaries(ids, true);
    for (let round = 0; ; round++) {
      const known = ids.map((id) => this.#summary(id));
      if (known.every((summary) => summary !== undefined)) {
        return known.filter((summary): summary is StoredSummary => summary !== false);
      }
      if (round >= 3) return this.store.stories.summaries(ids, consistent);
      await this.#readSummaries(ids, consistent);
    }
  }

  /** Whether every one of `ids` is known (a summary, or known to have none). */
  knowsSummaries(ids: readonly string[]): boolean {
    return ids.every((id) => this.#summary(id) !== undefined);
  }

  /**
   * Takes a decision's change as written: the postings gaining its story (each the one read plus the story) and its
   * summary (`by` the item), held until `settle`. Returns the posting records to write, each at the version after
   * the one its write is conditional on.
   */
  apply(change: StoryChange, by: Uint8Array): Posting[] {
    const { summary } = change;
    const next: Posting[] = [];
    for (const addition of change.postings) {
      const key = postingKey(addition.term, addition.day);
      const read = this.#posting(key) ?? none(addition.term, addition.day);
      const written = withStory(read, summary.id, summary.firstAt);
      if (!written) continue;
      next.push(written);
      hold(this.#heldPostings, key, written);
    }
    hold(this.#heldSummaries, summary.id, { ...summary, by });
    if (summary.version === 1) this.#cards.set(summary.id, false);
    return next;
  }

  /** One write of a posting (`term`, `day`) applied by `apply` ended. */
  settlePosting(term: string, day: string): void {
    const key = postingKey(term, day);
    settle(this.#heldPostings, key, (posting) => this.#postings.set(key, { value: posting, at: ++this.#settled }));
  }

  /** One write of story `id`'s summary applied by `apply` ended. */
  settleSummary(id: string): void {
    settle(this.#heldSummaries, id, (summary) => this.#summaries.set(id, { value: summary, at: ++this.#settled }));
  }

  /** The card of story `id` as this cycle wrote or read it; undefined when not known. */
  card(id: string): KnownCard | undefined {
    const card = this.#cards.get(id);
    return card === undefined ? undefined : card === false ? null : card;
  }

  /** Story `id`'s card is now `card` (undefined: not known). */
  setCard(id: string, card: KnownCard | undefined): void {
    if (card === undefined) this.#cards.delete(id);
    else this.#cards.set(id, card ?? false);
  }

  /**
   * Forgets everything (reads in flight fill nothing): after a failed condition or write, what this cycle knows may be
   * another poll's past, or a write that did not happen. Called with no write in flight.
   */
  clear(): void {
    this.#generation++;
    this.#postings.clear();
    this.#summaries.clear();
    this.#cards.clear();
    this.#reading.clear();
    this.#heldPostings.clear();
    this.#heldSummaries.clear();
  }
}

/** Holds `value` as the state of `key` with one more write in flight. */
function hold<T>(held: Map<string, Held<T>>, key: string, value: T): void {
  const current = held.get(key);
  held.set(key, { value, writes: (current?.writes ?? 0) + 1 });
}

/** One write of `key` ended: with none left, its state goes to the bounded cache (`keep`). */
function settle<T>(held: Map<string, Held<T>>, key: string, keep: (value: T) => void): void {
  const current = held.get(key);
  if (!current) return;
  if (current.writes > 1) current.writes--;
  else {
    held.delete(key);
    keep(current.value);
  }
}
