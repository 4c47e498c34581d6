import { validateConfig } from "@tributary/core/config";
import { describe, expect, it } from "vitest";
import type { PublisherHints } from "../store/index.ts";
import { baseMinutes, hintedMinutes, intervalMinutes, nextFetchAt, recentPublished } from "./interval.ts";

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
  it("keeps the latest ten publication times, newest first, once each", () => {
    const known = Array.from({ length: 10 }, (_, n) => 1000 - n);
    expect(recentPublished(known, [new Date(1005 * 60_000).toISOString(), "not a date"])).toEqual([
      1005, 1000, 999, 998, 997, 996, 995, 994, 993, 992,
    ]);
    expect(recentPublished([10, 20], [new Date(20 * 60_000).toISOString()])).toEqual([20, 10]);
  });

  it("takes a quarter of the median gap of the latest ten, everyMinutes with fewer than two", () => {
    expect(baseMinutes([100, 60, 20, 0], 10)).toBe(10); // gaps 40, 40, 20: median 40
    expect(baseMinutes([0], 10)).toBe(10);
    // Only the latest ten count: gaps of 4 minutes, older entries days apart.
    const latest = Array.from({ length: 10 }, (_, k) => 10_000 - 4 * k);
    expect(baseMinutes([...latest, 8000, 6000, 4000], 10)).toBe(1);
  });

  it("grows by a quarter of the time since the last find, within minMinutes and maxMinutes", () => {
    const published = [0, 40, 80].map((m) => Math.floor(at(-m).getTime() / 60_000));
    expect(intervalMinutes(config(), {}, { ...none, published, foundAt: NOW.toISOString() }, NOW)).toBe(10);
    expect(intervalMinutes(config(), {}, { ...none, published, foundAt: at(-60).toISOString() }, NOW)).toBe(25);
    expect(intervalMinutes(config(), {}, { ...none, published, foundAt: at(-6000).toISOString() }, NOW)).toBe(360);
    expect(intervalMinutes(config(), {}, { ...none, published: [1, 2, 3] }, NOW)).toBe(5);
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
