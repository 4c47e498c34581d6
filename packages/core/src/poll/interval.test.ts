import { validateConfig } from "@tributary/core/config";
import { describe, expect, it } from "vitest";
import type { PublisherHints } from "../store/index.ts";
import {
  BUSY_GAP_MINUTES,
  hintedMinutes,
  intervalMinutes,
  meanGapMinutes,
  nextFetchAt,
  RECENT_ENTRIES,
  recentPublished,
} from "./interval.ts";

const config = (poll: Record<string, unknown> = {}) =>
  validateConfig({
    title: "T",
    sources: [{ id: "s", url: "https://s.example/feed" }],
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
    poll: { everyMinutes: 10, ...poll },
  });
const NOW = new Date("2026-12-01T12:00:00Z");
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const hints = (changes: Partial<PublisherHints>): PublisherHints => ({
  freshMinutes: null,
  ttlMinutes: null,
  updateMinutes: null,
  skipHours: [],
  skipDays: [],
  ...changes,
});
const none = { published: [], foundAt: null, hints: null };

describe("the interval rule", () => {
  it("keeps the latest twenty publication times, newest first, once each", () => {
    const known = Array.from({ length: RECENT_ENTRIES }, (_, n) => 1000 - n);
    const kept = recentPublished(known, [new Date(1005 * 60_000).toISOString(), "not a date"]);
    expect(kept).toHaveLength(20);
    expect(kept.slice(0, 3)).toEqual([1005, 1000, 999]);
    expect(kept.at(-1)).toBe(982);
    expect(recentPublished([10, 20], [new Date(20 * 60_000).toISOString()])).toEqual([20, 10]);
  });

  it("takes the mean gap of the latest twenty up to now, leaving out times after now; none with fewer than two", () => {
    expect(meanGapMinutes([100, 60, 20], 120)).toBe(50); // (120 − 20) / 2: the gap since the newest counts
    expect(meanGapMinutes([100], 120)).toBeNull();
    expect(meanGapMinutes([500, 100, 20], 120)).toBe(100); // 500 lies ahead of now
    // Only the latest twenty count: entries 4 minutes apart, older ones days apart.
    const latest = Array.from({ length: 20 }, (_, k) => 10_000 - 4 * k);
    expect(meanGapMinutes([...latest, 8000, 6000, 4000], 10_000)).toBe(4);
  });

  it("polls a busy source every half mean gap, never less often than everyMinutes, whatever its silence", () => {
    const minutesAgo = (...ago: number[]) => ago.map((m) => Math.floor(at(-m).getTime() / 60_000));
    const long = { foundAt: at(-6000).toISOString(), hints: null };
    // Three a day (a mean gap of 8 hours): every everyMinutes (10), even after 10 quiet hours.
    const threeADay = minutesAgo(...Array.from({ length: 20 }, (_, k) => 600 + 480 * k));
    expect(intervalMinutes(config(), {}, { ...long, published: threeADay }, NOW)).toBe(10);
    expect(intervalMinutes(config({ everyMinutes: 30 }), {}, { ...long, published: threeADay }, NOW)).toBe(30);
    // Every 12 minutes: half of it, 6 minutes; every 4 minutes: minMinutes (5).
    expect(intervalMinutes(config(), {}, { ...long, published: minutesAgo(0, 12, 24, 36) }, NOW)).toBe(6);
    expect(intervalMinutes(config(), {}, { ...long, published: minutesAgo(0, 4, 8, 12) }, NOW)).toBe(5);
    // The edge: a mean gap of 14 hours (12 a week) is busy; a minute more is quiet (a quarter of it and more).
    const edge = minutesAgo(0, BUSY_GAP_MINUTES);
    expect(intervalMinutes(config(), {}, { published: edge, foundAt: NOW.toISOString(), hints: null }, NOW)).toBe(10);
    const past = minutesAgo(0, BUSY_GAP_MINUTES + 1);
    expect(intervalMinutes(config(), {}, { published: past, foundAt: NOW.toISOString(), hints: null }, NOW)).toBe(210);
  });

  it("waits a quarter of a quiet source's mean gap, grown by a quarter of the time since the last find, within minMinutes and maxMinutes", () => {
    const daily = Array.from({ length: 10 }, (_, k) => Math.floor(at(-1440 * k).getTime() / 60_000));
    expect(intervalMinutes(config(), {}, { ...none, published: daily, foundAt: NOW.toISOString() }, NOW)).toBe(360);
    expect(intervalMinutes(config({ maxMinutes: 1440 }), {}, { ...none, published: daily }, NOW)).toBe(360);
    // 40 hours after the newest of two entries a day apart: a mean gap of 64 hours, a quarter 960, and 600 more.
    const two = [0, 1440].map((m) => Math.floor(at(-2400 - m).getTime() / 60_000));
    const quiet = { ...none, published: two, foundAt: at(-2400).toISOString() };
    expect(intervalMinutes(config({ maxMinutes: 1440 }), {}, quiet, NOW)).toBe(1440);
    expect(intervalMinutes(config({ maxMinutes: 1440 }), {}, { ...quiet, foundAt: null }, NOW)).toBe(960);
    expect(intervalMinutes(config(), {}, none, NOW)).toBe(10);
  });

  it("lengthens an adapted interval by the longest hint, never past maxMinutes; a fixed one is left alone", () => {
    expect(hintedMinutes(hints({ freshMinutes: 30, ttlMinutes: 60, updateMinutes: 45 }))).toBe(60);
    expect(hintedMinutes(null)).toBe(0);
    expect(intervalMinutes(config(), {}, { ...none, hints: hints({ ttlMinutes: 60 }) }, NOW)).toBe(60);
    expect(intervalMinutes(config(), {}, { ...none, hints: hints({ freshMinutes: 3 }) }, NOW)).toBe(10);
    expect(intervalMinutes(config(), {}, { ...none, hints: hints({ updateMinutes: 10_080 }) }, NOW)).toBe(360);
    expect(intervalMinutes(config(), { everyMinutes: 20 }, { ...none, hints: hints({ ttlMinutes: 60 }) }, NOW)).toBe(
      20,
    );
    expect(intervalMinutes(config({ adaptive: false }), {}, { ...none, hints: hints({ ttlMinutes: 60 }) }, NOW)).toBe(
      10,
    );
  });

  it("moves the next fetch past skipped GMT hours and days, never past maxMinutes", () => {
    const noon = new Date("2026-12-01T12:00:00Z"); // a Tuesday
    const skip12to13 = hints({ skipHours: [12, 13] });
    expect(nextFetchAt(config(), {}, noon, 10, skip12to13).toISOString()).toBe("2026-12-01T14:00:00.000Z");
    expect(nextFetchAt(config(), {}, noon, 10, hints({ skipHours: [11] })).toISOString()).toBe(
      "2026-12-01T12:10:00.000Z",
    );
    expect(nextFetchAt(config(), {}, noon, 10, hints({ skipDays: [2] })).toISOString()).toBe(
      "2026-12-01T18:00:00.000Z",
    );
    expect(nextFetchAt(config({ maxMinutes: 60 }), {}, noon, 10, skip12to13).toISOString()).toBe(
      "2026-12-01T13:00:00.000Z",
    );
    expect(nextFetchAt(config(), { everyMinutes: 10 }, noon, 10, skip12to13).toISOString()).toBe(
      "2026-12-01T12:10:00.000Z",
    );
  });
});
