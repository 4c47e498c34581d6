import { type Config, type TopicConfig, validateConfig } from "@tributary/core/config";
import { sourceList, topicList } from "@tributary/core/store";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { batchGetKeys, countCommands, makeItem, NOW, seed, seedStory, setup, testConfig } from "./fixtures.ts";

const LISTS = "public, max-age=60, s-maxage=300, stale-while-revalidate=600";
const CACHED = [
  "/feeds/world.rss",
  "/feeds/world.atom",
  "/feeds/world.json",
  "/api/topics",
  "/api/topics/world/items",
  "/api/sources/alpha/items",
  "/topics/world",
];

describe("HTTP caching", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  let clock: Date;
  beforeEach(async () => {
    clock = NOW;
    ctx = await setup({ now: () => clock });
    await seed(ctx.store, "world", [makeItem(1, 1), makeItem(2, 2)]);
  });

  it.each(CACHED)("%s sends a strong ETag, Last-Modified and the list Cache-Control", async (path) => {
    const res = await ctx.get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toMatch(/^"[^"]+"$/);
    expect(res.headers.get("last-modified")).toBe(NOW.toUTCString());
    expect(res.headers.get("cache-control")).toBe(LISTS);
  });

  it.each(CACHED)("%s answers If-None-Match and If-Modified-Since with an empty 304", async (path) => {
    const first = await ctx.get(path);
    const etag = first.headers.get("etag") as string;
    const current: Record<string, string>[] = [
      { "If-None-Match": etag },
      { "If-None-Match": `W/${etag}` },
      { "If-None-Match": `"other", ${etag}` },
      // The gzipped representation's tag (the local server's) names the same content.
      { "If-None-Match": `${etag.slice(0, -1)}-gzip"` },
      { "If-None-Match": `"other", W/${etag.slice(0, -1)}-gzip"` },
      { "If-Modified-Since": first.headers.get("last-modified") as string },
      { "If-Modified-Since": new Date(NOW.getTime() + 60_000).toUTCString() },
    ];
    for (const headers of current) {
      const res = await ctx.get(path, headers);
      expect(res.status, JSON.stringify(headers)).toBe(304);
      expect(await res.text()).toBe("");
      expect(res.headers.get("etag")).toBe(etag);
      expect(res.headers.get("cache-control")).toBe(LISTS);
    }
    const changed: Record<string, string>[] = [
      { "If-None-Match": '"other"' },
      { "If-None-Match": '"other-gzip"' },
      { "If-None-Match": `${etag.slice(0, -1)}-br"` },
      { "If-None-Match": `${etag.slice(0, -1)}-gzip-gzip"` },
      { "If-Modified-Since": new Date(NOW.getTime() - 1000).toUTCString() },
      { "If-Modified-Since": "not a date" },
      // If-None-Match wins over If-Modified-Since (RFC 9110).
      { "If-None-Match": '"other"', "If-Modified-Since": first.headers.get("last-modified") as string },
    ];
    for (const headers of changed) {
      const res = await ctx.get(path, headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
    }
  });

  it("gives each URL and format its own ETag", async () => {
    const tags = await Promise.all(
      [
        "/feeds/world.rss",
        "/feeds/world.atom",
        "/feeds/world.json",
        "/feeds/world.rss?limit=1",
        "/api/topics/world/items",
      ].map(async (path) => (await ctx.get(path)).headers.get("etag")),
    );
    expect(new Set(tags).size).toBe(tags.length);
  });

  it("changes the ETag and Last-Modified when the list changes, at once", async () => {
    const before = await ctx.get("/feeds/world.rss");
    const etag = before.headers.get("etag") as string;
    const later = new Date(NOW.getTime() + 5 * 60_000);
    await seed(ctx.store, "world", [makeItem(9, 0.5)], later);
    await ctx.store.lists.touch(topicList("world"), later);
    const after = await ctx.get("/feeds/world.rss", { "If-None-Match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(after.headers.get("last-modified")).toBe(later.toUTCString());
    expect(await after.text()).toContain('<guid isPermaLink="false">item-0009</guid>');
    const stale = await ctx.get("/feeds/world.rss", {
      "If-Modified-Since": before.headers.get("last-modified") as string,
    });
    expect(stale.status).toBe(200);
  });

  it("changes a list's ETag at once when the configuration changes what it shows, and only then", async () => {
    const etag = async (config: Config, path: string) =>
      (await createApp({ config, store: ctx.store, now: () => clock }).request(path)).headers.get("etag");
    const [world, quiet] = testConfig.topics as [TopicConfig, TopicConfig];
    const variant = (topics: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
      validateConfig({ ...testConfig, ...extra, topics });
    const paths = ["/feeds/world.rss", "/api/topics/world/items", "/topics/world"];
    for (const path of paths) {
      const before = await etag(testConfig, path);
      expect(await etag(variant([world, { ...quiet, include: ["kyiv"] }]), path), path).toBe(before);
      expect(await etag(variant([world, quiet], { poll: { everyMinutes: 30 } }), path), path).toBe(before);
      for (const change of [
        { include: ["ukrain*"] },
        { exclude: ["sport"] },
        { match: ["title", "content"] },
        { stories: false },
        { title: "World news" },
        { sources: ["alpha"] },
      ]) {
        expect(
          await etag(variant([{ ...world, ...change }, quiet]), path),
          `${path} ${JSON.stringify(change)}`,
        ).not.toBe(before);
      }
      const renamed = testConfig.sources.map((s) => (s.id === "beta" ? { ...s, title: "Beta desk" } : s));
      expect(await etag(variant([world, quiet], { sources: renamed }), path), path).not.toBe(before);
    }
  });

  it("dates /feeds.opml and /api/topics by when the server took its configuration, and answers If-Modified-Since", async () => {
    for (const path of ["/feeds.opml", "/api/topics"]) {
      const first = await ctx.get(path);
      expect(first.headers.get("last-modified"), path).toBe(NOW.toUTCString());
      const same = await ctx.get(path, { "If-Modified-Since": NOW.toUTCString() });
      expect(same.status, path).toBe(304);
      expect(same.headers.get("last-modified"), path).toBe(NOW.toUTCString());
      const older = await ctx.get(path, { "If-Modified-Since": new Date(NOW.getTime() - 1000).toUTCString() });
      expect(older.status, path).toBe(200);
    }
    // A configuration that renames a topic, taken an hour later (a reload): the topic's list has not changed, the
    // body has, and so has Last-Modified.
    const later = new Date(NOW.getTime() + 3_600_000);
    const [world, quiet] = testConfig.topics as [TopicConfig, TopicConfig];
    const renamed = validateConfig({ ...testConfig, topics: [{ ...world, title: "World news" }, quiet] });
    const app = createApp({ config: renamed, store: ctx.store, now: () => later });
    for (const path of ["/feeds.opml", "/api/topics"]) {
      const res = await app.request(path, { headers: { "If-Modified-Since": NOW.toUTCString() } });
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain("World news");
      expect(res.headers.get("last-modified"), path).toBe(later.toUTCString());
    }
  });

  it("reuses a list's version for a moment, then sees the change", async () => {
    const quick = await setup({ now: () => clock, listVersionMaxAgeMs: 300 });
    const first = await quick.get("/feeds/world.rss");
    const calls = countCommands(quick.store);
    const again = await quick.get("/feeds/world.rss", { "If-None-Match": first.headers.get("etag") as string });
    expect(again.status).toBe(304);
    expect(calls).toEqual([]);
    await quick.store.lists.touch(topicList("world"), new Date(NOW.getTime() + 60_000));
    await new Promise((resolve) => setTimeout(resolve, 350));
    calls.length = 0;
    const changed = await quick.get("/feeds/world.rss", { "If-None-Match": first.headers.get("etag") as string });
    expect(changed.status).toBe(200);
    expect(calls[0]).toBe("GetItemCommand");
  });

  it("keeps rendered output for at most 10 seconds per list version", async () => {
    await ctx.get("/feeds/world.atom");
    const calls = countCommands(ctx.store);
    await ctx.get("/feeds/world.atom");
    expect(calls).toEqual(["GetItemCommand"]);
    clock = new Date(NOW.getTime() + 10_000);
    calls.length = 0;
    await ctx.get("/feeds/world.atom");
    expect(calls, "10 s old: still kept").toEqual(["GetItemCommand"]);
    clock = new Date(NOW.getTime() + 10_001);
    calls.length = 0;
    await ctx.get("/feeds/world.atom");
    expect(calls).toEqual(["GetItemCommand", "QueryCommand", "BatchGetItemCommand"]);
  });

  it("sends source health with max-age=10 and validators", async () => {
    for (const path of ["/api/sources", "/sources"]) {
      const res = await ctx.get(path);
      expect(res.headers.get("cache-control"), path).toBe("public, max-age=10");
      const etag = res.headers.get("etag") as string;
      const again = await ctx.get(path, { "If-None-Match": etag });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe("");
    }
  });

  it("never caches errors or /health", async () => {
    expect((await ctx.get("/feeds/nope.rss")).headers.get("cache-control")).toBe("no-store");
    expect((await ctx.get("/health")).headers.get("cache-control")).toBe("no-store");
  });
});

describe("HTTP caching when items pass retention", () => {
  const HOUR = 3_600_000;
  // 90 days of retention: this item leaves every list one hour after NOW, before any sweep moves a version.
  const leaving = makeItem(7, 90 * 24 - 1);
  const leavesAt = new Date(NOW.getTime() + HOUR);
  let clock: Date;
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    clock = NOW;
    ctx = await setup({ now: () => clock });
    await seed(ctx.store, "world", [makeItem(1, 1), leaving]);
  });
  const LISTS_OF_BOTH = CACHED.filter((path) => path !== "/api/topics").concat(["/api/topics/world/items?group=none"]);

  it.each(LISTS_OF_BOTH)("%s changes its ETag and Last-Modified the moment an item on it leaves", async (path) => {
    const before = await ctx.get(path);
    expect(await before.text()).toContain("articles/7");
    const etag = before.headers.get("etag") as string;
    clock = new Date(leavesAt.getTime() + 1000);
    const after = await ctx.get(path, { "If-None-Match": etag });
    expect(after.status).toBe(200);
    expect(await after.text()).not.toContain("articles/7");
    const newTag = after.headers.get("etag") as string;
    expect(newTag).not.toBe(etag);
    expect(after.headers.get("last-modified")).toBe(leavesAt.toUTCString());
    // The new tag and the new date are current; the old date is not.
    expect((await ctx.get(path, { "If-None-Match": newTag })).status).toBe(304);
    expect((await ctx.get(path, { "If-Modified-Since": leavesAt.toUTCString() })).status).toBe(304);
    expect((await ctx.get(path, { "If-Modified-Since": before.headers.get("last-modified") as string })).status).toBe(
      200,
    );
  });

  it("answers 304 to a page's tag until the moment something on it leaves, without reading the page", async () => {
    const first = await ctx.get("/feeds/world.rss");
    const etag = first.headers.get("etag") as string;
    clock = leavesAt;
    const calls = countCommands(ctx.store);
    expect((await ctx.get("/feeds/world.rss", { "If-None-Match": etag })).status).toBe(304);
    expect(calls).toEqual(["GetItemCommand"]);
    clock = new Date(leavesAt.getTime() + 1);
    expect((await ctx.get("/feeds/world.rss", { "If-None-Match": etag })).status).toBe(200);
  });

  it("reads the page anew for a tag of its version made before tags carried an instant", async () => {
    const etag = (await ctx.get("/feeds/world.rss")).headers.get("etag") as string;
    expect(etag).toMatch(/^"[^".]+\.[0-9a-z]+"$/);
    const before = etag.replace(/\.[0-9a-z]+"$/, '"');
    expect((await ctx.get("/feeds/world.rss", { "If-None-Match": before })).status).toBe(200);
  });

  it("answers a held tag's 304 without a Last-Modified the version alone cannot tell", async () => {
    const first = await ctx.get("/api/topics/world/items");
    clock = new Date(leavesAt.getTime() + 1000);
    const after = await ctx.get("/api/topics/world/items");
    expect(after.headers.get("last-modified")).toBe(leavesAt.toUTCString());
    const held = await ctx.get("/api/topics/world/items", { "If-None-Match": after.headers.get("etag") as string });
    expect(held.status).toBe(304);
    expect(held.headers.get("last-modified")).toBeNull();
    expect(first.headers.get("etag")).not.toBe(after.headers.get("etag"));
  });

  it("does not serve a kept rendering once something on it has left", async () => {
    clock = new Date(leavesAt.getTime() - 5000);
    expect(await (await ctx.get("/api/topics/world/items")).text()).toContain("articles/7");
    // Within the 10 seconds a rendering is kept, but past the item's retention.
    clock = new Date(leavesAt.getTime() + 1000);
    expect(await (await ctx.get("/api/topics/world/items")).text()).not.toContain("articles/7");
  });

  it("changes a page's tag when the row after it leaves and takes the next page with it", async () => {
    const path = "/api/topics/world/items?group=none&limit=1";
    const before = await ctx.get(path);
    expect((await before.json()).nextCursor).not.toBeNull();
    clock = new Date(leavesAt.getTime() + 1000);
    const after = await ctx.get(path, { "If-None-Match": before.headers.get("etag") as string });
    expect(after.status).toBe(200);
    expect((await after.json()).nextCursor).toBeNull();
  });

  it("changes a grouped entry's tag when another item of its story leaves: its size and other outlets", async () => {
    const story = await seedStory(ctx.store, ctx.config, [makeItem(1, 1), leaving]);
    const before = await ctx.get("/api/topics/world/items");
    const entry = (await before.json()).items.find((item: { id: string }) => item.id === story);
    expect(entry.story).toMatchObject({ size: 2, others: [{ id: leaving.id }] });
    clock = new Date(leavesAt.getTime() + 1000);
    const after = await ctx.get("/api/topics/world/items", { "If-None-Match": before.headers.get("etag") as string });
    expect(after.status).toBe(200);
    const left = (await after.json()).items.find((item: { id: string }) => item.id === story);
    expect(left.story).toMatchObject({ size: 1, others: [] });
    expect(after.headers.get("last-modified")).toBe(leavesAt.toUTCString());
  });
});

describe("DynamoDB requests per request", () => {
  it("a feed costs a GetItem, a Query and a BatchGetItem, a 304 only the GetItem, and nothing scans", async () => {
    const { store, get } = await setup();
    await seed(
      store,
      "world",
      Array.from({ length: 60 }, (_, n) => makeItem(n, n + 1, n % 3 ? ["alpha"] : ["alpha", "beta"])),
    );
    const calls = countCommands(store);
    const measured: Record<string, number> = {};
    for (const path of [
      "/feeds/world.rss",
      "/feeds/world.atom?limit=200",
      "/feeds/world.json?limit=7",
      "/api/topics/world/items",
      "/topics/world",
    ]) {
      calls.length = 0;
      const res = await get(path);
      expect(res.status).toBe(200);
      // The list version, the page's rows, then its items in one BatchGetItem (with the sources' states, read
      // once for five minutes, for the first feed rendered: declared languages).
      expect(calls, path).toEqual(["GetItemCommand", "QueryCommand", "BatchGetItemCommand"]);
      measured[path] = calls.length;
      calls.length = 0;
      const again = await get(path, { "If-None-Match": res.headers.get("etag") as string });
      expect(again.status).toBe(304);
      expect(calls, `${path} (304)`).toEqual(["GetItemCommand"]);
    }
    // A search by terms reads its rows' items a hundred at a time, whatever the limit: 60 rows, one BatchGetItem.
    for (const path of [
      "/api/topics/world/items?filter=nowhere&limit=1",
      "/feeds/world.rss?filterout=article&limit=1",
    ]) {
      calls.length = 0;
      expect((await get(path)).status).toBe(200);
      expect(calls, path).toEqual(["GetItemCommand", "QueryCommand", "BatchGetItemCommand"]);
    }
    calls.length = 0;
    await get("/api/topics");
    await get("/feeds.opml");
    expect(calls).toEqual(["BatchGetItemCommand"]);
    // A page of source health: the held index (keys only), then the page's states.
    calls.length = 0;
    await get("/api/sources");
    expect(calls).toEqual(["QueryCommand", "BatchGetItemCommand"]);
    // The home page: list versions, then (rendered at most once per versions each 10 s) source states and, per
    // topic, one Query for its newest item and a count bounded at 50, then a BatchGetItem of the items of the
    // rows found (none in the quiet topic).
    calls.length = 0;
    await get("/");
    expect(calls.sort()).toEqual([...Array(3).fill("BatchGetItemCommand"), "QueryCommand", "QueryCommand"]);
    calls.length = 0;
    await get("/");
    expect(calls).toEqual(["BatchGetItemCommand"]);
    expect(calls.some((name) => /scan/i.test(name))).toBe(false);
    console.info(`DynamoDB requests per 200: ${JSON.stringify(measured)}; per 304: 1`);
  });

  it("reads source states once when a source has no configured title, then reuses them", async () => {
    const { store, get } = await setup();
    await seed(store, "quiet", [makeItem(1, 1, ["gamma"])]);
    await store.lists.touch(sourceList("gamma"), NOW);
    const calls = countCommands(store);
    const keys = batchGetKeys(store);
    await get("/feeds/quiet.rss");
    // The page's items and the sources' states in one BatchGetItem.
    expect(calls).toEqual(["GetItemCommand", "QueryCommand", "BatchGetItemCommand"]);
    expect(keys.filter((key) => key.startsWith("S#"))).not.toEqual([]);
    calls.length = 0;
    keys.length = 0;
    await get("/feeds/quiet.json");
    expect(calls).toEqual(["GetItemCommand", "QueryCommand", "BatchGetItemCommand"]);
    expect(keys.filter((key) => key.startsWith("S#"))).toEqual([]);
  });

  it("reads feed titles again once a list's version moves, with the page's items, at no further request", async () => {
    // 60 untitled sources: more than fit beside a page of 50 in one BatchGetItem; the page's items come from the last.
    const sources = Array.from({ length: 60 }, (_, n) => ({ id: `s${n}`, url: `https://s${n}.example/feed.rss` }));
    const config = validateConfig({ title: "Wide", sources, topics: [{ slug: "all", title: "All", sources: ["*"] }] });
    const { store, get } = await setup({ config });
    await seed(store, "all", [makeItem(1, 1, ["s59"])]);
    const calls = countCommands(store);
    const keys = batchGetKeys(store);
    await get("/feeds/all.rss");
    // A cold instance: the page's source is beyond the first 48 of the topic, read on its own.
    expect(calls).toEqual(["GetItemCommand", "QueryCommand", "BatchGetItemCommand", "BatchGetItemCommand"]);
    await store.lists.touch(topicList("all"), NOW);
    calls.length = 0;
    keys.length = 0;
    await get("/feeds/all.rss");
    // The list moved: the title the page names is read again, with the page's items.
    expect(calls).toEqual(["GetItemCommand", "QueryCommand", "BatchGetItemCommand"]);
    // The sources the page named last time first, then those of the topic not kept yet (s48 on): none read twice.
    expect(keys.filter((key) => key.startsWith("S#"))).toEqual([
      "S#s59",
      ...sources.slice(48, 59).map((s) => `S#${s.id}`),
    ]);
    calls.length = 0;
    keys.length = 0;
    await get("/feeds/all.atom");
    expect(calls).toEqual(["GetItemCommand", "QueryCommand", "BatchGetItemCommand"]);
    expect(keys.filter((key) => key.startsWith("S#"))).toEqual([]);
  });
});
