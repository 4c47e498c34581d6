import { validateConfig } from "@tributary/core/config";
import type { Article } from "@tributary/core/item";
import { mergeItems } from "@tributary/core/poll/merge.ts";
import { syncTopics } from "@tributary/core/poll/sync.ts";
import { sourceList, topicList } from "@tributary/core/store";
import { describe, expect, it } from "vitest";
import { countRequests } from "../../testkit/requests.ts";
import { createTestStore } from "../helpers/store.ts";

const NOW = new Date("2026-11-26T12:00:00.000Z");
const CUTOFF = "2026-08-28T12:00:00.000Z";

function baseConfig(overrides: Record<string, unknown> = {}) {
  return validateConfig({
    title: "T",
    sources: ["s1", "s2", "s3"].map((id) => ({ id, url: `https://example.org/${id}.rss` })),
    topics: [
      { slug: "war", title: "War", sources: ["s1", "s2"], include: ["ukraine"] },
      { slug: "all", title: "All", sources: ["*"] },
    ],
    ...overrides,
  });
}

function article(n: number, over: Partial<Article> = {}): Article {
  const publishedAt = new Date(Date.UTC(2026, 10, 1, n)).toISOString();
  return {
    id: `article-${n}`,
    url: `https://example.org/a/${n}`,
    title: n % 2 ? `Ukraine story ${n}` : `Other story ${n}`,
    summary: `Summary ${n}`,
    contentHtml: `<p>Body ${n}</p>`,
    contentSource: "feed",
    author: "Desk",
    categories: [],
    imageUrl: null,
    publishedAt,
    updatedAt: publishedAt,
    sources: [],
    ...over,
  };
}

const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();

describe("merging sections into items", () => {
  it("stores an article shared by three sections once, listing every section", async () => {
    const store = await createTestStore();
    const config = baseConfig();
    const shared = Array.from({ length: 10 }, (_, n) => article(n));
    const [first, second] = [
      await mergeItems(store, config, "s1", shared, NOW),
      await mergeItems(store, config, "s2", shared, NOW),
    ];
    await mergeItems(store, config, "s3", shared, NOW);
    expect([...first.outcomes.values()].every((o) => o === "new")).toBe(true);
    expect([...second.outcomes.values()].every((o) => o === "unchanged")).toBe(true);
    const stored = await store.items.getMany(shared.map((i) => i.id));
    expect(stored.size).toBe(10);
    for (const item of stored.values()) expect(item.sources).toEqual(["s1", "s2", "s3"]);
    const all = await store.lists.page(topicList("all"), { limit: 200, cutoff: CUTOFF });
    expect(all.items).toHaveLength(10);
    expect(all.items.every((i) => i.sources.length === 3)).toBe(true);
    const war = await store.lists.page(topicList("war"), { limit: 200, cutoff: CUTOFF });
    expect(ids(war.items)).toEqual(ids(shared.filter((i) => i.title?.startsWith("Ukraine"))));
    expect((await store.lists.page(sourceList("s3"), { limit: 200, cutoff: CUTOFF })).items).toHaveLength(10);
  });

  it("keeps the https link when another section gives the page over http", async () => {
    const store = await createTestStore();
    const config = baseConfig();
    await mergeItems(store, config, "s1", [article(1, { url: "http://example.org/a/1" })], NOW);
    await mergeItems(store, config, "s2", [article(1, { url: "https://example.org/a/1" })], NOW);
    await mergeItems(store, config, "s3", [article(1, { url: "http://example.org/a/1" })], NOW);
    expect((await store.items.get("article-1"))?.url).toBe("https://example.org/a/1");
  });

  it("costs no write when nothing changed", async () => {
    const store = await createTestStore();
    const config = baseConfig();
    const items = Array.from({ length: 20 }, (_, n) => article(n));
    await mergeItems(store, config, "s1", items, NOW);
    const requests = countRequests(store);
    const again = await mergeItems(store, config, "s1", items, NOW);
    expect(requests.writes).toBe(0);
    expect(requests.counts.get("BatchGetItemCommand")).toBe(1);
    expect(again.changedLists.size).toBe(0);
    expect([...again.outcomes.values()].every((o) => o === "unchanged")).toBe(true);
  });

  it("updates an edited article in place without moving publishedAt, and does not flap between sources", async () => {
    const store = await createTestStore();
    const config = baseConfig();
    const original = article(1);
    await mergeItems(store, config, "s1", [original], NOW);
    await mergeItems(store, config, "s2", [{ ...original, title: "Ukraine story 1 (s2 headline)" }], NOW);
    let stored = await store.items.get(original.id);
    expect(stored?.title).toBe(original.title);
    expect(stored?.sources).toEqual(["s1", "s2"]);

    const later = new Date(NOW.getTime() + 3_600_000);
    const edit = await mergeItems(store, config, "s1", [{ ...original, title: "Ukraine story 1, corrected" }], later);
    expect(edit.outcomes.get(original.id)).toBe("updated");
    stored = await store.items.get(original.id);
    expect(stored).toMatchObject({
      id: original.id,
      title: "Ukraine story 1, corrected",
      publishedAt: original.publishedAt,
      updatedAt: later.toISOString(),
    });
    const again = await mergeItems(
      store,
      config,
      "s2",
      [{ ...original, title: "Ukraine story 1 (s2 headline)" }],
      later,
    );
    expect(again.outcomes.get(original.id)).toBe("unchanged");
    const row = (await store.lists.page(topicList("war"), { limit: 5, cutoff: CUTOFF })).items[0];
    expect(row?.title).toBe("Ukraine story 1, corrected");
  });

  it("drops an edited article from a topic whose filter it no longer passes", async () => {
    const store = await createTestStore();
    const config = baseConfig();
    await mergeItems(store, config, "s1", [article(1)], NOW);
    await mergeItems(store, config, "s1", [article(1, { title: "Gaza story" })], NOW);
    expect((await store.lists.page(topicList("war"), { limit: 5, cutoff: CUTOFF })).items).toEqual([]);
    expect((await store.lists.page(topicList("all"), { limit: 5, cutoff: CUTOFF })).items[0]?.title).toBe("Gaza story");
  });

  it("never stores an expired article, and an expired one still in a feed does not return as new", async () => {
    const store = await createTestStore({ retentionDays: 30 });
    const config = baseConfig({ retentionDays: 30 });
    const old = article(1, { publishedAt: "2026-09-01T00:00:00.000Z", updatedAt: "2026-09-01T00:00:00.000Z" });
    const result = await mergeItems(store, config, "s1", [old], NOW);
    expect(result.outcomes.get(old.id)).toBe("unchanged");
    expect(await store.items.get(old.id)).toBeNull();

    const undated = article(2, { publishedAt: "2026-10-01T00:00:00.000Z", updatedAt: "2026-10-01T00:00:00.000Z" });
    await mergeItems(store, config, "s1", [undated], new Date("2026-10-01T00:00:00.000Z"));
    const seenAgain = { ...undated, publishedAt: NOW.toISOString(), updatedAt: NOW.toISOString() };
    const back = await mergeItems(store, config, "s1", [seenAgain], NOW);
    expect(back.outcomes.get(undated.id)).toBe("unchanged");
    expect((await store.lists.page(topicList("all"), { limit: 5, cutoff: "2026-10-27T12:00:00.000Z" })).items).toEqual(
      [],
    );
  });

  it("loses nothing and duplicates nothing when two polls merge at once", async () => {
    const store = await createTestStore();
    const config = baseConfig();
    const items = Array.from({ length: 30 }, (_, n) => article(n));
    const edited = items.map((i) => ({ ...i, summary: `${i.summary} (edited)` }));
    await Promise.all([
      mergeItems(store, config, "s1", items, NOW),
      mergeItems(store, config, "s2", items, NOW),
      mergeItems(store, config, "s3", items, NOW),
    ]);
    await Promise.all([mergeItems(store, config, "s1", edited, NOW), mergeItems(store, config, "s2", items, NOW)]);
    const stored = await store.items.getMany(items.map((i) => i.id));
    expect(stored.size).toBe(30);
    for (const item of stored.values()) {
      expect([...item.sources].sort()).toEqual(["s1", "s2", "s3"]);
      expect(item.summary).toMatch(/\(edited\)$/);
    }
    const all = await store.lists.page(topicList("all"), { limit: 200, cutoff: CUTOFF });
    expect(all.items).toHaveLength(30);
    expect(all.items.every((i) => i.summary?.endsWith("(edited)") && i.sources.length === 3)).toBe(true);
  });
});

describe("topics follow the configuration without refetching", () => {
  it("rebuilds a topic whose filters or sources change, and items of removed sources leave", async () => {
    const store = await createTestStore();
    let config = baseConfig();
    await syncTopics(store, config, NOW);
    await mergeItems(store, config, "s1", [article(1), article(2)], NOW);
    await mergeItems(store, config, "s3", [article(3), article(4)], NOW);
    expect(ids((await store.lists.page(topicList("war"), { limit: 50, cutoff: CUTOFF })).items)).toEqual(["article-1"]);

    config = baseConfig({
      topics: [
        { slug: "war", title: "War", sources: ["s1", "s3"], include: ["story"], exclude: ["other story 4"] },
        { slug: "all", title: "All", sources: ["*"] },
      ],
    });
    const requests = countRequests(store);
    expect(await syncTopics(store, config, NOW)).toEqual(["war"]);
    expect(requests.counts.get("GetItemCommand") ?? 0).toBe(0);
    expect(ids((await store.lists.page(topicList("war"), { limit: 50, cutoff: CUTOFF })).items)).toEqual([
      "article-1",
      "article-2",
      "article-3",
    ]);
    const before = await store.lists.version(topicList("war"));
    expect(await syncTopics(store, config, NOW)).toEqual([]);
    expect((await store.lists.version(topicList("war")))?.version).toBe(before?.version);

    config = baseConfig({
      sources: ["s1", "s2"].map((id) => ({ id, url: `https://example.org/${id}.rss` })),
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    });
    await syncTopics(store, config, NOW);
    expect(ids((await store.lists.page(topicList("all"), { limit: 50, cutoff: CUTOFF })).items)).toEqual([
      "article-1",
      "article-2",
    ]);
  });
});
