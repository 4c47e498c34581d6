import { validateConfig } from "@tributary/core/config";
import type { Article } from "@tributary/core/item";
import { Publishers } from "@tributary/core/render";
import { pendingState } from "@tributary/core/store";
import { topicUrls } from "@tributary/core/urls";
import { beforeAll, describe, expect, it } from "vitest";
import { renderPage } from "../../functions/api/pages/layout.tsx";
import { TopicPage } from "../../functions/api/pages/topic.tsx";
import { makeItem, NOW, seed, setup, testConfig } from "./fixtures.ts";

const hostile: Article = {
  // Listed by Beta first: its publisher is still Alpha, first in configuration order.
  ...makeItem(7, 2, ["beta", "alpha"]),
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
    await ctx.store.sources.save({
      ...pendingState("beta", "https://beta.example/feed.rss", NOW),
      status: "failing",
      lastFetchedAt: "2026-11-26T11:00:00.000Z",
      lastSuccessAt: "2026-11-25T09:30:00.000Z",
      lastError: "timeout: <no answer> in 15000 ms",
      consecutiveErrors: 2,
      nextFetchAt: "2026-11-26T12:40:00.000Z",
    });
    await ctx.store.sources.save({
      ...pendingState("alpha", "https://alpha.example/feed.rss", NOW),
      status: "failing",
      lastFetchedAt: "2026-11-26T11:30:00.000Z",
      lastError: "http: 500",
      consecutiveErrors: 1,
      nextFetchAt: "2026-11-26T12:30:00.000Z",
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
    // Each item names its publisher, then its author and the other sections it is in.
    expect(html).toContain('<cite class="publisher">Alpha Section</cite> · A. Writer · also in Beta &amp; Co</p>');
    expect(html).toContain('<cite class="publisher">Alpha Section</cite> · A. Writer</p>');
    expect(html).toContain("Summary of article 1.");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img src=x");
    expect([...html.matchAll(/<img [^>]*>/g)].map((m) => m[0])).toEqual(
      [1, 7].map(
        (n) =>
          `<img class="thumb" src="https://alpha.example/images/${n}.jpg" alt="" width="112" height="75" loading="lazy" decoding="async" referrerpolicy="no-referrer"/>`,
      ),
    );
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
    expect(older).toContain('<a href="http://localhost/topics/world?limit=1">Newest items</a>');
    const quiet = await ctx.get("/topics/quiet");
    expect(quiet.status).toBe(200);
    const empty = await quiet.text();
    expect(empty).toContain("No items yet.");
    expect(empty).toContain("Its sources have never been fetched yet.");
    expect(empty).toContain('<a href="/sources">the health of the sources</a>');
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
    expect(html).toContain("Failing (1 error in a row)");
    expect(html).toContain("2026-11-25 09:30 UTC");
    expect(html).toContain("timeout: &lt;no answer&gt; in 15000 ms");
    expect(html).toContain("2026-11-26 12:40 UTC");
    expect(html).toContain('<a href="https://gamma.example/feed.rss">gamma</a>');
    expect(html.match(/class="status status-pending"/g)).toHaveLength(1);
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

describe("pages for readers", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    ctx = await setup({ config: validateConfig({ ...testConfig, retentionDays: 3650 }) });
    // The newest article is two years old; the topic's sources were checked minutes ago.
    const old = { ...makeItem(1, 2 * 365 * 24), title: "Old news" };
    await seed(ctx.store, "world", [old, ...Array.from({ length: 3 }, (_, n) => makeItem(n + 2, 3 * 365 * 24 + n))]);
    await ctx.store.sources.save({
      ...pendingState("beta", "https://beta.example/feed.rss", NOW),
      status: "ok",
      lastFetchedAt: "2026-11-26T11:58:00.000Z",
      lastSuccessAt: "2026-11-26T11:58:00.000Z",
    });
  });

  it("/ says when the newest item was published and, apart, when the topic was last checked", async () => {
    const html = await (await ctx.get("/")).text();
    const [world, quiet] = html.split("<h2>").slice(1);
    expect(world).toContain(
      '4 items · newest published <time datetime="2024-11-26T12:00:00.000Z">2024-11-26 12:00 UTC</time> · checked <time datetime="2026-11-26T11:58:00.000Z">2026-11-26 11:58 UTC</time>',
    );
    expect(quiet).toContain("No items yet · never fetched yet");
    expect(html).not.toContain("Updated");
  });

  it("/ counts a topic's items up to a bound and says so beyond it", async () => {
    const many = await setup();
    await seed(
      many.store,
      "world",
      Array.from({ length: 51 }, (_, n) => makeItem(n, n + 1)),
    );
    expect(await (await many.get("/")).text()).toContain("50+ items · newest published");
    await seed(many.store, "quiet", [makeItem(900, 1, ["gamma"])]);
    expect(await (await many.get("/")).text()).toContain("1 item · newest published");
  });

  it("/topics/:slug has a labelled search box that narrows by q, keeping q in its links", async () => {
    const html = await (await ctx.get("/topics/world?q=old")).text();
    expect(html).toContain('<label for="q">Search World</label>');
    expect(html).toContain('<input id="q" name="q" type="search" value="old"');
    expect(html).toContain('<form method="get" action="http://localhost/topics/world">');
    expect([...html.matchAll(/<article/g)]).toHaveLength(1);
    expect(html).toContain("Old news");
    expect(html).toContain(
      'href="http://localhost/api/topics/world/items?limit=30&amp;q=old" type="application/json">JSON API',
    );
    const none = await (await ctx.get("/topics/world?q=nothing-like-this")).text();
    expect(none).toContain("No items match.");
  });

  it("/topics/:slug says an empty page of a search that goes on where older items may match", async () => {
    // A search by terms looks through a stretch of the list a page: its page may be empty and still have a next one.
    const next = "http://localhost/topics/world?filter=zanzibar&cursor=abc";
    const html = await renderPage(
      TopicPage({
        site: "Test topics",
        title: "World",
        description: null,
        links: topicUrls("http://localhost", "world"),
        apiUrl: "http://localhost/api/topics/world/items?filter=zanzibar",
        items: [],
        sourceTitles: {},
        publishers: new Publishers([]),
        nextUrl: next,
        firstUrl: null,
        q: null,
        narrowed: true,
      }),
    );
    expect(html).not.toContain("No items match.");
    expect(html).toContain(`<a href="${next.replace("&", "&amp;")}">older items</a> may.`);
  });

  it("/topics/:slug of a topic whose sources were checked but gave nothing says when, and links to health", async () => {
    await ctx.store.sources.save({
      ...pendingState("gamma", "https://gamma.example/feed.rss", NOW),
      status: "failing",
      lastFetchedAt: "2026-11-26T11:40:00.000Z",
      consecutiveErrors: 4,
    });
    const html = await (await ctx.get("/topics/quiet")).text();
    expect(html).toContain(
      'Its sources were last checked <time datetime="2026-11-26T11:40:00.000Z">2026-11-26 11:40 UTC</time>.',
    );
    expect(html).toContain('<a href="/sources">the health of the sources</a>');
  });

  it("every page links its icon, and the icon is served", async () => {
    for (const path of ["/", "/topics/world", "/sources"]) {
      expect(await (await ctx.get(path)).text()).toContain(
        '<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>',
      );
    }
    const icon = await ctx.get("/favicon.svg");
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect(await icon.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });
});

describe('topics of every source (["*"])', () => {
  const everything = validateConfig({
    ...testConfig,
    topics: [...testConfig.topics, { slug: "everything", title: "Everything", sources: ["*"] }],
  });

  it("/ and /api/topics say when they last changed and when their sources were checked", async () => {
    const ctx = await setup({ config: everything });
    await seed(ctx.store, "everything", [makeItem(1, 1)]);
    await ctx.store.sources.save({
      ...pendingState("gamma", "https://gamma.example/feed.rss", NOW),
      status: "ok",
      lastFetchedAt: "2026-11-26T11:45:00.000Z",
    });
    // A topic of every source is checked by the newest poll: the cycle's record of the sources it polled.
    await ctx.store.sources.recordPolls(
      new Map([["gamma", "2026-11-26T11:45:00.000Z"]]),
      new Date("2026-11-26T11:40:00.000Z"),
      NOW,
    );
    const html = await (await ctx.get("/")).text();
    const facts = [...html.matchAll(/<p class="meta">(.*?)<\/p>/g)].map((m) => m[1]);
    expect(facts[2]).toContain('checked <time datetime="2026-11-26T11:45:00.000Z">');
    expect(facts[2]).not.toContain("never fetched yet");
    const topics = (await (await ctx.get("/api/topics")).json()) as { topics: { slug: string; updatedAt: string }[] };
    expect(topics.topics.find((t) => t.slug === "everything")?.updatedAt).toBe(NOW.toISOString());
    // An empty page of such a topic says when its sources were checked too.
    const empty = await (await ctx.get("/topics/everything?since=2026-11-26T12:00:00Z")).text();
    expect(empty).toContain("No items match.");
    for (const list of ["t:everything", "e:everything"] as const) {
      await ctx.store.lists.deleteRows(list, [`${makeItem(1, 1).publishedAt}#${makeItem(1, 1).id}`]);
    }
    await ctx.store.lists.touch("t:everything", NOW);
    expect(await (await ctx.get("/topics/everything")).text()).toContain(
      'Its sources were last checked <time datetime="2026-11-26T11:45:00.000Z">',
    );
  });
});
