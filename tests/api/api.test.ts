import { pendingState } from "@tributary/core/store";
import { beforeAll, describe, expect, it } from "vitest";
import { makeItem, NOW, problemOf, seed, served, servedEntry, setup } from "./fixtures.ts";

const items = [makeItem(1, 1), makeItem(2, 2, ["alpha", "beta"]), makeItem(3, 3, ["beta"])];
const ITEM_KEYS = [
  "id",
  "url",
  "title",
  "summary",
  "contentHtml",
  "contentSource",
  "author",
  "categories",
  "imageUrl",
  "publishedAt",
  "updatedAt",
  "sources",
  "story",
];

describe("JSON API", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    ctx = await setup();
    await seed(ctx.store, "world", items);
    await ctx.store.sources.save({
      ...pendingState("alpha", "https://alpha.example/feed.rss", NOW),
      status: "ok",
      title: "Alpha's own title",
      lastFetchedAt: "2026-11-26T11:50:00.000Z",
      lastSuccessAt: "2026-11-26T11:50:00.000Z",
      nextFetchAt: "2026-11-26T12:00:00.000Z",
    });
    await ctx.store.sources.save({
      ...pendingState("gamma", "https://gamma.example/feed.rss", NOW),
      status: "failing",
      title: "Gamma Feed",
      lastFetchedAt: "2026-11-26T11:55:00.000Z",
      lastError: "http: 500 Internal Server Error",
      consecutiveErrors: 3,
      nextFetchAt: "2026-11-26T13:00:00.000Z",
    });
  });

  it("lists topics with their feeds and when they last changed", async () => {
    const res = await ctx.get("/api/topics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({
      topics: [
        {
          slug: "world",
          title: "World",
          description: "Everything in the world.",
          updatedAt: NOW.toISOString(),
          feeds: {
            rss: "http://localhost/feeds/world.rss",
            atom: "http://localhost/feeds/world.atom",
            json: "http://localhost/feeds/world.json",
          },
        },
        {
          slug: "quiet",
          title: "Quiet",
          description: null,
          updatedAt: null,
          feeds: {
            rss: "http://localhost/feeds/quiet.rss",
            atom: "http://localhost/feeds/quiet.atom",
            json: "http://localhost/feeds/quiet.json",
          },
        },
      ],
    });
  });

  it("pages a topic's items with the Item shape", async () => {
    const res = await ctx.get("/api/topics/world/items?limit=2");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.topic).toEqual({ slug: "world", title: "World" });
    expect(body.items).toEqual(items.slice(0, 2).map(servedEntry));
    for (const item of body.items) expect(Object.keys(item).sort()).toEqual([...ITEM_KEYS].sort());
    expect(typeof body.nextCursor).toBe("string");
    const rest = await (await ctx.get(`/api/topics/world/items?limit=2&cursor=${body.nextCursor}`)).json();
    expect(rest.items).toEqual(items.slice(2).map(servedEntry));
    expect(rest.nextCursor).toBeNull();
  });

  it("defaults to 20 items and ignores unknown parameters", async () => {
    const body = await (await ctx.get("/api/topics/world/items?utm_source=x&foo=bar")).json();
    expect(body.items).toHaveLength(3);
    expect(body.nextCursor).toBeNull();
  });

  it("answers an empty 200 for a configured topic without items", async () => {
    const res = await ctx.get("/api/topics/quiet/items");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ topic: { slug: "quiet", title: "Quiet" }, items: [], nextCursor: null });
  });

  it("lists every source's health, state merged with configuration, failing sources first", async () => {
    const res = await ctx.get("/api/sources");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=10");
    const { sources, nextCursor } = await res.json();
    expect(nextCursor).toBeNull();
    expect(sources).toEqual([
      {
        id: "gamma",
        url: "https://gamma.example/feed.rss",
        title: "Gamma Feed",
        status: "failing",
        lastFetchedAt: "2026-11-26T11:55:00.000Z",
        lastSuccessAt: null,
        lastError: "http: 500 Internal Server Error",
        consecutiveErrors: 3,
        nextFetchAt: "2026-11-26T13:00:00.000Z",
      },
      {
        id: "alpha",
        url: "https://alpha.example/feed.rss",
        title: "Alpha Section",
        status: "ok",
        lastFetchedAt: "2026-11-26T11:50:00.000Z",
        lastSuccessAt: "2026-11-26T11:50:00.000Z",
        lastError: null,
        consecutiveErrors: 0,
        nextFetchAt: "2026-11-26T12:00:00.000Z",
      },
      {
        id: "beta",
        url: "https://beta.example/feed.rss",
        title: "Beta & Co",
        status: "pending",
        lastFetchedAt: null,
        lastSuccessAt: null,
        lastError: null,
        consecutiveErrors: 0,
        nextFetchAt: null,
      },
    ]);
  });

  it("pages one source's items", async () => {
    const beta = await (await ctx.get("/api/sources/beta/items")).json();
    expect(beta.source).toEqual({ id: "beta", title: "Beta & Co" });
    expect(beta.items.map((i: { id: string }) => i.id)).toEqual(["item-0002", "item-0003"]);
    expect(beta.nextCursor).toBeNull();
    const gamma = await (await ctx.get("/api/sources/gamma/items")).json();
    expect(gamma).toEqual({ source: { id: "gamma", title: "Gamma Feed" }, items: [], nextCursor: null });
  });

  it("serves one item, and 404 for unknown ones", async () => {
    const res = await ctx.get("/api/items/item-0002");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(served(items[1] as (typeof items)[number]));
    for (const path of ["/api/items/nope", "/api/items/bad%20id", `/api/items/${"x".repeat(300)}`]) {
      const missing = await ctx.get(path);
      expect(missing.status, path).toBe(404);
      expect(await problemOf(missing)).toMatchObject({ status: 404, title: "Not Found" });
    }
  });

  it("answers 404 problem+json for unknown topics, sources and paths", async () => {
    for (const path of ["/api/topics/nope/items", "/api/sources/nope/items", "/api/nothing", "/api"]) {
      const res = await ctx.get(path);
      expect(res.status, path).toBe(404);
      const problem = await problemOf(res);
      expect(problem).toMatchObject({ type: "about:blank", status: 404, title: "Not Found" });
      expect(problem.detail).toBeTruthy();
    }
  });

  it("allows any origin on the API and feeds, not on pages", async () => {
    const paths = ["/api/topics", "/api/topics/world/items", "/feeds/world.rss", "/feeds.opml", "/api/nope"];
    // The description of the API is read by the same browser apps as the API.
    for (const path of [...paths, "/openapi.json"]) {
      const res = await ctx.get(path, { Origin: "https://reader.example" });
      expect(res.headers.get("access-control-allow-origin"), path).toBe("*");
      expect(res.headers.get("access-control-expose-headers"), path).toBe("ETag,Last-Modified");
    }
    // Refusals too: a browser app reads why.
    const refused = await ctx.app.request("/api/topics", { method: "POST", headers: { Origin: "https://a.example" } });
    expect(refused.status).toBe(405);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    expect(
      (await ctx.get("/", { Origin: "https://reader.example" })).headers.get("access-control-allow-origin"),
    ).toBeNull();
    const preflight = await ctx.app.request("/api/topics", {
      method: "OPTIONS",
      headers: { Origin: "https://reader.example", "Access-Control-Request-Method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    const described = await ctx.app.request("/openapi.json", {
      method: "OPTIONS",
      headers: { Origin: "https://reader.example", "Access-Control-Request-Method": "GET" },
    });
    expect(described.status).toBe(204);
    expect(described.headers.get("access-control-allow-methods")).toBe("GET,HEAD,OPTIONS");
  });

  it("answers HEAD like GET without a body", async () => {
    const res = await ctx.app.request("/api/topics", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBeTruthy();
    expect(await res.text()).toBe("");
  });
});

describe("OpenAPI", () => {
  it("describes every /api route in OpenAPI 3.1 from the validating schemas", async () => {
    const { get } = await setup();
    const res = await get("/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api/items/{id}",
      "/api/sources",
      "/api/sources/{id}/items",
      "/api/stories/{id}",
      "/api/topics",
      "/api/topics/{slug}/items",
    ]);
    const params = doc.paths["/api/topics/{slug}/items"].get.parameters;
    const limit = params.find((p: { name: string }) => p.name === "limit");
    expect(limit).toMatchObject({ in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 20 } });
    expect(params.map((p: { name: string }) => p.name).sort()).toEqual([
      "cursor",
      "filter",
      "filterout",
      "group",
      "limit",
      "q",
      "since",
      "slug",
    ]);
    expect(doc.components.schemas.Item.required.sort()).toEqual([...ITEM_KEYS].sort());
    expect(doc.paths["/api/topics/{slug}/items"].get.responses["400"].content).toHaveProperty(
      "application/problem+json",
    );
  });
});
