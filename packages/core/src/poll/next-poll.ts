/**
 * After a healthy poll: what the source's state keeps for the adaptive schedule (publication times, when a poll
 * last found something, the publisher's hints) and when the source is next due (`interval.ts`).
 */
import type { Config, SourceConfig } from "../config/index.ts";
import type { ReadFeed } from "../normalize/index.ts";
import type { PublisherHints, SourceState } from "../store/index.ts";
import { intervalMinutes, nextFetchAt, recentPublished } from "./interval.ts";

/** The plan of a source's next poll: its interval (minutes), when it is due (ISO), and the state's changes. */
export interface NextPoll {
  interval: number;
  next: string;
  changes: Partial<SourceState>;
}

/** What a healthy poll brought: the response's freshness lifetime (seconds) and, when a body was read, the feed. */
export interface PollFindings {
  freshSeconds: number | null;
  /**
   * The feed read (its info, and its items' dates), with `found` true when it held a new or changed entry; absent for
   * a 304 or an unchanged body.
   */
  read?: { feed: Pick<ReadFeed, "info"> & { items: readonly { publishedAt: string }[] }; found: boolean };
}

/** The hints as this poll leaves them: the response's lifetime, the feed's own when a body was read, else the state's. */
function hintsOf(state: SourceState, findings: PollFindings): PublisherHints | null {
  const feed = findings.read ? findings.read.feed.info.schedule : undefined;
  const kept = state.hints ?? null;
  const hints: PublisherHints = {
    freshMinutes: findings.freshSeconds === null ? null : Math.ceil(findings.freshSeconds / 60),
    ttlMinutes: findings.read ? (feed?.ttlMinutes ?? null) : (kept?.ttlMinutes ?? null),
    updateMinutes: findings.read ? (feed?.updateMinutes ?? null) : (kept?.updateMinutes ?? null),
    skipHours: findings.read ? (feed?.skipHours ?? []) : (kept?.skipHours ?? []),
    skipDays: findings.read ? (feed?.skipDays ?? []) : (kept?.skipDays ?? []),
  };
  const none =
    hints.freshMinutes === null &&
    hints.ttlMinutes === null &&
    hints.updateMinutes === null &&
    hints.skipHours.length === 0 &&
    hints.skipDays.length === 0;
  return none ? null : hints;
}

/**
 * The next poll of `source` after a healthy poll at `now` by the cycle scheduled at `scheduledAt`. A read adds the
 * publication times of the entries it read, and sets `foundAt` when it found a new or changed one; a source whose state predates the
 * schedule's inputs counts its newest publication as its last find.
 */
export function planNextPoll(
  config: Config,
  source: SourceConfig,
  state: SourceState,
  findings: PollFindings,
  at: { now: Date; scheduledAt: Date },
): NextPoll {
  const found = findings.read?.found === true;
  // The items of the entries read: new or changed ones (every entry on a first read, or a state's first since
  // it keeps publication times).
  const added = findings.read?.feed.items.map((item) => item.publishedAt) ?? [];
  const published = findings.read ? recentPublished(state.published ?? [], added) : (state.published ?? []);
  const newest = published[0];
  const foundAt = found
    ? at.now.toISOString()
    : (state.foundAt ?? (newest === undefined ? null : new Date(newest * 60_000).toISOString()));
  const hints = hintsOf(state, findings);
  const interval = intervalMinutes(config, source, { published, foundAt, hints }, at.now);
  const next = nextFetchAt(config, source, at.scheduledAt, interval, hints).toISOString();
  const changes: Partial<SourceState> = { hints };
  if (findings.read) Object.assign(changes, { published, foundAt });
  return { interval, next, changes };
}
