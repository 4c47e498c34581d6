/**
 * The schedule's rule: which sources a cycle polls. A held-back source (failing, gone) once its backoff or
 * Retry-After has passed (gone: never); a healthy one once the next fetch its latest poll planned has come (the
 * poll records of the last `maxMinutes` hold it: `interval.ts` is how it is planned); a disabled one never. The
 * store only answers the queries it needs.
 */
import { createHash } from "node:crypto";
import type { Config, SourceConfig } from "../config/index.ts";
import { isHeld, type LastPoll, type SourceState, type Store } from "../store/index.ts";
import { fixedNextFetch } from "./interval.ts";
import { syncSources, syncTopics } from "./sync.ts";

/** Which sources a cycle polls. Sources with `enabled: false` are never polled. */
export type CycleSelection =
  /** Every source but gone ones and those a Retry-After still holds back (`npm run poll`). */
  | { mode: "all" }
  /** Sources due now: healthy ones whose next fetch has come, held-back ones whose time has come (the schedule, `--due`). */
  | { mode: "due" }
  /**
   * These sources, as the queue worker receives them, or as `npm run poll -- --source` names them (`manual`: topics
   * are brought in line too); gone ones and those a Retry-After holds back are skipped, backoff is not.
   */
  | { mode: "ids"; ids: string[]; manual?: boolean };

/**
 * How far back the schedule reads poll records (minutes): the longest interval an enabled healthy source may have —
 * an adapted one is at most `maxMinutes` (only with `poll.adaptive`), a fixed one its own `everyMinutes` or
 * `poll.everyMinutes` — so a source in none of them is due. With `adaptive: false` and no longer interval of a
 * source's own that is `poll.everyMinutes`: the records of one interval, not of `maxMinutes`.
 */
export function horizonMinutes(config: Config): number {
  // A loop, not Math.max(...): spreading every source into arguments overflows the stack past about 120,000.
  let horizon = Math.max(config.poll.adaptive ? config.poll.maxMinutes : 0, config.poll.everyMinutes);
  for (const source of config.sources) {
    if (enabled(source) && source.everyMinutes !== undefined) horizon = Math.max(horizon, source.everyMinutes);
  }
  return horizon;
}

/** Whether a source is polled at all (`enabled` absent or true). */
export const enabled = (source: Pick<SourceConfig, "enabled">): boolean => source.enabled !== false;

/**
 * Whether a healthy source whose latest poll in the horizon is `last` is due at `now`: when no poll of the horizon
 * lists it, or once its next fetch has come. A fixed interval is reckoned from its cycle's scheduled time (so an edit
 * of `everyMinutes` counts at once) and never polled early. An adapted one is as the poll record planned it (a
 * record from before plans: `poll.everyMinutes` after its cycle), taken by the schedule's run nearest to it: due
 * from half a run (`minMinutes / 2`) before, since the runs come every `minMinutes`.
 */
export function healthyDue(config: Config, source: SourceConfig, last: LastPoll | undefined, now: Date): boolean {
  if (!last) return true;
  const fixed = fixedNextFetch(config, source, new Date(last.at));
  if (fixed !== null) return fixed.getTime() <= now.getTime();
  const next =
    last.next !== undefined ? Date.parse(last.next) : Date.parse(last.at) + config.poll.everyMinutes * 60_000;
  return next - now.getTime() <= (config.poll.minMinutes * 60_000) / 2;
}

/** Why a source is not polled even when named (`--source`, a worker's ids): gone, or held by a Retry-After until `until` (ISO). */
export type HeldBack = { reason: "gone" } | { reason: "retry-after"; until: string };

/**
 * What holds a source back from every poll, named or not, at `now` (SPEC §3: 410 Gone stops polling it; a
 * Retry-After is honoured, a manual poll's too): null when nothing does (backoff does not hold back a named source).
 */
export function heldBack(state: SourceState | undefined, now: Date): HeldBack | null {
  if (!state) return null;
  if (state.status === "gone") return { reason: "gone" };
  if (state.retryAfterUntil && state.retryAfterUntil > now.toISOString())
    return { reason: "retry-after", until: state.retryAfterUntil };
  return null;
}

/**
 * Whether a source whose state is known is polled now. Never a disabled or gone one, nor one a Retry-After still
 * holds back; in `due` mode a held-back source once its next fetch time has come, a healthy one once `healthyDue`
 * says so (`recent`: the latest poll of each source the poll records of the horizon list).
 */
export function picks(
  config: Config,
  selection: CycleSelection,
  source: SourceConfig,
  state: SourceState | undefined,
  now: Date,
  recent?: Map<string, LastPoll>,
): boolean {
  if (!enabled(source) || !state || heldBack(state, now)) return false;
  const nowIso = now.toISOString();
  if (selection.mode !== "due") return true;
  if (isHeld(state)) return state.nextFetchAt !== null && state.nextFetchAt <= nowIso;
  return healthyDue(config, source, recent?.get(state.id), now);
}

/**
 * Of the configured sources, the ids of those due now without reading their states: a held-back one once its
 * next fetch time has come (never when gone), a healthy one once `healthyDue` says so; never a disabled one. Two
 * Queries: the sparse held index (∝ held-back sources) and the poll records of the horizon (∝ polls in it).
 * @throws StorageError
 */
export async function dueSourceIds(store: Store, config: Config, now: Date): Promise<string[]> {
  const since = new Date(now.getTime() - horizonMinutes(config) * 60_000);
  const [held, recent] = await Promise.all([store.sources.held(), store.sources.polledSince(since)]);
  const at = now.toISOString();
  return config.sources
    .filter((source) => {
      if (!enabled(source)) return false;
      if (!held.has(source.id)) return healthyDue(config, source, recent.get(source.id), now);
      const next = held.get(source.id);
      return next !== null && next !== undefined && next <= at;
    })
    .map((source) => source.id);
}

/** The start of the horizon whose poll records say when healthy sources are next due. */
const horizonStart = (config: Config, now: Date): Date => new Date(now.getTime() - horizonMinutes(config) * 60_000);

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
    return dueSourceIds(store, config, now);
  }
  const wanted = selection.mode === "ids" ? new Set(selection.ids) : undefined;
  const states = await syncSources(store, config, now, wanted);
  return config.sources
    .filter((s) => (wanted ? wanted.has(s.id) : true) && picks(config, selection, s, states.get(s.id), now))
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
  const rebuilt =
    wanted && !(selection.mode === "ids" && selection.manual) ? [] : await syncTopics(store, config, now());
  const recent = selection.mode === "due" ? await store.sources.polledSince(horizonStart(config, now())) : undefined;
  const chosen = config.sources.filter(
    (s) => (wanted ? wanted.has(s.id) : true) && picks(config, selection, s, states.get(s.id), now(), recent),
  );
  return { chosen, states, rebuilt };
}
