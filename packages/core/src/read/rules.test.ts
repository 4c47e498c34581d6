import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/index.ts";
import type { Item } from "../item.ts";
import { pendingState } from "../store/index.ts";
import { latestFetch, sourceHealth } from "./source-health.ts";
import { displayTitle, knownTitle, untitledSourceIds } from "./source-titles.ts";
import { topicSummary } from "./topic-summary.ts";

const titled = { id: "a", url: "https://a.example/feed", title: "A Section" };
const untitled = { id: "b", url: "https://b.example/feed" };
const item = (sources: string[]) => ({ sources }) as Item;

describe("a source's title", () => {
  it.each([
    [titled, { title: "Feed's own" }, "A Section", "A Section"],
    [untitled, { title: "Feed's own" }, "Feed's own", "Feed's own"],
    [untitled, { title: null }, null, "b"],
    [untitled, undefined, null, "b"],
  ])("%o with state %o: known %s, shown %s", (source, state, known, shown) => {
    expect(knownTitle(source, state)).toBe(known);
    expect(displayTitle(source, state)).toBe(shown);
  });

  it("reads feed titles only for untitled sources the items came from", () => {
    const config = (sources: { id: string; url: string; title?: string }[]) =>
      validateConfig({ title: "T", sources, topics: [{ slug: "all", title: "All", sources: ["*"] }] });
    const both = config([titled, untitled, { id: "c", url: "https://c.example/feed" }]);
    expect(untitledSourceIds(both, [item(["a"])])).toEqual([]);
    expect(untitledSourceIds(both, [item(["a"]), item(["b"])])).toEqual(["b"]);
    // Never every untitled source: only those of the items ("c" is untitled but no item came from it).
    expect(untitledSourceIds(both, [item(["b", "a"]), item(["b"])])).toEqual(["b"]);
    expect(untitledSourceIds(both, [])).toEqual([]);
    // A source no longer configured has no title to read.
    expect(untitledSourceIds(config([titled]), [item(["a", "gone"])])).toEqual([]);
  });
});

describe("source health", () => {
  it("is pending with nulls before the first poll, the stored state after", () => {
    expect(sourceHealth(untitled, undefined)).toEqual({
      id: "b",
      url: "https://b.example/feed",
      title: null,
      status: "pending",
      lastFetchedAt: null,
      lastSuccessAt: null,
      lastError: null,
      consecutiveErrors: 0,
      nextFetchAt: null,
    });
    const state = {
      ...pendingState("a", titled.url, new Date("2026-11-26T12:00:00Z")),
      status: "failing" as const,
      title: "Feed's own",
      lastFetchedAt: "2026-11-26T11:00:00.000Z",
      lastError: "http: 500",
      consecutiveErrors: 2,
    };
    expect(sourceHealth(titled, state)).toMatchObject({
      title: "A Section",
      status: "failing",
      lastError: "http: 500",
      consecutiveErrors: 2,
    });
  });

  it("was last fetched at the latest fetch of any source, or never", () => {
    expect(latestFetch([])).toBeNull();
    expect(latestFetch([{ lastFetchedAt: null }])).toBeNull();
    expect(
      latestFetch([
        { lastFetchedAt: "2026-11-26T10:00:00.000Z" },
        { lastFetchedAt: null },
        { lastFetchedAt: "2026-11-26T11:00:00.000Z" },
      ]),
    ).toBe("2026-11-26T11:00:00.000Z");
  });
});

describe("a topic's summary", () => {
  const topic = { slug: "w", title: "World", sources: ["a"] };
  it("takes its change time and version from its list, null and 0 before the first change", () => {
    expect(topicSummary(topic, null)).toEqual({
      slug: "w",
      title: "World",
      description: null,
      updatedAt: null,
      version: 0,
    });
    expect(
      topicSummary(topic, { key: "t:w", version: 4, modifiedAt: "2026-11-26T11:00:00.000Z", fingerprint: null }),
    ).toMatchObject({ updatedAt: "2026-11-26T11:00:00.000Z", version: 4 });
  });
});
