import { beforeAll, describe, expect, it } from "vitest";
import type { Item } from "../../packages/core/src/item.ts";
import { pendingState } from "../../packages/core/src/store/index.ts";
import { makeItem, NOW, seed, setup } from "./fixtures.ts";

const hostile: Item = {
  ...makeItem(7, 2, ["alpha", "beta"]),
  title: `<img src=x onerror=alert(1)> "Breaking" & more`,
  summary: "<script>alert(2)</script> summary",
  url: "javascript:alert(3)",
};

const alternates = (html: string) =>
  [...html.matchAll(/<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)"\/>/g)].map(
    (m) => `${m[1]} ${m[2]}`,
  );

describe("pages", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    ctx = await setup();
    await seed(ctx.store, "world", [makeItem(1, 1), hostile]);
    await ctx.store.saveSourceState({
      ...pendingState("beta", "https://beta.example/feed.rss", NOW),
      status: "failing",
      lastFetchedAt: "2026-11-26T11:00:00.000Z",
      lastSuccessAt: "2026-11-25T09:30:00.000Z",
      lastError: "timeout: <no answer> in 15000 ms",
      consecutiveErrors: 2,
      nextFetchAt: "2026-11-26T12:40:00.000Z",
    });
  });

  it("/ lists every topic with links to each format and autodiscovery", async () => {
    const res = await ctx.get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="en">/);
    for (const landmark of ["<header>", "<main", "<footer>", "<nav", "<h1>Test topics</h1>"])
      expect(html).toContain(landmark);
    expect(alternates(html)).toEqual(
      ["world", "quiet"].flatMap((slug) => [
        `application/rss+xml http://localhost/feeds/${slug}.rss`,
        `application/atom+xml http://localhost/feeds/${slug}.atom`,
        `application/feed+json http://localhost/feeds/${slug}.json`,
      ]),
    );
    for (const href of [
      "/topics/world",
      "/feeds/world.rss",
      "/feeds/world.atom",
      "/feeds/world.json",
      "/api/topics/world/items",
      "/feeds.opml",
    ]) {
      expect(html).toContain(`href="http://localhost${href}"`);
    }
    expect(html).not.toContain("<script");
  });

  it("/topics/:slug shows the latest items, their sections and summaries, escaped", async () => {
    const res = await ctx.get("/topics/world");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>World</h1>");
    expect(alternates(html)).toEqual([
      "application/rss+xml http://localhost/feeds/world.rss",
      "application/atom+xml http://localhost/feeds/world.atom",
      "application/feed+json http://localhost/feeds/world.json",
    ]);
    expect(html).toContain('<a href="https://alpha.example/articles/1">Article 1</a>');
    expect(html).toContain('<time datetime="2026-11-26T11:00:00.000Z">2026-11-26 11:00 UTC</time>');
    expect(html).toContain("from Alpha Section, Beta &amp; Co");
    expect(html).toContain("Summary of article 1.");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("javascript:");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; &quot;Breaking&quot; &amp; more");
    expect(html).toContain("&lt;script&gt;alert(2)&lt;/script&gt; summary");
  });

  it("/topics/:slug pages with an Older link, and shows an empty topic", async () => {
    const html = await (await ctx.get("/topics/world?limit=1")).text();
    expect(html).toMatch(
      /<a href="http:\/\/localhost\/topics\/world\?limit=1&amp;cursor=[^"]+" rel="next">Older items<\/a>/,
    );
    expect(html).not.toContain("Newest items");
    const next = /href="http:\/\/localhost(\/topics\/world\?limit=1&amp;cursor=[^"]+)"/.exec(html)?.[1] as string;
    const older = await (await ctx.get(next.replace("&amp;", "&"))).text();
    expect(older).toContain('<a href="http://localhost/topics/world">Newest items</a>');
    const quiet = await ctx.get("/topics/quiet");
    expect(quiet.status).toBe(200);
    expect(await quiet.text()).toContain("No items yet.");
  });

  it("/sources shows every source's status, last success, last error and next fetch", async () => {
    const res = await ctx.get("/sources");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Sources</h1>");
    for (const header of ["Source", "Status", "Last success", "Last error", "Next fetch"]) {
      expect(html).toContain(`<th scope="col">${header}</th>`);
    }
    expect(html).toContain('<a href="https://beta.example/feed.rss">Beta &amp; Co</a>');
    expect(html).toContain("Failing (2 errors in a row)");
    expect(html).toContain("2026-11-25 09:30 UTC");
    expect(html).toContain("timeout: &lt;no answer&gt; in 15000 ms");
    expect(html).toContain("2026-11-26 12:40 UTC");
    expect(html).toContain('<a href="https://gamma.example/feed.rss">gamma</a>');
    expect(html.match(/>Pending</g)).toHaveLength(2);
  });

  it("answers unknown pages with an HTML 404", async () => {
    for (const path of ["/topics/nope", "/nothing-here"]) {
      const res = await ctx.get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await res.text()).toContain("<h1>Not Found</h1>");
    }
  });
});
