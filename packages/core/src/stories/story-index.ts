/**
 * Where grouping keeps its records: postings and story summaries, read by key and written conditionally. The
 * DynamoDB implementation maps each call onto the records of docs/stories.md; `MemoryStoryIndex` keeps them in
 * memory with the same semantics (and meters the read and write units they would cost).
 */

import { TributaryError } from "../errors.ts";
import type { StoryChange } from "./decide.ts";
import type { Posting, PostingLookup } from "./postings.ts";
import type { StorySummary } from "./summary.ts";

/** Storage of grouping's records. */
export interface StoryIndex {
  /**
   * The postings of each lookup's term from its `fromDay` to its `toDay`: only those that exist (a missing day is
   * an empty posting at version 0). In DynamoDB: one Query per lookup (partition of the term, sort key between
   * the two days), eventually consistent; strongly consistent when `consistent` (a retry after a conflict).
   */
  postings(lookups: readonly PostingLookup[], consistent: boolean): Promise<Posting[]>;
  /** The summaries of these stories, those that exist, in any order. In DynamoDB: one BatchGetItem. */
  summaries(ids: readonly string[], consistent: boolean): Promise<StorySummary[]>;
  /**
   * Writes a change as one decision: a new story's postings (each only if still at the version read) and then its
   * summary (only if absent); a join's summary (only if still at the version read) and then its postings (a
   * posting that moved meanwhile is re-read and the story added again: adding commutes); and the membership of the
   * item.
   * @throws StoryConflictError when a condition fails: the caller reads again and decides again.
   */
  commit(change: StoryChange): Promise<void>;
}

/** A record that a decision was based on changed before the decision was written: read again, decide again. */
export class StoryConflictError extends TributaryError {
  constructor(reason: string) {
    super("stories", reason);
  }
}
