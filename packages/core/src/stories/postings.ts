/**
 * Posting records: how a new item finds the stories it may join without scanning anything. A posting is one
 * record per (term, UTC day) listing the stories that an item of that day posted under that term, each with its
 * first item's `publishedAt`. An item reads the postings of its lookup terms from three days before its day to the day after
 * (one Query per term), and writes its story into the postings of its own day where it is missing.
 */
import type { ItemFeatures } from "./features.ts";

/** A posting record: stories posted under `term` by items of `day`. */
export interface Posting {
  term: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  /** 0 when the record does not exist yet; incremented by every write. */
  version: number;
  /** Story id → its first item's `publishedAt` (ms since the epoch). */
  stories: Map<string, number>;
}

/** What to read for one lookup term: its postings from `fromDay` to `toDay`, both included. */
export interface PostingLookup {
  term: string;
  fromDay: string;
  toDay: string;
}

/**
 * Stories a posting keeps at most: about 31 bytes each (a 22-character id and a number), so a full posting stays
 * under 800 bytes (one write unit) and the five days an item reads of one term under 4 KB (half a read unit,
 * eventually consistent). When full, the story with the earliest first item goes (it closes first).
 */
export const POSTING_MAX_STORIES = 22;

/** Longest term used in a key, in UTF-16 code units: longer terms are cut (two such terms may share postings). */
const TERM_KEY_MAX = 64;

const DAY_MS = 24 * 3_600_000;

/** The UTC day of a time in milliseconds, `YYYY-MM-DD`. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The term as it stands in a posting key. */
export function keyTerm(term: string): string {
  return term.length > TERM_KEY_MAX ? term.slice(0, TERM_KEY_MAX) : term;
}

/** Days an item reads before its own: a story's first item is at most 72 hours (three days) older than the item. */
const DAYS_BEFORE = 3;
/** Days an item reads after its own: an item stored late may be older than a story's first item. */
const DAYS_AFTER = 1;

/**
 * The postings an item reads: for each lookup term, from three days before the item's UTC day to the day after.
 * A story that is still open (its first item within the window) is found this way when it was posted under the
 * term on one of those days — on its first day, so that a copy joins however late in the window it comes.
 * @example lookupsOf(item) // [{ term: "galavis", fromDay: "2014-03-08", toDay: "2014-03-12" }, …]
 */
export function lookupsOf(item: ItemFeatures): PostingLookup[] {
  return item.keys.map((term) => ({
    term: keyTerm(term),
    fromDay: dayOf(item.publishedAt - DAYS_BEFORE * DAY_MS),
    toDay: dayOf(item.publishedAt + DAYS_AFTER * DAY_MS),
  }));
}

/**
 * A posting with `story` added (`firstAt` its first item's time), the earliest stories dropped past
 * `POSTING_MAX_STORIES`; null when there is nothing to write (the posting holds it, or it would be the one dropped).
 */
export function withStory(posting: Posting, story: string, firstAt: number): Posting | null {
  if (posting.stories.has(story)) return null;
  const entries = [...posting.stories, [story, firstAt] as [string, number]];
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const stories = new Map(entries.slice(0, POSTING_MAX_STORIES));
  if (!stories.has(story)) return null;
  return { term: posting.term, day: posting.day, version: posting.version + 1, stories };
}
