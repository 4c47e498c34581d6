/** Sources failing for long: what an operator is told about (the schedule's `SourcesFailingOverADay` metric). */
import type { Config } from "../config/index.ts";
import { backoffMs } from "../poll/backoff.ts";
import type { SourceState, Store } from "../store/index.ts";

/** How long a source must have been failing to count: one day. */
export const LONG_FAILURE_MS = 86_400_000;

/**
 * When a failing source began failing: its first failed poll of the run (`SourceState.failingSince`). A state
 * written before that was kept gives an estimate: its last success (the next poll failed), or for one that never
 * succeeded, its latest attempt less the shortest time its failures in a row can have taken (each retry waits at
 * least three quarters of its backoff: the poll interval doubled per failure, capped at a day). Null for a source
 * that is not failing.
 * @example failingSince({ status: "failing", failingSince: "2026-11-01T00:00:00.000Z", … }, 10) // 2026-11-01
 */
export function failingSince(state: SourceState, everyMinutes: number): Date | null {
  if (state.status !== "failing") return null;
  if (state.failingSince) return new Date(state.failingSince);
  if (state.lastSuccessAt) return new Date(state.lastSuccessAt);
  if (!state.lastFetchedAt) return null;
  let waited = 0;
  for (let failure = 1; failure < state.consecutiveErrors; failure++)
    waited += backoffMs(failure, everyMinutes, () => 0);
  return new Date(Date.parse(state.lastFetchedAt) - waited);
}

/**
 * The configured sources failing for at least `forMs` (default a day) at `now`, in configuration order.
 * Reads only the held-back sources: one keys-only Query of the held index and one BatchGet of their states, so its
 * cost follows the number of sources held back, not of sources.
 * @throws StorageError
 */
export async function sourcesFailingLong(
  deps: { config: Config; store: Store },
  now: Date,
  forMs = LONG_FAILURE_MS,
): Promise<string[]> {
  const { config, store } = deps;
  const held = await store.sources.held();
  const candidates = config.sources.filter((source) => held.has(source.id));
  if (candidates.length === 0) return [];
  const states = await store.sources.states(candidates.map((source) => source.id));
  return candidates
    .filter((source) => {
      const state = states.get(source.id);
      if (!state || state.url !== source.url) return false;
      const since = failingSince(state, config.poll.everyMinutes);
      return since !== null && now.getTime() - since.getTime() >= forMs;
    })
    .map((source) => source.id);
}
