/**
 * Full text through real polls (SPEC §2 Full text): summary-only feeds of a loopback publisher whose article pages
 * it serves too. Article links name `news.example`; an injected resolver and connector send every request to the
 * publisher, so nothing leaves loopback.
 */
import { connect } from "node:net";
import { type Config, validateConfig } from "@tributary/core/config";
import { StorageError } from "@tributary/core/errors";
import { Fetcher } from "@tributary/core/fetch";
import { type PageRun, runPageJobs } from "@tributary/core/fulltext";
import type { Item } from "@tributary/core/item";
import { runCycle } from "@tributary/core/poll";
import { type Store, sourceList, topicList } from "@tributary/core/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { articlePage, paragraph } from "../../packages/core/src/extract/testdata/pages.ts";
import { type FixtureEntry, rss } from "../../testkit/feeds.ts";
import { type Publisher, startPublisher } from "../../testkit/publisher.ts";
import { createTestStore, intercept } from "../helpers/store.ts";

let publisher: Publisher;
let store: Store;
let port: number;

beforeEach(async () => {
  publisher = await startPublisher();
  port = Number(new URL(publisher.url).port);
  store = await createTestStore();
});
afterEach(async () => {
  store.close();
  await publisher.close();
});

const HOUR = 3_600_000;
const START = Date.now();
const at = (ms: number) => () => new Date(START + ms);
const rfc822 = (ms: number) => new Date(ms).toUTCString();

/** A fetcher that reaches every host at the publisher: the injected resolver and connector. */
function loopbackFetcher(config: Config): Fetcher {
  return new Fetcher({
    ...config.poll,
    resolve: async () => [{ address: "127.0.0.1", family: 4 }],
    dial: () => connect({ host: "127.0.0.1", port }),
  });
}

const FEED = "/feeds/world.rss";
const page = (slug: string) => `http://news.example/world/${slug}`;
/** The teaser a summary-only feed gives: the article's first sentence. */
const TEASER = paragraph(0).split(". ")[0] ?? "";

function configWith(fullText: unknown, extra: Record<string, unknown> = {}): Config {
  return validateConfig({
    title: "Test",
    sources: [
      {
        id: "world",
        url: `${publisher.url}${FEED}`,
        fullText,
        headers: { "User-Agent": "Reader/1.0", "Accept-Language": "en-GB", Cookie: "session=secret" },
      },
    ],
    topics: [
      { slug: "all", title: "All", sources: ["*"] },
      { slug: "shelling", title: "Shelling", sources: ["*"], include: ["shelling"], match: ["title", "content"] },
    ],
    ...extra,
  });
}

/** A summary-only entry linking to `slug`, published `hoursAgo` before the test started. */
function entry(slug: string, hoursAgo = 1, extra: Partial<FixtureEntry> = {}): FixtureEntry {
  return {
    title: `Talks ${slug}`,
    link: page(slug),
    guid: slug,
    pubDate: rfc822(START - hoursAgo * HOUR),
    description: `<p>${TEASER}…</p>`,
    ...extra,
  };
}

function publishFeed(items: FixtureEntry[]): void {
  publisher.set(FEED, { body: rss({ title: "World", items }), contentType: "application/rss+xml" });
}

function servePage(slug: string, html: string, extra: Record<string, unknown> = {}): void {
  publisher.set(`/world/${slug}`, { body: html, contentType: "text/html; charset=utf-8", ...extra });
}

const pageRequests = (slug?: string) =>
  publisher.requests.filter((r) => (slug ? r.path === `/world/${slug}` : r.path.startsWith("/world/")));

async function poll(config: Config, now = at(0)) {
  return runCycle({ config, store, fetcher: loopbackFetcher(config), now }, { mode: "all" });
}

async function pages(config: Config, now = at(0)): Promise<PageRun> {
  return runPageJobs({ config, store, fetcher: loopbackFetcher(config), now });
}

async function itemOf(slug: string) {
  const list = await store.lists.page(sourceList("world"), { limit: 100, cutoff: "" });
  const item = list.items.find((i) => i.url === page(slug));
  if (!item) throw new Error(`no item for ${slug}`);
  return item;
}

describe("full text through polls", () => {
  it("stores the article of a summary-only entry, off the poll, as contentSource page", async () => {
    publishFeed([entry("talks")]);
    servePage("talks", articlePage());
    const config = configWith("auto");
    const cycle = await poll(config);
    expect(cycle.summary.itemsNew).toBe(1);
    // The poll fetched no page: the job waits in the store.
    expect(pageRequests()).toHaveLength(0);
    const before = await itemOf("talks");
    expect(before.contentSource).toBe("feed");
    const versionBefore = (await store.lists.version(topicList("all")))?.version;

    const run = await pages(config, at(1000));
    expect(run.reports.map((r) => r.outcome)).toEqual(["stored"]);
    const after = await itemOf("talks");
    expect(after.contentSource).toBe("page");
    expect(after.contentHtml).toContain("Paragraph5:");
    expect(after.contentHtml).not.toContain("Share on Twitter");
    expect(after.title).toBe(before.title);
    expect(after.summary).toBe(before.summary);
    // Not an edit: updatedAt stays; the lists change.
    expect(after.updatedAt).toBe(before.updatedAt);
    expect(run.changedLists).toEqual(expect.arrayContaining([topicList("all"), sourceList("world")]));
    expect((await store.lists.version(topicList("all")))?.version).toBeGreaterThan(versionBefore ?? 0);
    // "shelling" is only in the article's text: the content topic takes the item now.
    expect(run.changedLists).toContain(topicList("shelling"));
    const shelling = await store.lists.page(topicList("shelling"), { limit: 10, cutoff: "" });
    expect(shelling.items.map((i) => i.url)).toEqual([page("talks")]);

    // The page was asked for as a web page, with only the source's User-Agent and Accept-Language.
    const [request] = pageRequests("talks");
    expect(request?.headers.accept).toMatch(/^text\/html/);
    expect(request?.headers["user-agent"]).toBe("Reader/1.0");
    expect(request?.headers["accept-language"]).toBe("en-GB");
    expect(request?.headers.cookie).toBeUndefined();
  });

  it("moves a list's version again once the article is written: a read between the move and the write is not current", async () => {
    publishFeed([entry("settled")]);
    servePage("settled", articlePage());
    const config = configWith("auto");
    await poll(config);
    // The version a reader sees the moment the page job moved it, before the article is written.
    const touch = store.lists.touch.bind(store.lists);
    let during: number | undefined;
    store.lists.touch = async (list, now, fingerprint) => {
      await touch(list, now, fingerprint);
      if (list === topicList("all") && during === undefined) during = (await store.lists.version(list))?.version;
    };
    const run = await pages(config, at(1000));
    store.lists.touch = touch;
    expect(run.reports.map((r) => r.outcome)).toEqual(["stored"]);
    expect(during).toBeDefined();
    expect((await store.lists.version(topicList("all")))?.version).toBeGreaterThan(during ?? Infinity);
  });

  it("queues the page of an article a failed poll stored but queued no job for", async () => {
    publishFeed([entry("talks")]);
    servePage("talks", articlePage());
    const config = configWith("auto");
    const failing = intercept(store, { "pages.queue": () => Promise.reject(new StorageError("store: injected")) });
    const failed = await runCycle(
      { config, store: failing, fetcher: loopbackFetcher(config), now: at(0) },
      { mode: "all" },
    );
    expect(failed.storageFailed).toBe(true);
    expect((await itemOf("talks")).contentSource).toBe("feed");
    // The next poll finds the article stored and its job missing: it queues it.
    const cycle = await poll(config, at(60_000));
    expect(cycle.storageFailed).toBe(false);
    expect(cycle.summary.itemsNew).toBe(0);
    const run = await pages(config, at(61_000));
    expect(run.reports.map((r) => r.outcome)).toEqual(["stored"]);
    expect((await itemOf("talks")).contentSource).toBe("page");
  });

  it("keeps the summary for a paywall and a cookie wall", async () => {
    publishFeed([entry("paywalled"), entry("consent", 2)]);
    servePage(
      "paywalled",
      `<html><head><title>Talks</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Talks","isAccessibleForFree":false}</script></head><body><article><h1>Talks</h1><p>${paragraph(0)}</p><p>Subscribe to continue reading this article.</p></article></body></html>`,
    );
    servePage(
      "consent",
      `<html><head><title>Consent</title></head><body><p>We and our partners use cookies and tracking to store information on your device for personalised advertising. Accept cookies or manage your consent preferences and vendors in the settings.</p></body></html>`,
    );
    const config = configWith("auto");
    await poll(config);
    const run = await pages(config, at(1000));
    expect(run.reports.map((r) => r.outcome).sort()).toEqual(["refused", "refused"]);
    for (const slug of ["paywalled", "consent"]) {
      const item = await itemOf(slug);
      expect(item.contentSource).toBe("feed");
      expect(item.contentHtml).toContain(TEASER);
    }
    expect(run.changedLists).toEqual([]);
    // Judged once: nothing is due again.
    expect((await pages(config, at(2 * HOUR))).reports).toEqual([]);
  });

  it("stores nothing active from a hostile page", async () => {
    const hostile = `<script>alert(1)</script><p onclick="x()">Read <a href="javascript:x()">this</a> <img src="/img/a.jpg" onerror="x()"></p><iframe src="https://evil.example/"></iframe><style>p{}</style>`;
    publishFeed([entry("hostile")]);
    servePage("hostile", articlePage({ body: hostile }));
    const config = configWith("always");
    await poll(config);
    await pages(config, at(1000));
    const item = await itemOf("hostile");
    expect(item.contentSource).toBe("page");
    expect(item.contentHtml).not.toMatch(/<script|onclick|onerror|javascript:|<iframe|<style/i);
    expect(item.contentHtml).toContain('src="http://news.example/img/a.jpg"');
  });

  it("stores the real images of a lazy-loading page, and gives its image as imageUrl", async () => {
    const body = `<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/real-1.jpg" class="lazy" alt="One"></figure>
      <figure><img src="/img/spinner.gif" class="lazyload" alt="Two"><noscript><img src="/img/real-2.jpg" alt="Two"></noscript></figure>
      <p>${paragraph(7)}<img src="http://news.example/pixel.gif" width="1" height="1" alt=""></p>`;
    publishFeed([entry("lazy")]);
    servePage("lazy", articlePage({ body }));
    const config = configWith("auto");
    await poll(config);
    expect((await itemOf("lazy")).imageUrl).toBeNull();
    await pages(config, at(1000));
    const item = await itemOf("lazy");
    expect(item.contentHtml).toContain("http://news.example/img/real-1.jpg");
    expect(item.contentHtml).toContain("http://news.example/img/real-2.jpg");
    expect(item.contentHtml).not.toMatch(/data:image|spinner\.gif|pixel\.gif/);
    expect(item.imageUrl).toBe("http://news.example/img/real-1.jpg");
  });

  it("retries a failing page after about 1, 10 and 60 minutes, never failing the source", async () => {
    publishFeed([entry("flaky")]);
    servePage("flaky", "busy", { status: 503 });
    const config = configWith("auto");
    await poll(config);
    const first = await pages(config, at(0));
    expect(first.reports).toMatchObject([{ outcome: "retrying" }]);
    expect(first.reports[0]?.retryAt).toBe(new Date(START + 60_000).toISOString());
    // Not due before its retry time.
    expect((await pages(config, at(30_000))).reports).toEqual([]);
    const second = await pages(config, at(61_000));
    expect(second.reports[0]?.retryAt).toBe(new Date(START + 61_000 + 10 * 60_000).toISOString());
    // The source stays healthy: its next poll is ok and fetches no page.
    const cycle = await poll(config, at(2 * 60_000));
    expect(cycle.reports[0]?.status).toBe("ok");
    const health = await store.sources.states(["world"], true);
    expect(health.get("world")?.status).toBe("ok");
    expect(health.get("world")?.lastError).toBeNull();
    // The page recovers: the next attempt stores the article.
    servePage("flaky", articlePage());
    const third = await pages(config, at(12 * 60_000));
    expect(third.reports).toMatchObject([{ outcome: "stored" }]);
    expect((await itemOf("flaky")).contentSource).toBe("page");
    expect(pageRequests("flaky")).toHaveLength(3);
  });

  it("gives a page up after its last retry, keeping the feed's content", async () => {
    publishFeed([entry("down")]);
    servePage("down", "gone", { status: 500 });
    const config = configWith("auto");
    await poll(config);
    const outcomes: string[] = [];
    for (const minutes of [0, 2, 13, 74, 200]) {
      for (const r of (await pages(config, at(minutes * 60_000))).reports) outcomes.push(r.outcome);
    }
    expect(outcomes).toEqual(["retrying", "retrying", "retrying", "failed"]);
    expect((await itemOf("down")).contentSource).toBe("feed");
  });

  it("fetches a page once: a second poll, an edit and a re-read keep the page's article", async () => {
    publishFeed([entry("once")]);
    servePage("once", articlePage());
    const config = configWith("auto");
    await poll(config);
    await pages(config, at(1000));
    const stored = await itemOf("once");
    // The feed changes (a new entry, and this one's title edited): the page is not fetched again.
    publishFeed([entry("once", 1, { title: "Talks once, updated" }), entry("other", 0.5)]);
    servePage("other", articlePage({ title: "Other talks" }));
    const second = await poll(config, at(HOUR));
    expect(second.summary.itemsUpdated).toBe(1);
    await pages(config, at(HOUR + 1000));
    expect(pageRequests("once")).toHaveLength(1);
    const edited = await itemOf("once");
    expect(edited.title).toBe("Talks once, updated");
    expect(edited.contentSource).toBe("page");
    expect(edited.contentHtml).toBe(stored.contentHtml);
    expect(edited.updatedAt > stored.updatedAt).toBe(true);
    // A third poll of the same feed fetches nothing more.
    await poll(config, at(2 * HOUR));
    expect((await pages(config, at(2 * HOUR + 1000))).reports).toEqual([]);
    expect(pageRequests("once")).toHaveLength(1);
  });

  it("fetches the page again when the entry's link changes", async () => {
    publishFeed([entry("moved")]);
    servePage("moved", articlePage());
    const config = configWith("auto");
    await poll(config);
    await pages(config, at(1000));
    expect((await itemOf("moved")).contentSource).toBe("page");
    // The same article (its canonical URL ignores the scheme), edited and now linked over https: its page is due
    // again, and the page's article stays until the new page is judged.
    publishFeed([entry("moved", 1, { title: "Talks moved to https", link: page("moved").replace("http:", "https:") })]);
    await poll(config, at(HOUR));
    const due = await store.pages.due(new Date(START + HOUR + 1000), 10);
    expect(due.map((job) => job.url)).toEqual([page("moved").replace("http:", "https:")]);
    const item = await store.items.get(due[0]?.itemId ?? "");
    expect(item?.contentSource).toBe("page");
    // A link to another page is another article: it gets its own page.
    publishFeed([entry("moved-2")]);
    servePage("moved-2", articlePage({ body: "<p>Paragraph99: a line added to the other article.</p>" }));
    await poll(config, at(2 * HOUR));
    const run = await pages(config, at(2 * HOUR + 1000));
    expect(run.reports.find((r) => r.url === page("moved-2"))?.outcome).toBe("stored");
    expect((await itemOf("moved-2")).contentHtml).toContain("Paragraph99:");
  });

  it("re-extracts once when the selector changes", async () => {
    const body = `<aside class="box-a"><p>${paragraph(0)}</p><p>BoxA ${paragraph(1)}</p><p>${paragraph(2)}</p></aside>
      <aside class="box-b"><p>${paragraph(0)}</p><p>BoxB ${paragraph(3)}</p><p>${paragraph(4)}</p></aside>`;
    publishFeed([entry("boxes")]);
    servePage("boxes", `<!DOCTYPE html><html><head><title>Boxes</title></head><body>${body}</body></html>`);
    const a = configWith({ selector: ".box-a" });
    await poll(a);
    await pages(a, at(1000));
    expect((await itemOf("boxes")).contentHtml).toContain("BoxA");
    // The same rule again: nothing fetched.
    await poll(a, at(HOUR));
    expect((await pages(a, at(HOUR + 1000))).reports).toEqual([]);
    const b = configWith({ selector: ".box-b" });
    await poll(b, at(2 * HOUR));
    const run = await pages(b, at(2 * HOUR + 1000));
    expect(run.reports.map((r) => r.outcome)).toEqual(["stored"]);
    const item = await itemOf("boxes");
    expect(item.contentHtml).toContain("BoxB");
    expect(item.contentHtml).not.toContain("BoxA");
    // Once: the next poll under the same selector queues nothing.
    await poll(b, at(3 * HOUR));
    expect((await pages(b, at(3 * HOUR + 1000))).reports).toEqual([]);
    expect(pageRequests("boxes")).toHaveLength(2);
  });

  it("takes the article by a selector with comments as by the selector without them", async () => {
    const body = `<aside class="box-a"><p>${paragraph(0)}</p><p>BoxA ${paragraph(1)}</p><p>${paragraph(2)}</p></aside>
      <aside class="box-b"><p>${paragraph(0)}</p><p>BoxB ${paragraph(3)}</p><p>${paragraph(4)}</p></aside>`;
    publishFeed([entry("commented")]);
    servePage("commented", `<!DOCTYPE html><html><head><title>Boxes</title></head><body>${body}</body></html>`);
    const config = configWith({ selector: "body /* the second box */ > aside/**/.box-b" });
    await poll(config);
    expect((await pages(config, at(1000))).reports.map((r) => r.outcome)).toEqual(["stored"]);
    const item = await itemOf("commented");
    expect(item.contentSource).toBe("page");
    expect(item.contentHtml).toContain("BoxB");
    expect(item.contentHtml).not.toContain("BoxA");
    // Editing only a comment is no change of rule: nothing is fetched again.
    const edited = configWith({ selector: "body /* box two */ > aside/* by class */.box-b" });
    await poll(edited, at(HOUR));
    expect((await pages(edited, at(HOUR + 1000))).reports).toEqual([]);
    expect(pageRequests("commented")).toHaveLength(1);
  });

  it("fetches only the last 2 days' pages on a source's first poll, within perHost", async () => {
    const entries = Array.from({ length: 40 }, (_, n) => entry(`day-${n}`, n * 6 + 1));
    publishFeed(entries);
    // Each page answers a little late, so that fetches would overlap if nothing held them back.
    for (const e of entries) servePage(String(e.guid), articlePage({ title: String(e.title) }), { delayMs: 150 });
    const config = configWith("auto", { poll: { concurrency: 8, perHost: 2 } });
    const cycle = await poll(config);
    expect(cycle.summary.itemsNew).toBe(40);
    const run = await pages(config, at(1000));
    // Published 1, 7, 13, … 43 hours ago: 8 entries within 48 hours.
    expect(run.reports).toHaveLength(8);
    // Counted against perHost: never more than 2 pages of one host at once.
    expect(publisher.maxInFlight("news.example")).toBe(2);
    expect(new Set(pageRequests().map((r) => r.path))).toEqual(
      new Set(Array.from({ length: 8 }, (_, n) => `/world/day-${n}`)),
    );
    // Later entries of the same source are all taken: its first poll is over.
    publishFeed([entry("late", 100), ...entries]);
    servePage("late", articlePage());
    await poll(config, at(HOUR));
    const later = await pages(config, at(HOUR + 1000));
    expect(later.reports.map((r) => r.itemId)).toHaveLength(1);
    expect(pageRequests("late")).toHaveLength(1);
  });

  it("leaves full entries and never-sources alone", async () => {
    const full = `<p>${Array.from({ length: 6 }, (_, n) => paragraph(n)).join("</p><p>")}</p>`;
    publishFeed([entry("full", 1, { content: full }), entry("short")]);
    servePage("short", articlePage());
    servePage("full", articlePage());
    await poll(configWith("never"));
    expect((await pages(configWith("never"), at(1000))).reports).toEqual([]);
    const fresh = await createTestStore();
    const previous = store;
    store = fresh;
    try {
      await poll(configWith("auto"));
      const run = await pages(configWith("auto"), at(1000));
      expect(run.reports.map((r) => r.url)).toEqual([page("short")]);
    } finally {
      store = previous;
      fresh.close();
    }
    expect(pageRequests("full")).toHaveLength(0);
  });
});

/**
 * A page's article changing which topics take an item, in the story-grouped views (SPEC §2 Full text and Stories in
 * lists): the item enters or leaves a grouped topic's entries with the page, as it does with an edit.
 */
describe("full text in story-grouped topics", () => {
  const WIRE = "/feeds/wire.rss";
  const wirePage = (slug: string) => `http://wire.example/wire/${slug}`;

  /** `world` (full text `auto`) and `wire` (never), a topic taking "shelling" and one leaving it out, in content. */
  function groupedConfig(): Config {
    return validateConfig({
      title: "Test",
      sources: [
        { id: "world", url: `${publisher.url}${FEED}`, fullText: "auto" },
        { id: "wire", url: `${publisher.url}${WIRE}`, fullText: "never" },
      ],
      topics: [
        { slug: "all", title: "All", sources: ["*"] },
        { slug: "shelling", title: "Shelling", sources: ["*"], include: ["shelling"], match: ["title", "content"] },
        { slug: "quiet", title: "Quiet", sources: ["*"], exclude: ["shelling"], match: ["title", "content"] },
      ],
    });
  }

  const appOf = (config: Config) => createApp({ config, store, now: at(2000) });

  async function get(config: Config, path: string, etag?: string) {
    return appOf(config).request(path, etag ? { headers: { "If-None-Match": etag } } : {});
  }

  async function urlsOf(config: Config, path: string): Promise<(string | null)[]> {
    const response = await get(config, path);
    expect(response.status, path).toBe(200);
    return ((await response.json()) as { items: Item[] }).items.map((item) => item.url);
  }

  it("puts an item whose page matches a topic into that topic's grouped entries, feeds and ETags", async () => {
    publishFeed([entry("talks")]);
    servePage("talks", articlePage());
    const config = groupedConfig();
    await poll(config);
    expect(await urlsOf(config, "/api/topics/shelling/items")).toEqual([]);
    const paths = ["/api/topics/shelling/items", "/feeds/shelling.rss", "/feeds/shelling.json"];
    const tags = new Map<string, string>();
    for (const path of paths) tags.set(path, (await get(config, path)).headers.get("etag") ?? "");

    const run = await pages(config, at(1000));
    expect(run.reports.map((r) => r.outcome)).toEqual(["stored"]);
    expect(run.changedLists).toContain(topicList("shelling"));
    // Every view of the topic takes the item, grouped (the default) as with group=none.
    expect(await urlsOf(config, "/api/topics/shelling/items?group=none")).toEqual([page("talks")]);
    expect(await urlsOf(config, "/api/topics/shelling/items")).toEqual([page("talks")]);
    expect(await getText(config, "/feeds/shelling.rss")).toContain(`<link>${page("talks")}</link>`);
    const json = (await (await get(config, "/feeds/shelling.json")).json()) as { items: { url: string }[] };
    expect(json.items.map((item) => item.url)).toEqual([page("talks")]);
    // The ETags the topic had before the page no longer hold.
    for (const path of paths) expect((await get(config, path, tags.get(path))).status, path).toBe(200);
    // A poll that finds the feed unchanged leaves it so.
    await poll(config, at(HOUR));
    expect(await urlsOf(config, "/api/topics/shelling/items")).toEqual([page("talks")]);
  });

  it("hands a story's entry on when its item's page takes it out of a topic, and makes it the entry of one it enters", async () => {
    publishFeed([entry("talks", 2, { title: "Talks in Geneva end without agreement" })]);
    servePage("talks", articlePage());
    publisher.set(WIRE, {
      body: rss({
        title: "Wire",
        items: [{ ...entry("talks", 1, { title: "Talks in Geneva end without agreement" }), link: wirePage("talks") }],
      }),
      contentType: "application/rss+xml",
    });
    const config = groupedConfig();
    await poll(config);
    // One story of two copies: the world's, stored first, is its entry in "quiet"; "shelling" has none.
    const all = await store.lists.page(topicList("all"), { limit: 10, cutoff: "" });
    expect(all.items).toHaveLength(2);
    expect(new Set(all.items.map((item) => item.story?.id)).size).toBe(1);
    expect(await urlsOf(config, "/api/topics/quiet/items")).toEqual([page("talks")]);
    expect(await urlsOf(config, "/api/topics/shelling/items")).toEqual([]);
    const quietTag = (await get(config, "/feeds/quiet.rss")).headers.get("etag") ?? "";

    const run = await pages(config, at(1000));
    expect(run.reports.map((r) => r.outcome)).toEqual(["stored"]);
    expect(run.changedLists).toEqual(expect.arrayContaining([topicList("quiet"), topicList("shelling")]));
    // "shelling" is in the world's article now: that copy left "quiet", where the wire's copy is the story's entry.
    expect(await urlsOf(config, "/api/topics/quiet/items?group=none")).toEqual([wirePage("talks")]);
    expect(await urlsOf(config, "/api/topics/quiet/items")).toEqual([wirePage("talks")]);
    const quiet = await getText(config, "/feeds/quiet.rss");
    expect(quiet).toContain(`<link>${wirePage("talks")}</link>`);
    expect(quiet).not.toContain(`<link>${page("talks")}</link>`);
    expect((await get(config, "/feeds/quiet.rss", quietTag)).status).toBe(200);
    // And entered "shelling", where the story had no entry: it is the entry there.
    expect(await urlsOf(config, "/api/topics/shelling/items")).toEqual([page("talks")]);
    expect(await urlsOf(config, "/api/topics/shelling/items?group=none")).toEqual([page("talks")]);
  });

  it("writes the entry a page's attempt stored the article but failed to write, when the job is tried again", async () => {
    publishFeed([entry("talks")]);
    servePage("talks", articlePage());
    const config = groupedConfig();
    await poll(config);
    const failing = intercept(store, {
      "lists.setRow": (setRow, list: string, ...rest: unknown[]) =>
        list.startsWith("e:") ? Promise.reject(new StorageError("store: injected")) : setRow(list, ...rest),
    });
    const failed = await runPageJobs({ config, store: failing, fetcher: loopbackFetcher(config), now: at(1000) });
    expect(failed.reports.map((r) => r.outcome)).toEqual(["retrying"]);
    expect((await itemOf("talks")).contentSource).toBe("page");
    expect(await urlsOf(config, "/api/topics/shelling/items")).toEqual([]);
    // Once its claim has lapsed the job is due again: the article is there already, its entry is written now.
    const again = await pages(config, at(1000 + config.poll.timeoutMs + 61_000));
    expect(again.reports.map((r) => r.outcome)).toEqual(["stored"]);
    expect(await urlsOf(config, "/api/topics/shelling/items")).toEqual([page("talks")]);
  });

  async function getText(config: Config, path: string): Promise<string> {
    const response = await get(config, path);
    expect(response.status, path).toBe(200);
    return response.text();
  }
});
