/**
 * The schedule's rule: which sources a cycle polls. A held-back source (failing, gone) once its backoff or
 * Retry-After has passed (gone: never); a healthy one unless a cycle scheduled within the last
 * `poll.everyMinutes` polled it (the poll records). The store only answers the queries it needs.
 */
import { createHash } from "node:crypto";
import type { Config, SourceConfig } from "../config/index.ts";
import { isHeld, type SourceState, type Store } from "../store/index.ts";
import { syncSources, syncTopics } from "./sync.ts";

/** Which sources a cycle polls. */
export type CycleSelection =
  /** Every source but gone ones and those a Retry-After still holds back (`npm run poll`). */
  | { mode: "all" }
  /** Sources due now: healthy ones not polled this interval, held-back ones whose time has come (the schedule, `--due`). */
  | { mode: "due" }
  /** These sources, as the queue worker receives them (gone and held-back ones skipped). */
  | { mode: "ids"; ids: string[] };

/** The start of the interval whose poll records make a healthy source not due yet. */
export const intervalStart = (config: Config, now: Date): Date =>
  new Date(now.getTime() - config.poll.everyMinutes * 60_000);

/**
 * Whether a source whose state is known is polled now. Never a gone one, nor one a Retry-After still holds back;
 * in `due` mode a held-back source once its next fetch time has come, a healthy one unless it is in `recent`
 * (the sources a poll record of the last interval lists).
 */
export function picks(selection: CycleSelection, state: SourceState | undefined, now: Date, recent?: Set<string>) {
  if (!state || state.status === "gone") return false;
  const nowIso = now.toISOString();
  if (state.retryAfterUntil && state.retryAfterUntil > nowIso) return false;
  if (selection.mode !== "due") return true;
  if (isHeld(state)) return state.nextFetchAt !== null && state.nextFetchAt <= nowIso;
  return !recent?.has(state.id);
}

/**
 * Of the configured sources `ids`, those due now without reading their states: a held-back one once its next
 * fetch time has come (never when gone), a healthy one unless a cycle scheduled within the last `everyMinutes`
 * polled it. Two Queries: the sparse held index (∝ held-back sources) and the last interval's poll records
 * (∝ sources polled).
 * @throws StorageError
 */
export async function dueSourceIds(store: Store, ids: string[], now: Date, everyMinutes: number): Promise<string[]> {
  const since = new Date(now.getTime() - everyMinutes * 60_000);
  const [held, recent] = await Promise.all([store.sources.held(), store.sources.polledSince(since)]);
  const at = now.toISOString();
  return ids.filter((id) => {
    if (!held.has(id)) return !recent.has(id);
    const next = held.get(id);
    return next !== null && next !== undefined && next <= at;
  });
}

/** Layout of the source states the schedule reads; a new one makes the schedule migrate every state once. */
const STATE_LAYOUT = "held-index";

/** Fingerprint of the configured sources (ids and URLs) and the state layout: states are synced when it changes. */
function sourcesFingerprint(config: Config): string {
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
 * @throws StorageError
 */
export async function pickSources(
  deps: { config: Config; store: Store; now?: () => Date },
  selection: CycleSelection,
): Promise<string[]> {
  const now = (deps.now ?? (() => new Date()))();
  const { config, store } = deps;
  await syncTopics(store, config, now);
  if (selection.mode === "due") {
    const fingerprint = sourcesFingerprint(config);
    if ((await store.markers.get("sources")) !== fingerprint) {
      await syncSources(store, config, now);
      await store.sources.migrate(config.sources.map((s) => s.id));
      await store.markers.set("sources", fingerprint);
    }
    return dueSourceIds(
      store,
      config.sources.map((s) => s.id),
      now,
      config.poll.everyMinutes,
    );
  }
  const wanted = selection.mode === "ids" ? new Set(selection.ids) : undefined;
  const states = await syncSources(store, config, now, wanted);
  return config.sources
    .filter((s) => (wanted ? wanted.has(s.id) : true) && picks(selection, states.get(s.id), now))
    .map((s) => s.id);
}

/**
 * The sources a cycle polls, with their states: the selected ones' states loaded (a new or moved source starts
 * pending), topics brought in line with the configuration unless a worker polls given `ids` (the scheduler did
 * that), then the selection's rule applied. `now` is read afresh at each step.
 * @throws StorageError
 */
export async function cycleSources(
  store: Store,
  config: Config,
  selection: CycleSelection,
  now: () => Date,
): Promise<{ chosen: SourceConfig[]; states: Map<string, SourceState>; rebuilt: string[] }> {
  const wanted = selection.mode === "ids" ? new Set(selection.ids) : undefined;
  const states = await syncSources(store, config, now(), wanted);
  const rebuilt = wanted ? [] : await syncTopics(store, config, now());
  const recent = selection.mode === "due" ? await store.sources.polledSince(intervalStart(config, now())) : undefined;
  const chosen = config.sources.filter(
    (s) => (wanted ? wanted.has(s.id) : true) && picks(selection, states.get(s.id), now(), recent),
  );
  return { chosen, states, rebuilt };
}
