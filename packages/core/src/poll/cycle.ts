import { createHash } from "node:crypto";
import type { Config } from "../config/index.ts";
import { StorageError } from "../errors.ts";
import type { Fetcher } from "../fetch/index.ts";
import type { ListKey, SourceState, Store } from "../store/index.ts";
import type { Outcome } from "./merge.ts";
import type { CycleResult, SourceReport } from "./report.ts";
import { pollSource } from "./source.ts";
import { syncSources, syncTopics } from "./sync.ts";

/** What a cycle needs. */
export interface CycleDeps {
  config: Config;
  store: Store;
  fetcher: Fetcher;
  now?: () => Date;
  random?: () => number;
  /** Called as each source finishes (progress, logs). */
  onSource?: (report: SourceReport, done: number, total: number) => void;
}

/** Which sources a cycle polls. */
export type CycleSelection =
  /** Every source but gone ones and those a Retry-After still holds back (`npm run poll`). */
  | { mode: "all" }
  /** Sources whose next fetch time has come, backoff included (the schedule, `--due`). */
  | { mode: "due" }
  /** These sources, as the queue worker receives them (gone and held-back ones skipped). */
  | { mode: "ids"; ids: string[] };

function picks(selection: CycleSelection, state: SourceState | undefined, now: Date): boolean {
  if (!state || state.status === "gone") return false;
  const nowIso = now.toISOString();
  if (state.retryAfterUntil && state.retryAfterUntil > nowIso) return false;
  if (selection.mode === "due") return state.nextFetchAt !== null && state.nextFetchAt <= nowIso;
  return true;
}

/** Fingerprint of the configured sources (ids and URLs): their states need syncing only when it changes. */
function sourcesFingerprint(config: CycleDeps["config"]): string {
  return createHash("sha256")
    .update(JSON.stringify(config.sources.map((s) => [s.id, s.url])))
    .digest("base64url")
    .slice(0, 16);
}

/**
 * The start of a scheduled cycle: brings topics in line with the configuration (once, for all workers) and
 * returns the ids of the sources to poll now, which the scheduler enqueues for the workers. Due sources come
 * from the due index, so the cost follows the number of due sources; all source states are read only when
 * the configured sources changed.
 */
export async function pickSources(
  deps: Pick<CycleDeps, "config" | "store" | "now">,
  selection: CycleSelection,
): Promise<string[]> {
  const now = (deps.now ?? (() => new Date()))();
  const { config, store } = deps;
  await syncTopics(store, config, now);
  if (selection.mode === "due") {
    const fingerprint = sourcesFingerprint(config);
    if ((await store.getMarker("sources")) !== fingerprint) {
      await syncSources(store, config, now);
      await store.setMarker("sources", fingerprint);
    }
    const due = new Set(await store.dueSourceIds(now));
    return config.sources.filter((s) => due.has(s.id)).map((s) => s.id);
  }
  const wanted = selection.mode === "ids" ? new Set(selection.ids) : undefined;
  const states = await syncSources(store, config, now, wanted);
  return config.sources
    .filter((s) => (wanted ? wanted.has(s.id) : true) && picks(selection, states.get(s.id), now))
    .map((s) => s.id);
}

const rank: Record<Outcome, number> = { unchanged: 0, updated: 1, new: 2 };

/**
 * One poll cycle: brings topics in line with the configuration, then polls the selected sources within the
 * fetch limits and stores their items. Counts articles, not feed entries: an article seen in three sources
 * is one item. A storage failure stops nothing else but is reported (`storageFailed`).
 * In `ids` mode (a queue worker's share of a scheduled cycle) only those sources' states are read and the
 * topics are left to the scheduler, so a worker's cost does not grow with the number of sources.
 */
export async function runCycle(deps: CycleDeps, selection: CycleSelection): Promise<CycleResult> {
  const now = deps.now ?? (() => new Date());
  const ctx = {
    config: deps.config,
    store: deps.store,
    fetcher: deps.fetcher,
    now,
    random: deps.random ?? Math.random,
  };
  const wanted = selection.mode === "ids" ? new Set(selection.ids) : undefined;
  const states = await syncSources(deps.store, deps.config, now(), wanted);
  if (!wanted) await syncTopics(deps.store, deps.config, now());
  const chosen = deps.config.sources.filter(
    (s) => (wanted ? wanted.has(s.id) : true) && picks(selection, states.get(s.id), now()),
  );
  const outcomes = new Map<string, Outcome>();
  const changedLists = new Set<ListKey>();
  const reports: SourceReport[] = [];
  let storageError: string | null = null;
  await Promise.all(
    chosen.map(async (source) => {
      const started = Date.now();
      let report: SourceReport;
      try {
        const result = await pollSource(ctx, source, states.get(source.id) as SourceState);
        report = result.report;
        for (const list of result.merge?.changedLists ?? []) changedLists.add(list);
        for (const [id, outcome] of result.merge?.outcomes ?? []) {
          const seen = outcomes.get(id);
          if (!seen || rank[outcome] > rank[seen]) outcomes.set(id, outcome);
        }
      } catch (error) {
        const message = error instanceof StorageError ? error.message : `store: ${(error as Error).message}`;
        storageError ??= message;
        report = {
          id: source.id,
          outcome: "storage-error",
          status: "unchanged",
          ms: Date.now() - started,
          bytes: 0,
          new: 0,
          updated: 0,
          unchanged: 0,
          error: message,
        };
      }
      reports.push(report);
      deps.onSource?.(report, reports.length, chosen.length);
    }),
  );
  const count = (outcome: SourceReport["outcome"]) => reports.filter((r) => r.outcome === outcome).length;
  const items = [...outcomes.values()];
  reports.sort((a, b) => a.id.localeCompare(b.id));
  return {
    summary: {
      sources: chosen.length,
      fetched: count("fetched"),
      notModified: count("not-modified"),
      failed: count("failed") + count("storage-error"),
      itemsNew: items.filter((o) => o === "new").length,
      itemsUpdated: items.filter((o) => o === "updated").length,
      itemsUnchanged: items.filter((o) => o === "unchanged").length,
    },
    reports,
    storageFailed: storageError !== null,
    storageError,
    changedLists: [...changedLists],
  };
}
