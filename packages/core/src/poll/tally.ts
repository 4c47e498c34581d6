/**
 * A cycle's tally: each source's report as it finishes, the articles it merged (each counted once across
 * sources, its strongest outcome kept), the lists it changed, the sources it polled healthy, and the first
 * storage failure. `result()` gives the cycle's `CycleResult`.
 */
import { StorageError } from "../errors.ts";
import { idFingerprint, type ListKey, type PolledSource } from "../store/index.ts";
import type { Outcome } from "./merge.ts";
import type { CycleResult, SourceReport } from "./report.ts";
import type { SourcePoll } from "./source.ts";

const rank: Record<Outcome, number> = { unchanged: 0, updated: 1, new: 2 };

/** The message of a storage failure, with the `store:` stage when the error carries none. */
export const storageMessage = (error: unknown): string =>
  error instanceof StorageError ? error.message : `store: ${(error as Error).message}`;

/** What a cycle's sources came to, gathered as each one finishes. */
export class CycleTally {
  readonly reports: SourceReport[] = [];
  /**
   * Sources polled healthy: when (ISO), their interval (minutes) and next fetch (ISO); the cycle records them in one
   * poll record.
   */
  readonly polled = new Map<string, PolledSource>();
  private readonly outcomes = new Map<string, Outcome>();
  /** Articles of entries skipped as unchanged since their source's last read, by id fingerprint. */
  private readonly skipped = new Set<string>();
  readonly #changed = new Set<ListKey>();
  private storageError: string | null = null;

  /**
   * Notes lists the cycle changed besides its sources' merges: topics rebuilt for a changed configuration (sources,
   * terms), whose subscribers get the change as they get a poll's.
   */
  addChangedLists(lists: Iterable<ListKey>): void {
    for (const list of lists) this.#changed.add(list);
  }

  /** The lists changed so far: by the sources' merges and by `addChangedLists`. */
  changedLists(): ListKey[] {
    return [...this.#changed];
  }

  /** Adds a source's poll; returns its report. */
  add(id: string, poll: SourcePoll): SourceReport {
    for (const list of poll.merge?.changedLists ?? []) this.#changed.add(list);
    if (poll.polledAt) this.polled.set(id, { fetchedAt: poll.polledAt, ...poll.schedule });
    for (const article of poll.skipped ?? []) this.skipped.add(article);
    for (const [item, outcome] of poll.merge?.outcomes ?? []) {
      const seen = this.outcomes.get(item);
      if (!seen || rank[outcome] > rank[seen]) this.outcomes.set(item, outcome);
    }
    this.reports.push(poll.report);
    return poll.report;
  }

  /** Adds a source whose poll storage failed (not its fault: its state is untouched); returns its report. */
  addStorageFailure(id: string, error: unknown, ms: number): SourceReport {
    const message = this.storageFailed(error);
    const report: SourceReport = {
      id,
      outcome: "storage-error",
      status: "unchanged",
      ms,
      bytes: 0,
      new: 0,
      updated: 0,
      unchanged: 0,
      error: message,
    };
    this.reports.push(report);
    return report;
  }

  /** Notes a storage failure of the cycle's own (its poll record); the first one is reported. Returns its message. */
  storageFailed(error: unknown): string {
    const message = storageMessage(error);
    this.storageError ??= message;
    return message;
  }

  /**
   * The cycle's result: sources counted by outcome, articles counted once each (an article skipped as unchanged
   * counts unless another source's entry of it was merged this cycle), reports sorted by source id.
   */
  result(sources: number): CycleResult {
    const count = (outcome: SourceReport["outcome"]) => this.reports.filter((r) => r.outcome === outcome).length;
    const items = [...this.outcomes.values()];
    const merged = new Set([...this.outcomes.keys()].map(idFingerprint));
    const skippedArticles = [...this.skipped].filter((article) => !merged.has(article)).length;
    return {
      summary: {
        sources,
        fetched: count("fetched"),
        notModified: count("not-modified"),
        failed: count("failed") + count("storage-error"),
        itemsNew: items.filter((o) => o === "new").length,
        itemsUpdated: items.filter((o) => o === "updated").length,
        itemsUnchanged: items.filter((o) => o === "unchanged").length + skippedArticles,
      },
      reports: [...this.reports].sort((a, b) => a.id.localeCompare(b.id)),
      storageFailed: this.storageError !== null,
      storageError: this.storageError,
      changedLists: this.changedLists(),
    };
  }
}
