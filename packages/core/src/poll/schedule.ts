/**
 * The schedule's rule: which sources a cycle polls. A held-back source (failing, gone) once its backoff or
 * Retry-After has passed (gone: never); a healthy one unless a cycle scheduled within the last
 * `poll.everyMinutes` polled it (the poll records). The store only answers the queries it needs.
 */
import type { Config } from "../config/index.ts";
import { isHeld, type SourceState, type Store } from "../store/index.ts";

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
