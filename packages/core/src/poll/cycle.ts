import { createHash } from "node:crypto";
import type { Config } from "../config/index.ts";
import { StorageError } from "../errors.ts";
import type { Fetcher } from "../fetch/index.ts";
import { idFingerprint, isHeld, type ListKey, type SourceState, type Store, topicList } from "../store/index.ts";
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
  /**
   * When the cycle was scheduled (a worker: its messages' schedule run); healthy sources are next due
   * `poll.everyMinutes` after it. Default: the cycle's start.
   */
  scheduledAt?: Date;
  /** Called as each source finishes (progress, logs). */
  onSource?: (report: SourceReport, done: number, total: number) => void;
}

/** Which sources a cycle polls. */
export type CycleSelection =
  /** Every source but gone ones and those a Retry-After still holds back (`npm run poll`). */
  | { mode: "all" }
  /** Sources due now: healthy ones not polled this interval, held-back ones whose time has come (the schedule, `--due`). */
  | { mode: "due" }
  /** These sources, as the queue worker receives them (gone and held-back ones skipped). */
  | { mode: "ids"; ids: string[] };

/**
 * Whether a source is polled now. Due (the schedule's rule, `--due` too): a held-back source (failing, gone)
 * once its backoff or Retry-After has passed (gone: never), a healthy one unless a cycle scheduled within the
 * last `poll.everyMinutes` polled it (`recent`, from the poll records).
 */
function picks(selection: CycleSelection, state: SourceState | undefined, now: Date, recent?: Set<string>): boolean {
  if (!state || state.status === "gone") return false;
  const nowIso = now.toISOString();
  if (state.retryAfterUntil && state.retryAfterUntil > nowIso) return false;
  if (selection.mode !== "due") return true;
  if (isHeld(state)) return state.nextFetchAt !== null && state.nextFetchAt <= nowIso;
  return !recent?.has(state.id);
}

/** The start of the interval whose poll records make a healthy source not due yet. */
const intervalStart = (config: Config, now: Date) => new Date(now.getTime() - config.poll.everyMinutes * 60_000);

/** Layout of the source states the schedule reads; a new one makes the schedule migrate every state once. */
const STATE_LAYOUT = "held-index";

/** Fingerprint of the configured sources (ids and URLs) and the state layout: states are synced when it changes. */
function sourcesFingerprint(config: CycleDeps["config"]): string {
  return createHash("sha256")
    .update(JSON.stringify([STATE_LAYOUT, ...config.sources.map((s) => [s.id, s.url])]))
    .digest("base64url")
    .slice(0, 16);
}

/**
 * The start of a scheduled cycle: brings topics in line with the configuration (once, for all workers) and
 * returns the ids of the sources to poll now, which the scheduler enqueues for the workers. Healthy sources
 * are due at every run and come from the configuration; held-back ones (failing, gone) from the sparse held
 * index, one Query whose size follows their number. All source states are read only when the configured
 * sources (or the state layout, which this run then migrates) changed.
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
      await store.migrateSourceStates(config.sources.map((s) => s.id));
      await store.setMarker("sources", fingerprint);
    }
    const ids = config.sources.map((s) => s.id);
    return store.dueSourceIds(ids, now, config.poll.everyMinutes);
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
 * topics are left to the scheduler, so a worker's cost does not grow with the number of sources. A source's
 * state is written only when it changes; the cycle writes one poll record of the sources it polled healthy.
 */
export async function runCycle(deps: CycleDeps, selection: CycleSelection): Promise<CycleResult> {
  const now = deps.now ?? (() => new Date());
  const scheduledAt = deps.scheduledAt ?? now();
  const ctx = {
    config: deps.config,
    store: deps.store,
    fetcher: deps.fetcher,
    now,
    random: deps.random ?? Math.random,
    scheduledAt,
  };
  const wanted = selection.mode === "ids" ? new Set(selection.ids) : undefined;
  const states = await syncSources(deps.store, deps.config, now(), wanted);
  // Topics rebuilt for a changed configuration (sources, terms) changed as a poll changes them: WebSub delivers them.
  const rebuilt = wanted ? [] : await syncTopics(deps.store, deps.config, now());
  const recent = selection.mode === "due" ? await deps.store.polledSince(intervalStart(deps.config, now())) : undefined;
  const chosen = deps.config.sources.filter(
    (s) => (wanted ? wanted.has(s.id) : true) && picks(selection, states.get(s.id), now(), recent),
  );
  const outcomes = new Map<string, Outcome>();
  /** Articles of entries skipped as unchanged since their source's last read, by id fingerprint. */
  const skipped = new Set<string>();
  const changedLists = new Set<ListKey>(rebuilt.map(topicList));
  const reports: SourceReport[] = [];
  /** Sources polled healthy, and when: the cycle records them in one poll record. */
  const polled = new Map<string, string>();
  let storageError: string | null = null;
  await Promise.all(
    chosen.map(async (source) => {
      const started = Date.now();
      let report: SourceReport;
      try {
        const result = await pollSource(ctx, source, states.get(source.id) as SourceState);
        report = result.report;
        for (const list of result.merge?.changedLists ?? []) changedLists.add(list);
        if (result.polledAt) polled.set(source.id, result.polledAt);
        for (const article of result.skipped ?? []) skipped.add(article);
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
  try {
    // Not the sources' fault if it fails: their health shows the poll before until the next record.
    await deps.store.recordPolls(polled, scheduledAt, now());
  } catch (error) {
    storageError ??= error instanceof StorageError ? error.message : `store: ${(error as Error).message}`;
  }
  const count = (outcome: SourceReport["outcome"]) => reports.filter((r) => r.outcome === outcome).length;
  const items = [...outcomes.values()];
  // A skipped entry is an unchanged article, unless another source's entry of it was merged this cycle.
  const merged = new Set([...outcomes.keys()].map(idFingerprint));
  const skippedArticles = [...skipped].filter((article) => !merged.has(article)).length;
  reports.sort((a, b) => a.id.localeCompare(b.id));
  return {
    summary: {
      sources: chosen.length,
      fetched: count("fetched"),
      notModified: count("not-modified"),
      failed: count("failed") + count("storage-error"),
      itemsNew: items.filter((o) => o === "new").length,
      itemsUpdated: items.filter((o) => o === "updated").length,
      itemsUnchanged: items.filter((o) => o === "unchanged").length + skippedArticles,
    },
    reports,
    storageFailed: storageError !== null,
    storageError,
    changedLists: [...changedLists],
  };
}
