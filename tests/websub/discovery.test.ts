/**
 * WebSub discovery (W3C WebSub §4): every page of every topic feed names the hub and its topic
 * in `Link` headers (304s too) and in the document — and a reader (feedparser) finds the hub there.
 */
import { spawnSync } from "node:child_process";
import { validateConfig } from "@tributary/core/config";
import { beforeAll, describe, expect, it } from "vitest";
import { makeItem, seed, setup, testConfig } from "../api/fixtures.ts";
import { feedparserAvailable, SYSTEM_PYTHON } from "../helpers/feedparser.ts";

const HUB = "http://localhost/websub";
const FORMATS = ["rss", "atom", "json"] as const;

/** The `href` of every feed-level link feedparser reports with this rel. */
function feedparserLinks(body: string, rel: string): string[] {
  const script = `import json, sys, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps([l.get("href") for l in d.feed.get("links", []) if l.get("rel") == sys.argv[1]]))`;
  const run = spawnSync(SYSTEM_PYTHON, ["-c", script, rel], { input: body, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`feedparser failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[];
}

/** The `Link` header's targets by rel. */
function linkHeader(res: Response): Record<string, string> {
  const links: Record<string, string> = {};
  for (const match of (res.headers.get("link") ?? "").matchAll(/<([^>]*)>;\s*rel="([^"]+)"/g)) {
    links[match[2] ?? ""] = match[1] ?? "";
  }
  return links;
}

describe("WebSub discovery on the topic feeds", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    ctx = await setup();
    await seed(
      ctx.store,
      "world",
      Array.from({ length: 5 }, (_, n) => makeItem(n, n + 1)),
    );
  });

  it.each(FORMATS)("%s: Link headers name the hub and the topic, on every page and on 304s", async (format) => {
    const topic = `http://localhost/feeds/world.${format}`;
    const first = await ctx.get(`/feeds/world.${format}`);
    expect(first.status).toBe(200);
    expect(linkHeader(first)).toEqual({ hub: HUB, self: topic });
    const second = await ctx.get(`/feeds/world.${format}?limit=2&cursor=${await nextCursor(format)}`);
    expect(second.status).toBe(200);
    expect(linkHeader(second)).toEqual({ hub: HUB, self: topic });
    const again = await ctx.get(`/feeds/world.${format}`, { "If-None-Match": first.headers.get("etag") ?? "" });
    expect(again.status).toBe(304);
    expect(linkHeader(again)).toEqual({ hub: HUB, self: topic });
  });

  async function nextCursor(format: string): Promise<string> {
    const page = await ctx.get(`/feeds/world.${format}?limit=2`);
    const body = await page.text();
    const next = /cursor=([A-Za-z0-9._~%-]+)/.exec(body)?.[1];
    expect(next).toBeDefined();
    return next ?? "";
  }

  it("names the hub in the document: atom:link in RSS and Atom, hubs in JSON Feed", async () => {
    const rss = await (await ctx.get("/feeds/world.rss")).text();
    expect(rss).toContain(`<atom:link rel="hub" href="${HUB}"/>`);
    const atom = await (await ctx.get("/feeds/world.atom?limit=2")).text();
    expect(atom).toContain(`<link rel="hub" href="${HUB}"/>`);
    const json = (await (await ctx.get("/feeds/world.json")).json()) as { hubs?: unknown };
    expect(json.hubs).toEqual([{ type: "WebSub", url: HUB }]);
  });

  it.skipIf(!feedparserAvailable())("feedparser finds the hub in RSS and Atom", async () => {
    for (const format of ["rss", "atom"] as const) {
      const body = await (await ctx.get(`/feeds/world.${format}`)).text();
      expect(feedparserLinks(body, "hub"), format).toEqual([HUB]);
      expect(feedparserLinks(body, "self"), format).toEqual([`http://localhost/feeds/world.${format}`]);
    }
  });

  it("names no hub when WebSub is off", async () => {
    const off = await setup({ config: validateConfig({ ...testConfig, websub: { enabled: false } }) });
    for (const format of FORMATS) {
      const res = await off.get(`/feeds/world.${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("link")).toBeNull();
      expect(await res.text()).not.toContain("/websub");
    }
  });

  it("takes the hub's origin from baseUrl when configured", async () => {
    const based = await setup({ config: validateConfig({ ...testConfig, baseUrl: "https://feeds.example.org" }) });
    const res = await based.get("/feeds/world.atom");
    expect(linkHeader(res)).toEqual({
      hub: "https://feeds.example.org/websub",
      self: "https://feeds.example.org/feeds/world.atom",
    });
  });
});
