/** What a poll cycle reports: data only; `local/poll-wording.ts` puts it in words for a terminal. */
import type { ListKey } from "../store/index.ts";

/** How one source's poll ended. */
export type SourceOutcome = "fetched" | "not-modified" | "failed" | "storage-error";

/** One line per source: what the operator and the logs see. */
export interface SourceReport {
  id: string;
  outcome: SourceOutcome;
  status: string;
  ms: number;
  bytes: number;
  new: number;
  updated: number;
  unchanged: number;
  /**
   * Of `unchanged`, the entries read in this poll that were published before the retention cutoff
   * (`retentionDays`) and never stored, so never will be; absent when none. They count as unchanged in the
   * cycle's summary, as SPEC §5 counts every item seen.
   */
  expired?: number;
  error?: string;
}

/** The summary of a cycle (the last line of `npm run poll -- --json`). */
export interface PollSummary {
  sources: number;
  fetched: number;
  notModified: number;
  failed: number;
  itemsNew: number;
  itemsUpdated: number;
  itemsUnchanged: number;
}

/** The cycle's result: the summary, each source's report, and whether storage failed. */
export interface CycleResult {
  summary: PollSummary;
  reports: SourceReport[];
  storageFailed: boolean;
  storageError: string | null;
  /** Lists whose rows this cycle changed (committed): WebSub delivers the feeds of their topics. */
  changedLists?: ListKey[];
}
