/**
 * Pages of source health (`/api/sources`, `/sources`): failing sources first, the longest failing first, then the
 * rest in configuration order, a page at a time, optionally of one status. A page reads the held-back sources (one
 * keys-only Query, its size their number), the states of the failing ones when the page starts among them, and the
 * states of the configured sources it shows: never every source's state.
 */
import { createHash } from "node:crypto";
import { type Config, configuredSource, type SourceConfig, sourcePosition } from "../config/index.ts";
import { InvalidCursorError, type SourceState, type Store } from "../store/index.ts";
import { failingSince } from "./long-failures.ts";
import { type HealthStatus, healthReplan, type SourceHealth, sourceHealth } from "./source-health.ts";

/** Every status a source's health can have, as `status` filters by it. */
export const HEALTH_STATUSES = ["pending", "ok", "failing", "gone", "disabled"] as const satisfies HealthStatus[];

/** What a page of source health asks for. */
export interface SourceHealthQuery {
  /** Sources per page (the API allows 1–1000). */
  limit: number;
  /** The `nextCursor` of the previous page; null for the first. */
  cursor: string | null;
  /** Only sources of this status; null for every source. */
  status: HealthStatus | null;
}

/** A page of source health and the cursor of the next (null on the last page). */
export interface SourceHealthPage {
  sources: SourceHealth[];
  nextCursor: string | null;
}

/** Where a page starts: among the failing sources (`f`, an offset in their order) or the rest (`r`, a configuration index). */
interface Position {
  phase: "f" | "r";
  at: number;
}

/** States read per BatchGet round while looking for a page's sources among the rest. */
const CHUNK = 100;

function check(body: string, status: HealthStatus | null): string {
  return createHash("sha256")
    .update(`sources\n${status ?? "*"}\n${body}`)
    .digest("base64url")
    .slice(0, 10);
}

/** The opaque cursor of `position` for a listing of `status`. */
function encodePosition(position: Position, status: HealthStatus | null): string {
  const body = `${position.phase}${position.at}`;
  return `${body}.${check(body, status)}`;
}

/**
 * Decodes a cursor made by `encodePosition` for the same `status`.
 * @throws InvalidCursorError when it is garbage, tampered with or from a listing of another status.
 */
function decodePosition(cursor: string, status: HealthStatus | null): Position {
  const match = /^([fr])(\d{1,9})\.([A-Za-z0-9_-]{10})$/.exec(cursor);
  if (!match) throw new InvalidCursorError("malformed cursor");
  const [, phase, at, sum] = match as unknown as [string, "f" | "r", string, string];
  if (check(`${phase}${at}`, status) !== sum) throw new InvalidCursorError("invalid cursor");
  return { phase, at: Number(at) };
}

/** What a page needs: the configuration, the store and the clock (health shows sources as of their latest poll). */
export interface SourcePagesDeps {
  config: Config;
  store: Store;
  now: Date;
  /** States of sources as of their latest poll (default `store.sources.current`). */
  states?: (ids: string[]) => Promise<Map<string, SourceState>>;
}

/**
 * A page of source health: failing sources first, the longest failing first (by `failingSince`, ties in
 * configuration order), then the others in configuration order; with `status`, only sources of that status.
 * Costs one keys-only Query of the held-back sources, a BatchGet of the failing ones' states while the page is among
 * them, and BatchGets of the states of the sources the page looks through (100 at a time) — `disabled` and a page
 * among the failing read no other state.
 * @throws InvalidCursorError (a cursor of another listing, or tampered with), StorageError
 */
export async function sourceHealthPage(deps: SourcePagesDeps, query: SourceHealthQuery): Promise<SourceHealthPage> {
  const { config } = deps;
  const states =
    deps.states ?? ((ids) => deps.store.sources.current(ids, config.poll.everyMinutes, deps.now, healthReplan(config)));
  let position: Position = query.cursor ? decodePosition(query.cursor, query.status) : { phase: "f", at: 0 };
  const out: SourceHealth[] = [];
  const wantFailing = query.status === null || query.status === "failing";
  const enabled = (source: SourceConfig) => source.enabled !== false;

  // The failing sources: held back with a next fetch (gone ones are held with none), and enabled.
  const held = wantFailing && position.phase === "f" ? await deps.store.sources.held() : new Map<string, null>();
  const failingConfigured = [...held]
    .filter(([, next]) => next !== null)
    .map(([id]) => configuredSource(config, id))
    .filter((source): source is SourceConfig => source !== undefined && enabled(source))
    .sort((a, b) => sourcePosition(config, a.id) - sourcePosition(config, b.id));

  if (position.phase === "f" && wantFailing && failingConfigured.length > 0) {
    const read = await states(failingConfigured.map((source) => source.id));
    const failing = failingConfigured
      .map((source, order) => ({ source, order, state: stateOf(source, read) }))
      .filter((entry) => entry.state?.status === "failing")
      .map((entry) => ({ ...entry, since: failingSince(entry.state as SourceState, config.poll.everyMinutes) }))
      .sort((a, b) => (a.since?.getTime() ?? 0) - (b.since?.getTime() ?? 0) || a.order - b.order);
    const shown = failing.slice(position.at, position.at + query.limit);
    out.push(...shown.map((entry) => sourceHealth(entry.source, entry.state)));
    const next = position.at + shown.length;
    if (next < failing.length)
      return { sources: out, nextCursor: encodePosition({ phase: "f", at: next }, query.status) };
  }
  if (query.status === "failing") return { sources: out, nextCursor: null };
  if (position.phase === "f") position = { phase: "r", at: 0 };

  // The rest, in configuration order; the failing ones were listed first. A disabled source needs no state.
  let at = position.at;
  while (at < config.sources.length && out.length < query.limit) {
    const chunk: { source: SourceConfig; index: number }[] = [];
    for (; at < config.sources.length && chunk.length < CHUNK; at++) {
      const source = config.sources[at] as SourceConfig;
      // Only disabled sources have the status `disabled`: a filter skips them, or all others, unread.
      if (query.status !== null && (query.status === "disabled") === enabled(source)) continue;
      chunk.push({ source, index: at });
    }
    const ids = chunk.filter((entry) => enabled(entry.source)).map((entry) => entry.source.id);
    const read = ids.length > 0 ? await states(ids) : new Map<string, SourceState>();
    for (const { source, index } of chunk) {
      const state = stateOf(source, read);
      if (enabled(source) && state?.status === "failing") continue;
      const health = sourceHealth(source, state);
      if (query.status !== null && health.status !== query.status) continue;
      if (out.length === query.limit) {
        // The page is full before this source: the next page starts at it.
        return { sources: out, nextCursor: encodePosition({ phase: "r", at: index }, query.status) };
      }
      out.push(health);
    }
  }
  return {
    sources: out,
    nextCursor: at < config.sources.length ? encodePosition({ phase: "r", at }, query.status) : null,
  };
}

/** The state of `source` in `read`, unless it is of another URL (the source's URL changed: not polled yet). */
function stateOf(source: SourceConfig, read: Map<string, SourceState>): SourceState | undefined {
  const state = read.get(source.id);
  return state && state.url === source.url ? state : undefined;
}
