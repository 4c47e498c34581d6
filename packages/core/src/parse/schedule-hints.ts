/**
 * A channel's hints of how often it is worth fetching: RSS 2.0 `ttl`, `skipHours`, `skipDays`
 * (https://www.rssboard.org/rss-specification#ltttlgtSubelementOfLtchannelgt) and the RSS 1.0 syndication module's
 * `sy:updatePeriod` and `sy:updateFrequency` (https://web.resource.org/rss/1.0/modules/syndication/).
 */
import type { FeedScheduleHints } from "./types.ts";
import { NS } from "./xml-names.ts";
import { childOf, childrenOf, textOf } from "./xml-read.ts";
import type { XmlElement } from "./xml-tree.ts";

/** Minutes of each `sy:updatePeriod` (a month as 30 days, a year as 365). */
const PERIOD_MINUTES: Record<string, number> = {
  hourly: 60,
  daily: 1440,
  weekly: 10_080,
  monthly: 43_200,
  yearly: 525_600,
};
const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** A positive whole number written in `text`, else null. */
function positive(text: string | null): number | null {
  const value = text === null ? Number.NaN : Number(text.trim());
  return Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * Minutes between updates the syndication module announces: `updatePeriod` (default daily) divided by
 * `updateFrequency` (default 1); null when the channel names neither, or a period it does not define.
 */
function updateMinutes(channel: XmlElement): number | null {
  const period =
    textOf(childOf(channel, NS.sy, "updatePeriod"))
      ?.trim()
      .toLowerCase() ?? null;
  const frequency = textOf(childOf(channel, NS.sy, "updateFrequency"));
  if (period === null && frequency === null) return null;
  const minutes = PERIOD_MINUTES[period ?? "daily"];
  if (minutes === undefined) return null;
  return Math.max(1, Math.round(minutes / (positive(frequency) ?? 1)));
}

/**
 * The channel's schedule hints, or undefined when it gives none. `skipHours` keeps hours 0–23 (24, which some
 * feeds write for midnight, is 0); `skipDays` keeps the day names it knows, in any case.
 */
export function scheduleHints(channel: XmlElement): FeedScheduleHints | undefined {
  const hours = childrenOf(childOf(channel, NS.rss, "skipHours"), NS.rss, "hour")
    .map((hour) => Number(textOf(hour)?.trim() ?? ""))
    .filter((hour) => Number.isInteger(hour) && hour >= 0 && hour <= 24)
    .map((hour) => hour % 24);
  const days = childrenOf(childOf(channel, NS.rss, "skipDays"), NS.rss, "day")
    .map((day) => DAYS.indexOf(textOf(day)?.trim().toLowerCase() ?? ""))
    .filter((day) => day >= 0);
  const hints: FeedScheduleHints = {
    ttlMinutes: positive(textOf(childOf(channel, NS.rss, "ttl"))),
    updateMinutes: updateMinutes(channel),
    skipHours: [...new Set(hours)].sort((a, b) => a - b),
    skipDays: [...new Set(days)].sort((a, b) => a - b),
  };
  const given = hints.ttlMinutes !== null || hints.updateMinutes !== null || hours.length > 0 || days.length > 0;
  return given ? hints : undefined;
}
