/** The one retention rule: how old an item may be before it is expired and never shown again. */
import type { Config } from "./schema.ts";

const DAY_MS = 86_400_000;

/**
 * The retention cutoff at `now`, as ISO 8601 UTC: an item whose `publishedAt` is before it is expired — never
 * served, never stored anew — even before DynamoDB's TTL deletes its rows.
 * @example retentionCutoff({ retentionDays: 90 }, new Date("2026-04-01T00:00:00Z")) // "2026-01-01T00:00:00.000Z"
 */
export function retentionCutoff(config: Pick<Config, "retentionDays">, now: Date): string {
  return new Date(now.getTime() - config.retentionDays * DAY_MS).toISOString();
}

/**
 * The last instant an item published at `publishedAt` (ISO 8601) is shown: just after it, the cutoff passes it.
 * @example retentionEnd({ retentionDays: 90 }, "2026-01-01T00:00:00.000Z") // "2026-04-01T00:00:00.000Z"
 */
export function retentionEnd(config: Pick<Config, "retentionDays">, publishedAt: string): string {
  return new Date(Date.parse(publishedAt) + config.retentionDays * DAY_MS).toISOString();
}

/** What a page of a list depends on through retention, as times (ISO 8601 UTC): see `pageRetention`. */
export interface PageRetention {
  /** The page stays as it is until this instant (inclusive), unless its list changes; null: nothing in it expires. */
  holdsUntil: string | null;
  /** When the page last changed by retention (something it showed or counted passed the cutoff); null: never. */
  changedAt: string | null;
}

/**
 * When a page changes next by retention and when it last did, from the dates it depends on (`PageDates` of the
 * store: the oldest it keeps, the newest past the cutoff). Reads hide what passes the cutoff at once, before any
 * sweep moves the list's version, so validators need both (SPEC §4 Caching: the ETag changes when the content
 * changes; Last-Modified counts removals).
 */
export function pageRetention(
  config: Pick<Config, "retentionDays">,
  dates: { oldestKept: string | null; newestExpired: string | null },
): PageRetention {
  return {
    holdsUntil: dates.oldestKept === null ? null : retentionEnd(config, dates.oldestKept),
    changedAt: dates.newestExpired === null ? null : retentionEnd(config, dates.newestExpired),
  };
}
