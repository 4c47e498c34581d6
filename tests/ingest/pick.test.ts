import { validateConfig } from "@tributary/core/config";
import { pickSources } from "@tributary/core/poll";
import { pendingState } from "@tributary/core/store";
import { describe, expect, it } from "vitest";
import { countRequests } from "../helpers/requests.ts";
import { createTestStore } from "../helpers/store.ts";

const config = (ids: string[]) =>
  validateConfig({
    title: "T",
    sources: ids.map((id) => ({ id, url: `https://example.org/${id}.rss` })),
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
  });

describe("the schedule picks due sources", () => {
  it("from the due index, syncing source states only when the configured sources change", async () => {
    const store = await createTestStore();
    const now = new Date("2026-11-26T12:00:00.000Z");
    expect(await pickSources({ config: config(["a", "b", "c"]), store, now: () => now }, { mode: "due" })).toEqual([
      "a",
      "b",
      "c",
    ]);

    const later = new Date(now.getTime() + 60_000);
    await store.saveSourceState({
      ...pendingState("a", "https://example.org/a.rss", now),
      status: "ok",
      nextFetchAt: "2026-11-26T12:10:00.000Z",
    });
    await store.saveSourceState({
      ...pendingState("b", "https://example.org/b.rss", now),
      status: "gone",
      nextFetchAt: null,
    });
    await store.saveSourceState({
      ...pendingState("c", "https://example.org/c.rss", now),
      status: "failing",
      nextFetchAt: "2026-11-26T13:00:00.000Z",
    });
    const requests = countRequests(store);
    expect(await pickSources({ config: config(["a", "b", "c"]), store, now: () => later }, { mode: "due" })).toEqual(
      [],
    );
    expect(requests.counts.get("BatchGetItemCommand") ?? 0).toBe(1); // the topics' versions, not the source states

    const added = config(["a", "b", "c", "d"]);
    expect(await pickSources({ config: added, store, now: () => later }, { mode: "due" })).toEqual(["d"]);
    const moved = validateConfig({
      ...added,
      sources: added.sources.map((s) => (s.id === "b" ? { ...s, url: "https://example.org/b2.rss" } : s)),
    });
    expect(await pickSources({ config: moved, store, now: () => later }, { mode: "due" })).toEqual(["b", "d"]);
    expect(
      await pickSources({ config: moved, store, now: () => new Date("2026-11-26T12:30:00.000Z") }, { mode: "due" }),
    ).toEqual(["a", "b", "d"]);
  });
});
