import { createRequire } from "node:module";
import { validateConfig } from "@tributary/core/config";
import type { Article, Item } from "@tributary/core/item";
import Ajv from "ajv";
import Parser from "rss-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { readAsHtml } from "../helpers/html-reading.ts";
import { makeItem, NOW, problemOf, seed, setup, testConfig } from "./fixtures.ts";

const jsonFeedSchema = createRequire(import.meta.url)("jsonfeed-schema/schema-v1.1.json") as object;
const validateJsonFeed = new Ajv({ strict: false, validateFormats: false }).compile(jsonFeedSchema);
const parser = new Parser({ customFields: { item: ["content:encoded"] } });

const nasty: Article = {
  ...makeItem(3, 3, ["beta"]),
  title: `Tom & Jerry <script>alert("x")</script> “quoted”`,
  summary: "Less < more & so on",
  categories: [],
  author: null,
  imageUrl: null,
};
const items = [makeItem(1, 1), makeItem(2, 2, ["alpha", "beta"]), nasty];

describe("feeds", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    ctx = await setup();
    await seed(ctx.store, "world", items);
  });

  it("serves RSS 2.0 that reads back as the stored items, newest first", async () => {
    const res = await ctx.get("/feeds/world.rss");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>/);
    expect(xml).toContain("<title>World</title>");
    expect(xml).toContain("<link>http://localhost/topics/world</link>");
    expect(xml).toContain('<atom:link rel="self" type="application/rss+xml" href="http://localhost/feeds/world.rss"/>');
    expect(xml).toContain("<lastBuildDate>Thu, 26 Nov 2026 12:00:00 GMT</lastBuildDate>");
    expect(xml).not.toContain("<script>");
    const feed = await parser.parseString(xml);
    expect(feed.title).toBe("World");
    expect(feed.description).toBe("Everything in the world.");
    expect(feed.items.map((i) => i.guid)).toEqual(items.map((i) => i.id));
    for (const [n, entry] of feed.items.entries()) {
      const item = items[n] as Item;
      // Titles are HTML-escaped plain text: read as HTML, they show the stored words and hold no element.
      expect(readAsHtml(entry.title ?? "")).toEqual({ text: item.title, elements: [] });
      expect(entry.link).toBe(item.url);
      expect(entry.isoDate).toBe(item.publishedAt);
      expect(readAsHtml(entry.contentSnippet ?? "").text).toBe(item.summary);
      expect((entry as unknown as Record<string, unknown>)["content:encoded"]).toBe(item.contentHtml);
    }
    const shown = (categories: string[] = []) => categories.map((category) => readAsHtml(category).text);
    expect(shown(feed.items[1]?.categories)).toEqual(["Politics", "Alpha Section", "Beta & Co"]);
    expect(shown(feed.items[2]?.categories)).toEqual(["Beta & Co"]);
  });

  it("serves Atom 1.0 with ids, updated, author and self link", async () => {
    const res = await ctx.get("/feeds/world.atom");
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await res.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">');
    expect(xml).toContain("<id>http://localhost/topics/world</id>");
    // Every item on its own is another feed, with an id of its own.
    const ungrouped = await (await ctx.get("/feeds/world.atom?group=none")).text();
    expect(ungrouped).toContain("<id>http://localhost/topics/world?group=none</id>");
    expect(ungrouped).not.toContain("<id>http://localhost/topics/world</id>");
    expect(xml).toContain("<updated>2026-11-26T12:00:00.000Z</updated>");
    expect(xml).toContain("<author>\n    <name>World</name>");
    expect(xml).toContain('<link rel="self" type="application/atom+xml" href="http://localhost/feeds/world.atom"/>');
    const feed = await parser.parseString(xml);
    expect(feed.title).toBe("World");
    expect(feed.items).toHaveLength(3);
    for (const [n, entry] of feed.items.entries()) {
      const item = items[n] as Item;
      expect(readAsHtml(entry.title ?? "")).toEqual({ text: item.title, elements: [] });
      expect(entry.link).toBe(item.url);
      expect(entry.isoDate).toBe(item.publishedAt);
      expect(entry.content).toBe(item.contentHtml);
      expect((entry as unknown as { id: string }).id).toMatch(/^urn:uuid:/);
    }
  });

  it("serves JSON Feed 1.1, valid against its schema, with the stored items", async () => {
    const res = await ctx.get("/feeds/world.json");
    expect(res.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
    const feed = JSON.parse(await res.text());
    expect(validateJsonFeed(feed), JSON.stringify(validateJsonFeed.errors)).toBe(true);
    expect(feed).toMatchObject({
      version: "https://jsonfeed.org/version/1.1",
      title: "World",
      home_page_url: "http://localhost/topics/world",
      feed_url: "http://localhost/feeds/world.json",
    });
    expect(feed.next_url).toBeUndefined();
    expect(feed.items.map((i: { id: string }) => i.id)).toEqual(items.map((i) => i.id));
    expect(feed.items[0]).toEqual({
      id: "item-0001",
      url: "https://alpha.example/articles/1",
      title: "Article 1",
      content_html: "<p>Body of article <b>1</b>.</p>",
      summary: "Summary of article 1.",
      image: "https://alpha.example/images/1.jpg",
      date_published: items[0]?.publishedAt,
      date_modified: items[0]?.updatedAt,
      authors: [{ name: "A. Writer" }],
      tags: ["Politics", "Alpha Section"],
      _tributary: { story: { id: "item-0001", size: 1, others: [] }, contentSource: "feed" },
    });
    expect(feed.items[2].title).toBe(nasty.title);
  });

  it("links the next page (RFC 5005 and next_url) until the last", async () => {
    const first = await ctx.get("/feeds/world.rss?limit=2");
    const feed = await parser.parseString(await first.text());
    expect(feed.items.map((i) => i.guid)).toEqual(["item-0001", "item-0002"]);
    const next = feed.paginationLinks?.next;
    expect(next).toMatch(/^http:\/\/localhost\/feeds\/world\.rss\?limit=2&cursor=/);
    const second = await parser.parseString(
      await (await ctx.get(new URL(next as string).pathname + new URL(next as string).search)).text(),
    );
    expect(second.items.map((i) => i.guid)).toEqual(["item-0003"]);
    expect(second.paginationLinks?.next).toBeUndefined();
    const json = await (await ctx.get("/feeds/world.json?limit=1")).json();
    expect(json.next_url).toMatch(/^http:\/\/localhost\/feeds\/world\.json\?limit=1&cursor=/);
    const atom = await (await ctx.get("/feeds/world.atom?limit=1")).text();
    expect(atom).toMatch(
      /<link rel="next" type="application\/atom\+xml" href="http:\/\/localhost\/feeds\/world\.atom\?limit=1&amp;cursor=/,
    );
  });

  it("filters by q and since", async () => {
    const q = await parser.parseString(await (await ctx.get("/feeds/world.rss?q=TOM%20%26%20jerry")).text());
    expect(q.items.map((i) => i.guid)).toEqual(["item-0003"]);
    const since = encodeURIComponent(items[1]?.publishedAt as string);
    const after = await parser.parseString(await (await ctx.get(`/feeds/world.rss?since=${since}`)).text());
    expect(after.items.map((i) => i.guid)).toEqual(["item-0001"]);
  });

  it("serves a configured topic without items as an empty 200", async () => {
    const res = await ctx.get("/feeds/quiet.atom");
    expect(res.status).toBe(200);
    const feed = await parser.parseString(await res.text());
    expect(feed.items).toEqual([]);
    expect(res.headers.get("last-modified")).toBe("Thu, 01 Jan 1970 00:00:00 GMT");
    const json = JSON.parse(await (await ctx.get("/feeds/quiet.json")).text());
    expect(validateJsonFeed(json)).toBe(true);
    expect(json.items).toEqual([]);
  });

  it("answers 404 for an unknown topic or format", async () => {
    for (const path of ["/feeds/nope.rss", "/feeds/world.xml", "/feeds/world", "/feeds/World.rss"]) {
      const res = await ctx.get(path);
      expect(res.status, path).toBe(404);
      expect((await problemOf(res)).status).toBe(404);
    }
  });

  it("lists every topic's RSS feed in OPML 2.0", async () => {
    const res = await ctx.get("/feeds.opml");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/x-opml; charset=utf-8");
    const xml = await res.text();
    expect(xml).toContain('<opml version="2.0">');
    expect(xml).toContain("<title>Test topics</title>");
    const outlines = [...xml.matchAll(/<outline type="rss" [^>]*xmlUrl="([^"]+)"/g)].map((m) => m[1]);
    expect(outlines).toEqual(["http://localhost/feeds/world.rss", "http://localhost/feeds/quiet.rss"]);
  });
});

describe("feeds with a configured baseUrl", () => {
  it("use it for self, home and next links", async () => {
    const config = validateConfig({ ...testConfig, baseUrl: "https://feeds.example.org/" });
    const { store, get } = await setup({ config });
    await seed(store, "world", items);
    const json = await (await get("/feeds/world.json?limit=1")).json();
    expect(json.home_page_url).toBe("https://feeds.example.org/topics/world");
    expect(json.feed_url).toBe("https://feeds.example.org/feeds/world.json?limit=1");
    expect(json.next_url).toMatch(/^https:\/\/feeds\.example\.org\/feeds\/world\.json\?limit=1&cursor=/);
    expect(await (await get("/feeds.opml")).text()).toContain('xmlUrl="https://feeds.example.org/feeds/world.rss"');
  });

  it("use X-Forwarded-Host only when told to trust it, and only when well-formed", async () => {
    const { store } = await setup();
    const trusted = createApp({ config: testConfig, store, now: () => NOW, trustForwardedHost: true });
    const origin = async (app: typeof trusted, headers: Record<string, string>) =>
      (await (await app.request("/feeds/quiet.json", { headers })).json()).feed_url;
    expect(await origin(trusted, { "X-Forwarded-Host": "feeds.example.net" })).toBe(
      "https://feeds.example.net/feeds/quiet.json",
    );
    expect(await origin(trusted, { "X-Forwarded-Host": "a.example:8080", "X-Forwarded-Proto": "http" })).toBe(
      "http://a.example:8080/feeds/quiet.json",
    );
    expect(await origin(trusted, { "X-Forwarded-Host": "evil.example/<x>" })).toBe("http://localhost/feeds/quiet.json");
    const untrusted = createApp({ config: testConfig, store, now: () => NOW });
    expect(await origin(untrusted, { "X-Forwarded-Host": "feeds.example.net" })).toBe(
      "http://localhost/feeds/quiet.json",
    );
  });

  it("never show items older than the retention", async () => {
    const { store, get } = await setup({ now: () => new Date(NOW.getTime() + 90 * 86_400_000 - 90 * 60_000) });
    await seed(store, "world", items);
    const feed = await parser.parseString(await (await get("/feeds/world.rss")).text());
    expect(feed.items.map((i) => i.guid)).toEqual(["item-0001"]);
  });
});
