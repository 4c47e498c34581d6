/** A source's health (`/api/sources` and `/sources`): its configuration merged with its stored state. */
import { type Config, configuredSource, type SourceConfig } from "../config/index.ts";
import { fixedNextFetch } from "../poll/interval.ts";
import type { Replan, SourceState, SourceStatus } from "../store/index.ts";
import { knownTitle } from "./source-titles.ts";

/** A source's status as health shows it: its stored status, or `disabled` when it is configured `enabled: false`. */
export type HealthStatus = SourceStatus | "disabled";

/** A source's health as served by `/api/sources` and shown on `/sources`. Times are ISO 8601 UTC. */
export interface SourceHealth {
  id: string;
  url: string;
  /** The configured title, else the feed's own, else null. */
  title: string | null;
  status: HealthStatus;
  lastFetchedAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveErrors: number;
  nextFetchAt: string | null;
}

/**
 * The health of one configured source; a source never polled (no state) is `pending` with nulls and 0 errors, and
 * one configured `enabled: false` is `disabled` (its last poll's times and error kept).
 */
export function sourceHealth(source: SourceConfig, state: SourceState | undefined): SourceHealth {
  const disabled = source.enabled === false;
  return {
    id: source.id,
    url: source.url,
    title: knownTitle(source, state),
    status: source.enabled === false ? "disabled" : (state?.status ?? "pending"),
    lastFetchedAt: state?.lastFetchedAt ?? null,
    lastSuccessAt: state?.lastSuccessAt ?? null,
    lastError: state?.lastError ?? null,
    consecutiveErrors: state?.consecutiveErrors ?? 0,
    nextFetchAt: disabled ? null : (state?.nextFetchAt ?? null),
  };
}

/**
 * How health plans a healthy source's next fetch (`store.sources.current`): as the schedule does, a fixed interval
 * (`everyMinutes`, or `poll.adaptive: false`) under the configuration in force now, from the scheduled time of its
 * latest poll's cycle (`poll/interval.ts` `fixedNextFetch`); null for an adapted one or an unconfigured id, which keep
 * the next fetch their poll planned.
 */
export function healthReplan(config: Config): Replan {
  return (id, at) => {
    const source = configuredSource(config, id);
    return source ? fixedNextFetch(config, source, at) : null;
  };
}

/**
 * The latest `lastFetchedAt` among `sources` (ISO), or null when none was ever fetched: when source health
 * last changed, and when a topic made of these sources was last checked.
 */
export function latestFetch(sources: readonly Pick<SourceHealth, "lastFetchedAt">[]): string | null {
  let latest: string | null = null;
  for (const source of sources) {
    if (source.lastFetchedAt && (!latest || source.lastFetchedAt > latest)) latest = source.lastFetchedAt;
  }
  return latest;
}
