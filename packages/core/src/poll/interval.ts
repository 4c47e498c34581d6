/**
 * The adaptive schedule's rule (SPEC §3 Schedule): how long after a poll a healthy source is next due. A source that
 * often brings new entries is polled more often, down to `poll.minMinutes`; one that rarely does, less often, up to
 * `poll.maxMinutes`. Judged from two things its state keeps, both written only when a read finds something new:
 * - when its recent entries were published: the base interval is a quarter (`BASE_FRACTION`) of the median gap
 *   between the last `RECENT_ENTRIES` publication times (a source with fewer starts at `poll.everyMinutes`);
 * - what its recent polls found: the interval grows by a quarter (`GROWTH`) of the time since a poll last found
 *   something (`foundAt`), which a poll finding something resets. Polled on time, that is the interval lengthened by
 *   a quarter after every empty poll — base, 1.25 × base, 1.56 × base … — without a write per poll.
 * SPEC §3's example (half the gap, half again after each empty poll) polls 3-times-an-hour sources too late: on the
 * benchmark's mix (`npm run bench -- schedule`) a quarter keeps their median delay under the fixed 10-minute
 * schedule's at still more than 3× fewer polls.
 * The publisher's hints (`PublisherHints`) lengthen an adapted interval, never past `maxMinutes`. A source's own
 * `everyMinutes` fixes its interval, and with `adaptive: false` every source without one is polled every
 * `poll.everyMinutes`; hints do not move a fixed interval.
 */
import type { Config, SourceConfig } from "../config/index.ts";
import type { PublisherHints } from "../store/index.ts";

/** How many of a source's latest publication times the base interval is judged from. */
export const RECENT_ENTRIES = 10;
/** The base interval's share of the median gap between publications. */
export const BASE_FRACTION = 0.25;
/** How much of the time since a poll last found something the interval grows by. */
export const GROWTH = 0.25;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** What the rule reads of a source's state. */
export interface ScheduleInputs {
  /** Publication times of its latest entries, epoch minutes, any order. */
  published: readonly number[];
  /** When a poll last found a new or changed entry (ISO), or null when none has (or before this was kept). */
  foundAt: string | null;
  hints: PublisherHints | null;
}

/**
 * The latest `RECENT_ENTRIES` distinct publication times (epoch minutes, newest first) of `known` and `added` (ISO
 * dates of the entries a read found): what a source's state keeps for the rule.
 */
export function recentPublished(known: readonly number[], added: readonly string[]): number[] {
  const minutes = added.map((iso) => Math.floor(Date.parse(iso) / MINUTE_MS)).filter(Number.isFinite);
  return [...new Set([...known, ...minutes])].sort((a, b) => b - a).slice(0, RECENT_ENTRIES);
}

/** The median of a non-empty list of numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * `BASE_FRACTION` of the median gap (minutes) between the latest `RECENT_ENTRIES` publication times; `fallback` with
 * fewer than two. Not clamped.
 */
export function baseMinutes(published: readonly number[], fallback: number): number {
  const times = [...published].sort((a, b) => b - a).slice(0, RECENT_ENTRIES);
  if (times.length < 2) return fallback;
  const gaps = times.slice(1).map((time, n) => (times[n] as number) - time);
  return median(gaps) * BASE_FRACTION;
}

/** The longest interval the publisher's hints ask for (minutes), 0 when they ask for none. */
export function hintedMinutes(hints: PublisherHints | null): number {
  if (!hints) return 0;
  return Math.max(hints.freshMinutes ?? 0, hints.ttlMinutes ?? 0, hints.updateMinutes ?? 0);
}

/** The fixed interval of a source (minutes), or null when its interval adapts. */
export function fixedMinutes(config: Config, source: Pick<SourceConfig, "everyMinutes">): number | null {
  if (source.everyMinutes !== undefined) return source.everyMinutes;
  return config.poll.adaptive ? null : config.poll.everyMinutes;
}

/**
 * The interval (whole minutes) after a healthy poll at `now`: fixed, or adapted from `inputs` and lengthened by the
 * hints, within `minMinutes`–`maxMinutes`.
 * @example intervalMinutes(config, source, { published: [], foundAt: null, hints: null }, now) // poll.everyMinutes
 */
export function intervalMinutes(
  config: Config,
  source: Pick<SourceConfig, "everyMinutes">,
  inputs: ScheduleInputs,
  now: Date,
): number {
  const fixed = fixedMinutes(config, source);
  if (fixed !== null) return fixed;
  const { minMinutes, maxMinutes, everyMinutes } = config.poll;
  const base = baseMinutes(inputs.published, everyMinutes);
  const found = inputs.foundAt === null ? Number.NaN : Date.parse(inputs.foundAt);
  const quiet = Number.isNaN(found) ? 0 : Math.max(0, (now.getTime() - found) / MINUTE_MS);
  const adapted = Math.max(base + quiet * GROWTH, hintedMinutes(inputs.hints));
  return Math.round(Math.min(maxMinutes, Math.max(minMinutes, adapted)));
}

/** Whether the publisher asks not to be fetched during the UTC hour that holds `time` (skipHours, skipDays). */
function skipped(hints: PublisherHints, time: Date): boolean {
  return hints.skipHours.includes(time.getUTCHours()) || hints.skipDays.includes(time.getUTCDay());
}

/**
 * When a source polled by the run scheduled at `at` is next due: `at` + `minutes`, moved to the start of the first
 * hour its publisher does not skip (RSS `skipHours`, `skipDays`, read in GMT as RSS 2.0 says) when its interval
 * adapts, never past `at` + `maxMinutes`.
 */
export function nextFetchAt(
  config: Config,
  source: Pick<SourceConfig, "everyMinutes">,
  at: Date,
  minutes: number,
  hints: PublisherHints | null,
): Date {
  const next = new Date(at.getTime() + minutes * MINUTE_MS);
  if (fixedMinutes(config, source) !== null || !hints || !skipped(hints, next)) return next;
  const cap = at.getTime() + config.poll.maxMinutes * MINUTE_MS;
  let hour = Math.floor(next.getTime() / HOUR_MS) * HOUR_MS;
  while (hour < cap && skipped(hints, new Date(hour))) hour += HOUR_MS;
  return new Date(Math.min(cap, Math.max(hour, next.getTime())));
}
