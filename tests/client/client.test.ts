import { readFile } from "node:fs/promises";
import { createTributaryClient, type Item, TributaryApiError } from "@tributary/client";
import { openApiTypes, TYPES_FILE } from "@tributary/client/scripts/openapi-types.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../functions/api/server.ts";
import { makeItem, NOW, seed, seedStory, served, testConfig } from "../api/fixtures.ts";
import { createTestStore } from "../helpers/store.ts";

describe("the typed client against a running server", () => {
  let server: RunningServer;
  const items = Array.from({ length: 25 }, (_, n) => makeItem(n, n + 1, n % 2 === 0 ? ["alpha"] : ["alpha", "beta"]));
  let story: string;
  beforeAll(async () => {
    const store = await createTestStore();
    await seed(store, "world", items);
    // Items 20, 22 and 24 are one story, 24 (the oldest) its first.
    story = await seedStory(store, testConfig, [items[24], items[22], items[20]] as typeof items);
    server = await startServer({ config: testConfig, store, now: () => NOW, port: 0, hostname: "127.0.0.1" });
  });
  afterAll(() => server.close());

  it("lists the topics with their feed URLs", async () => {
    const topics = await createTributaryClient(server.url).topics();
    expect(topics.map((t) => t.slug)).toEqual(["world", "quiet"]);
    expect(topics[0]?.feeds.rss).toBe(`${server.url}/feeds/world.rss`);
  });

  it("pages through a topic with cursor, each item once, newest first", async () => {
    const api = createTributaryClient(server.url);
    const first = await api.topicItems("world", { limit: 10 });
    expect(first.topic).toEqual({ slug: "world", title: "World" });
    expect(first.items).toHaveLength(10);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await api.topicItems("world", { limit: 10, cursor: first.nextCursor ?? undefined });
    expect(second.items[0]?.id).toBe(items[10]?.id);
    // One entry per story: items 20 and 22 are in the story of 24, its entry, which names them among its others.
    const all: Item[] = [];
    for await (const item of api.eachTopicItem("world", { limit: 7 })) all.push(item);
    const entries = items.filter((i) => i.id !== items[20]?.id && i.id !== items[22]?.id);
    expect(all.map((i) => i.id)).toEqual(entries.map((i) => i.id));
    const entry = all.find((i) => i.id === story);
    expect(entry?.story.others?.map((o) => o.id)).toEqual([items[20]?.id, items[22]?.id]);
    expect(entry?.story.others?.[0]?.sourceTitle).toBe("Alpha Section");
    // group=none: every item on its own.
    const every: Item[] = [];
    for await (const item of api.eachTopicItem("world", { limit: 7, group: "none" })) every.push(item);
    expect(every.map((i) => i.id)).toEqual(items.map((i) => i.id));
  });

  it("passes the list parameters through", async () => {
    const api = createTributaryClient(server.url);
    const found = await api.topicItems("world", { q: "article 13" });
    expect(found.items.map((i) => i.title)).toEqual(["Article 13"]);
    const since = items[3]?.publishedAt as string;
    const newer = await api.topicItems("world", { since });
    expect(newer.items.map((i) => i.id)).toEqual(items.slice(0, 3).map((i) => i.id));
  });

  it("pages through a source's items", async () => {
    const api = createTributaryClient(server.url);
    const beta: Item[] = [];
    for await (const item of api.eachSourceItem("beta", { limit: 4 })) beta.push(item);
    expect(beta.map((i) => i.id)).toEqual(items.filter((i) => i.sources.includes("beta")).map((i) => i.id));
    const page = await api.sourceItems("alpha", { limit: 3 });
    expect(page.source.id).toBe("alpha");
  });

  it("gets one item", async () => {
    const item = await createTributaryClient(`${server.url}/`).item(items[4]?.id as string);
    expect(item).toEqual(served(items[4] as (typeof items)[number]));
  });

  it("gets a story: its size and every item of it, newest first", async () => {
    const api = createTributaryClient(server.url);
    const member = await api.item(items[22]?.id as string);
    expect(member.story).toEqual({ id: story, size: 3 });
    const found = await api.story(member.story.id);
    expect(found.story).toEqual({ id: story, size: 3 });
    expect(found.items.map((i) => i.id)).toEqual([items[20]?.id, items[22]?.id, items[24]?.id]);
    const missing = await api.story("no-such-story").catch((error: unknown) => error);
    expect((missing as TributaryApiError).status).toBe(404);
  });

  it("reads source health a page at a time, and every source through the pages", async () => {
    const api = createTributaryClient(server.url);
    const first = await api.sources({ limit: 2 });
    expect(first.sources.map((s) => [s.id, s.status])).toEqual([
      ["alpha", "pending"],
      ["beta", "pending"],
    ]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const all: string[] = [];
    for await (const source of api.eachSource({ limit: 1 })) all.push(source.id);
    expect(all).toEqual(["alpha", "beta", "gamma"]);
    expect((await api.sources({ status: "failing" })).sources).toEqual([]);
  });

  it("rejects with the problem for an unknown item and a bad parameter", async () => {
    const api = createTributaryClient(server.url);
    const missing = await api.item("no-such-item").catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(TributaryApiError);
    expect((missing as TributaryApiError).status).toBe(404);
    const bad = await api.topicItems("world", { limit: 500 }).catch((error: unknown) => error);
    expect((bad as TributaryApiError).status).toBe(400);
    expect((bad as TributaryApiError).problem?.parameter).toBe("limit");
  });
});

describe("the client's types", () => {
  it("match the API's OpenAPI description (run `npm run client:types` after changing the API)", async () => {
    expect(await readFile(TYPES_FILE, "utf8")).toBe(await openApiTypes());
  });
});
