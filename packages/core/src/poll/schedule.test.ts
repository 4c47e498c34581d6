import { validateConfig } from "@tributary/core/config";
import { describe, expect, it } from "vitest";
import { meterStore } from "../../../../bench/support.ts";
import { createTestStore } from "../../../../tests/helpers/store.ts";
import { pendingState } from "../store/index.ts";
import { dueSourceIds, healthyDue, horizonMinutes, picks } from "./schedule.ts";

const NOW = new Date("2026-11-26T00:00:00.000Z");
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
const configOf = (sources: Record<string, unknown>[], poll: Record<string, unknown> = {}) =>
  validateConfig({
    title: "T",
    sources: sources.map((s) => ({ url: `https://${s.id}.example/feed`, ...s })),
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
    poll: { everyMinutes: 10, ...poll },
  });

describe("the schedule's rule", () => {
  it("finds the due sources from the held index and the poll records of the horizon, without reading states", async () => {
    const store = await createTestStore();
    const healthy = (id: string) => pendingState(id, `https://${id}.example/feed`, NOW);
    for (const id of ["a", "recent", "soon", "fixed"]) await store.sources.save(healthy(id));
    await store.sources.save({ ...healthy("later"), status: "failing", nextFetchAt: minutes(60).toISOString() });
    await store.sources.save({ ...healthy("retry"), status: "failing", nextFetchAt: minutes(-1).toISOString() });
    await store.sources.save({ ...healthy("gone"), status: "gone" });
    // "recent" was planned 30 minutes on 5 minutes ago; "soon" 3 minutes on 5 minutes ago; "a" by a record of the
    // layout before plans, 15 minutes ago (its interval of 10 has passed); "fixed" has a 60-minute interval of its own.
    const record = (id: string, at: number, plan?: { interval: number; next: number }) =>
      store.sources.recordPolls(
        new Map([
          [
            id,
            {
              fetchedAt: minutes(at).toISOString(),
              ...(plan && { interval: plan.interval, next: minutes(plan.next).toISOString() }),
            },
          ],
        ]),
        minutes(at),
        minutes(at),
      );
    await record("recent", -5, { interval: 30, next: 25 });
    await record("soon", -5, { interval: 3, next: -2 });
    await store.sources.recordPolls(new Map([["a", minutes(-15).toISOString()]]), minutes(-15), minutes(-15));
    await record("fixed", -20, { interval: 5, next: -15 });
    const config = configOf([
      { id: "a" },
      { id: "recent" },
      { id: "soon" },
      { id: "fixed", everyMinutes: 60 },
      { id: "later" },
      { id: "retry" },
      { id: "gone" },
      { id: "never-polled" },
      { id: "off", enabled: false },
    ]);
    expect(await dueSourceIds(store, config, NOW)).toEqual(["a", "soon", "retry", "never-polled"]);
    store.close();
  });

  it("reads back as far as the longest interval a source may have", () => {
    expect(horizonMinutes(configOf([{ id: "a" }]))).toBe(360);
    expect(horizonMinutes(configOf([{ id: "a" }, { id: "b", everyMinutes: 1440 }]))).toBe(1440);
    expect(horizonMinutes(configOf([{ id: "a" }], { maxMinutes: 60 }))).toBe(60);
    // Nothing adapts with adaptive: false, so no interval reaches maxMinutes; a disabled source is never polled.
    expect(horizonMinutes(configOf([{ id: "a" }], { adaptive: false }))).toBe(10);
    expect(horizonMinutes(configOf([{ id: "a" }, { id: "b", everyMinutes: 60 }], { adaptive: false }))).toBe(60);
    expect(horizonMinutes(configOf([{ id: "a" }, { id: "off", everyMinutes: 1440, enabled: false }]))).toBe(360);
    // However many sources: 200,000 spread into Math.max's arguments overflowed the stack.
    const many = Array.from({ length: 200_000 }, (_, n) => ({
      id: `s${n}`,
      ...(n === 199_999 ? { everyMinutes: 720 } : {}),
    }));
    expect(horizonMinutes(configOf(many))).toBe(720);
  });

  it("reads the poll records of the horizon only: with adaptive: false those of the last everyMinutes (read units metered)", async () => {
    const store = await createTestStore();
    try {
      // A fixed 10-minute schedule at work for 6 hours: a run every 5 minutes, each polling half of 40 sources, its
      // record holding their plans as the workers write them (about 1.3 KB).
      const ids = Array.from({ length: 40 }, (_, n) => `s${n}`);
      for (let k = 72; k >= 1; k--) {
        const at = minutes(-5 * k);
        const plan = { fetchedAt: at.toISOString(), interval: 10, next: minutes(-5 * k + 10).toISOString() };
        const polled = new Map(ids.filter((_, n) => n % 2 === k % 2).map((id) => [id, plan] as const));
        await store.sources.recordPolls(polled, at, at);
      }
      const sources = ids.map((id) => ({ id }));
      const meter = meterStore(store);
      // Those the run 10 minutes ago polled are due, not those of the run 5 minutes ago.
      const due = ids.filter((_, n) => n % 2 === 0);
      expect(await dueSourceIds(store, configOf(sources), NOW)).toEqual(due);
      const adapted = meter.readCapacity;
      meter.reset();
      expect(await dueSourceIds(store, configOf(sources, { adaptive: false }), NOW)).toEqual(due);
      expect(meter.requests.get("QueryCommand")).toBe(2); // the held index and the poll records
      // Half a unit: the one record of the last 10 minutes (the held index, empty, counts none on DynamoDB Local),
      // where the adaptive schedule's horizon of maxMinutes reads all 72 runs' records (about 12 units).
      expect(meter.readCapacity).toBeLessThanOrEqual(0.5);
      expect(adapted).toBeGreaterThan(10);
    } finally {
      store.close();
    }
  });

  it("takes a fixed interval from its cycle's time, an adapted one from the plan the record holds", () => {
    const config = configOf([{ id: "s" }, { id: "f", everyMinutes: 30 }]);
    const [s, f] = config.sources as [(typeof config.sources)[0], (typeof config.sources)[0]];
    const last = {
      at: minutes(-20).toISOString(),
      fetchedAt: minutes(-20).toISOString(),
      next: minutes(5).toISOString(),
    };
    expect(healthyDue(config, s, last, NOW)).toBe(false);
    expect(healthyDue(config, s, last, minutes(2))).toBe(false);
    // Runs come every minMinutes (5): the run nearest the plan takes it, from half a run before.
    expect(healthyDue(config, s, last, minutes(2.5))).toBe(true);
    expect(healthyDue(config, s, last, minutes(5))).toBe(true);
    expect(healthyDue(config, f, last, NOW)).toBe(false);
    expect(healthyDue(config, f, last, minutes(9))).toBe(false);
    expect(healthyDue(config, f, last, minutes(10))).toBe(true);
    expect(healthyDue(config, s, undefined, NOW)).toBe(true);
  });

  it("picks a source by its state: never disabled, gone or held by a Retry-After; held back until its time when due", () => {
    const config = configOf([{ id: "s" }, { id: "off", enabled: false }]);
    const [s, off] = config.sources as [(typeof config.sources)[0], (typeof config.sources)[0]];
    const ok = { ...pendingState("s", "https://s.example/feed", NOW), status: "ok" as const };
    const polled = new Map([
      ["s", { at: NOW.toISOString(), fetchedAt: NOW.toISOString(), next: minutes(10).toISOString() }],
    ]);
    expect(picks(config, { mode: "all" }, s, ok, NOW)).toBe(true);
    expect(picks(config, { mode: "all" }, off, { ...ok, id: "off" }, NOW)).toBe(false);
    expect(picks(config, { mode: "ids", ids: ["off"] }, off, { ...ok, id: "off" }, NOW)).toBe(false);
    expect(picks(config, { mode: "due" }, s, ok, NOW, polled)).toBe(false);
    expect(picks(config, { mode: "due" }, s, ok, minutes(10), polled)).toBe(true);
    expect(picks(config, { mode: "due" }, s, ok, NOW, new Map())).toBe(true);
    expect(picks(config, { mode: "all" }, s, { ...ok, status: "gone" }, NOW)).toBe(false);
    expect(picks(config, { mode: "all" }, s, { ...ok, retryAfterUntil: minutes(5).toISOString() }, NOW)).toBe(false);
    const failing = { ...ok, status: "failing" as const, nextFetchAt: minutes(5).toISOString() };
    expect(picks(config, { mode: "due" }, s, failing, NOW)).toBe(false);
    expect(picks(config, { mode: "due" }, s, failing, minutes(5))).toBe(true);
    expect(picks(config, { mode: "ids", ids: ["s"] }, s, failing, NOW)).toBe(true);
    expect(picks(config, { mode: "all" }, s, undefined, NOW)).toBe(false);
  });
});
