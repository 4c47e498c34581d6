/**
 * The adaptive schedule's rule (SPEC §3 Schedule): how long after a poll a healthy source is next due. A source that
 * often brings new entries is polled more often, down to `poll.minMinutes`; one that rarely does, less often, up to
 * `poll.maxMinutes`. Judged from two things its state keeps, both written only when a read finds something new:
 * - when its recent entries were published: the mean gap between the latest `RECENT_ENTRIES` publication times,
 *   counting the time since the newest as a gap still open (`meanGapMinutes`; a source with fewer than two starts
 *   at `poll.everyMinutes`);
 * - what its recent polls found: the time since a poll last found something (`foundAt`).
 * A **busy** source — one whose latest entries came at least `BUSY_PER_WEEK` a week (a mean gap of 14 hours or
 * less) — is polled every half mean gap, never less often than `poll.everyMinutes`: as often as the fixed schedule
 * polls it, or more often when it publishes more than one entry per two `everyMinutes`. A **quiet** source waits a
 * quarter of its mean gap, lengthened by a quarter of the time since a poll last found something (polled on time:
 * a quarter longer after each poll that found nothing), which a poll finding something resets.
 * Why the two speeds: a publisher's next entry comes at a time nothing predicts, so a source polled every `T`
 * minutes keeps its entries waiting `T / 2` minutes at the median. A source publishing a few times a day therefore
 * keeps the fixed 10-minute schedule's 5-minute median only if polled every 10 minutes; a rule proportional to the
 * gap (SPEC §3's example: half the median gap) polls it every few hours instead (a median delay of over an hour on
 * `npm run bench -- schedule`). The savings come from the sources publishing about daily or less.
 * The publisher's hints (`PublisherHints`) lengthen an adapted interval, busy or quiet, never past `maxMinutes`. A
 * source's own `everyMinutes` fixes its interval, and with `adaptive: false` every source without one is polled every
 * `poll.everyMinutes`; hints do not move a fixed interval.
 */
import type { Config, SourceConfig } from "../config/index.ts";
import type { PublisherHints } from "../store/index.ts";

/** How many of a source's latest publication times its mean gap is judged from. */
export const RECENT_ENTRIES = 20;
/** A source whose latest entries came at least this many a week is busy (a mean gap of 14 hours or less). */
export const BUSY_PER_WEEK = 12;
/** A busy source's interval as a share of its mean gap (at most `poll.everyMinutes`). */
export const BUSY_FRACTION = 0.5;
/** A quiet source's base interval as a share of its mean gap. */
export const QUIET_FRACTION = 0.25;
/** How much of the time since a poll last found something a quiet source's interval grows by. */
export const GROWTH = 0.25;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const WEEK_MINUTES = 7 * 24 * 60;
/** The longest mean gap of a busy source (minutes): 840, 14 hours. */
export const BUSY_GAP_MINUTES = WEEK_MINUTES / BUSY_PER_WEEK;

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

/**
 * The mean gap (minutes) between the latest `RECENT_ENTRIES` publication times (epoch minutes) published by `now`,
 * the time since the newest counted as a gap still open: (now − oldest) / (count − 1). Null with fewer than two
 * (times after `now`, a publisher's clock ahead, are left out).
 * @example meanGapMinutes([100, 60, 20], 120) // (120 − 20) / 2 = 50
 */
export function meanGapMinutes(published: readonly number[], now: number): number | null {
  const times = published
    .filter((time) => time <= now)
    .sort((a, b) => b - a)
    .slice(0, RECENT_ENTRIES);
  if (times.length < 2) return null;
  return (now - (times[times.length - 1] as number)) / (times.length - 1);
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
 * When a healthy source with a fixed interval (`fixedMinutes`) is next due after a poll by the cycle scheduled at
 * `at`: `at` + that interval under the configuration in force now, so an edit of `everyMinutes` or `poll.adaptive`
 * counts at once. Null when its interval adapts (its next fetch is the one its poll planned). The schedule
 * (`healthyDue`) and source health (`nextFetchAt`) both reckon a fixed interval by it.
 * @example fixedNextFetch(config, { everyMinutes: 60 }, new Date("2026-01-01T10:00:00Z")) // 2026-01-01T11:00:00Z
 */
export function fixedNextFetch(config: Config, source: Pick<SourceConfig, "everyMinutes">, at: Date): Date | null {
  const fixed = fixedMinutes(config, source);
  return fixed === null ? null : new Date(at.getTime() + fixed * MINUTE_MS);
}

/**
 * The adapted interval (minutes, not clamped) of a source whose inputs are `inputs` at `now`, before hints:
 * `everyMinutes` without a mean gap; for a busy source (mean gap ≤ `BUSY_GAP_MINUTES`) half its mean gap, at most
 * `everyMinutes`; for a quiet one a quarter of its mean gap plus a quarter of the time since a poll last found
 * something.
 */
export function adaptedMinutes(everyMinutes: number, inputs: ScheduleInputs, now: Date): number {
  const gap = meanGapMinutes(inputs.published, Math.floor(now.getTime() / MINUTE_MS));
  if (gap === null) return everyMinutes;
  if (gap <= BUSY_GAP_MINUTES) return Math.min(everyMinutes, gap * BUSY_FRACTION);
  const found = inputs.foundAt === null ? Number.NaN : Date.parse(inputs.foundAt);
  const quiet = Number.isNaN(found) ? 0 : Math.max(0, (now.getTime() - found) / MINUTE_MS);
  return gap * QUIET_FRACTION + quiet * GROWTH;
}

/**
 * The interval (whole minutes) after a healthy poll at `now`: fixed, or adapted from `inputs` (`adaptedMinutes`) and
 * lengthened by the hints, within `minMinutes`–`maxMinutes`.
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
  const adapted = Math.max(adaptedMinutes(everyMinutes, inputs, now), hintedMinutes(inputs.hints));
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
