import { describe, expect, it } from "vitest";
import { createTestStore } from "../../../../tests/helpers/store.ts";
import { pendingState } from "../store/index.ts";
import { dueSourceIds, picks } from "./schedule.ts";

const NOW = new Date("2026-11-26T00:00:00.000Z");
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

describe("the schedule's rule", () => {
  it("finds the due sources from the held index and the poll records, without reading states", async () => {
    const store = await createTestStore();
    const healthy = (id: string) => pendingState(id, `https://${id}.example/`, NOW);
    await store.sources.save(healthy("a"));
    await store.sources.save(healthy("recent"));
    await store.sources.save({ ...healthy("later"), status: "failing", nextFetchAt: minutes(60).toISOString() });
    await store.sources.save({ ...healthy("retry"), status: "failing", nextFetchAt: minutes(-1).toISOString() });
    await store.sources.save({ ...healthy("gone"), status: "gone" });
    // A cycle scheduled 5 minutes ago polled "recent"; one scheduled 15 minutes ago polled "a" (an interval ago).
    await store.sources.recordPolls(new Map([["recent", minutes(-5).toISOString()]]), minutes(-5), minutes(-5));
    await store.sources.recordPolls(new Map([["a", minutes(-15).toISOString()]]), minutes(-15), minutes(-15));
    const ids = ["a", "recent", "later", "retry", "gone", "never-polled"];
    expect(await dueSourceIds(store, ids, NOW, 10)).toEqual(["a", "retry", "never-polled"]);
    store.close();
  });

  it("picks a source by its state: never gone or held by a Retry-After; held back until its time when due", () => {
    const ok = { ...pendingState("s", "https://s.example/", NOW), status: "ok" as const };
    expect(picks({ mode: "all" }, ok, NOW)).toBe(true);
    expect(picks({ mode: "due" }, ok, NOW, new Set(["s"]))).toBe(false);
    expect(picks({ mode: "due" }, ok, NOW, new Set())).toBe(true);
    expect(picks({ mode: "all" }, { ...ok, status: "gone" }, NOW)).toBe(false);
    expect(picks({ mode: "all" }, { ...ok, retryAfterUntil: minutes(5).toISOString() }, NOW)).toBe(false);
    const failing = { ...ok, status: "failing" as const, nextFetchAt: minutes(5).toISOString() };
    expect(picks({ mode: "due" }, failing, NOW)).toBe(false);
    expect(picks({ mode: "due" }, failing, minutes(5))).toBe(true);
    expect(picks({ mode: "ids", ids: ["s"] }, failing, NOW)).toBe(true);
    expect(picks({ mode: "all" }, undefined, NOW)).toBe(false);
  });
});
