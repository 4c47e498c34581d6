import { type Config, validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { runCycle } from "@tributary/core/poll";
import { type SourceState, type Store, sourceList, topicList } from "@tributary/core/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FixtureEntry, pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { countRequests } from "../../testkit/requests.ts";
import { createTestStore } from "../helpers/store.ts";

type Publisher = Awaited<ReturnType<typeof startPublisher>>;

let publisher: Publisher;
let store: Store;

beforeEach(async () => {
  publisher = await startPublisher();
  store = await createTestStore();
});
afterEach(async () => {
  await publisher.close();
});

const SECTIONS = ["diplomacy", "ukraine", "europe"] as const;
/** One base for every date, so an entry reads the same in every cycle (its hash unchanged) unless a test edits it. */
const BASE = Date.now() - 10 * 86_400_000;

function configFor(extra: Record<string, unknown> = {}): Config {
  return validateConfig({
    title: "Test",
    sources: SECTIONS.map((id) => ({ id, url: `${publisher.url}/feeds/${id}.rss`, title: id })),
    topics: [
      { slug: "war", title: "War", sources: ["diplomacy", "ukraine", "europe"], include: ["ukraine"] },
      { slug: "all", title: "All", sources: ["*"] },
    ],
    ...extra,
  });
}

const fetcherFor = (config: Config) => new Fetcher({ ...config.poll });
const cycle = (config: Config, mode: "all" | "due" = "all") =>
  runCycle({ config, store, fetcher: fetcherFor(config) }, { mode });

/** Ten shared articles as each section writes them: tracking parameters, http or https, their own guids. */
function sharedArticles(section: string, index: number): FixtureEntry[] {
  return Array.from({ length: 10 }, (_, n) => {
    const path = `/2026/11/ukraine-story-${n}/`;
    const link =
      index === 0
        ? `https://news.example${path}`
        : index === 1
          ? `http://news.example${path}?utm_source=rss&utm_medium=${section}#comments`
          : `https://NEWS.example:443${path}?fbclid=abc`;
    return {
      title: `Ukraine story ${n}`,
      link,
      guid: `${section}-${n}`,
      pubDate: pubDate(n, BASE),
      description: `<p>Summary of story ${n}</p>`,
      content: `<p>Body of story ${n}</p><script>alert(1)</script>`,
      categories: [section],
    };
  });
}

function publishSections(edit?: (section: string, items: FixtureEntry[]) => FixtureEntry[]) {
  SECTIONS.forEach((section, index) => {
    const own: FixtureEntry = {
      title: `Exclusive ${index}`,
      link: `https://news.example/only-${section}/`,
      pubDate: pubDate(20 + index, BASE),
    };
    let items = [...sharedArticles(section, index), own];
    if (edit) items = edit(section, items);
    publisher.set(`/feeds/${section}.rss`, {
      body: rss({ title: section, items }),
      contentType: "application/rss+xml",
    });
  });
}

const itemWrites = (requests: ReturnType<typeof countRequests>) => requests.writes;

describe("a poll cycle against a local publisher", () => {
  it("stores ten articles shared by three sections as ten items, each listing its sections", async () => {
    publishSections();
    const config = configFor();
    const first = await cycle(config);
    expect(first.summary).toEqual({
      sources: 3,
      fetched: 3,
      notModified: 0,
      failed: 0,
      itemsNew: 13,
      itemsUpdated: 0,
      itemsUnchanged: 0,
    });
    const war = await store.lists.page(topicList("war"), { limit: 200, cutoff: "2000" });
    expect(war.items).toHaveLength(10);
    for (const item of war.items) {
      expect([...item.sources].sort()).toEqual(["diplomacy", "europe", "ukraine"]);
      expect(item.url).toMatch(/^https?:\/\/news\.example\/2026\/11\/ukraine-story-\d\/$/);
      expect(item.contentHtml).not.toContain("<script");
    }
    expect((await store.lists.page(topicList("all"), { limit: 200, cutoff: "2000" })).items).toHaveLength(13);
  });

  it("costs no item writes on a second poll of an unchanged publisher (304), nor when only the body changes", async () => {
    publishSections();
    const config = configFor();
    await cycle(config);
    const before = await store.sources.states([...SECTIONS], true);
    const requests = countRequests(store);
    const second = await cycle(config);
    expect(second.summary).toEqual({
      sources: 3,
      fetched: 0,
      notModified: 3,
      failed: 0,
      itemsNew: 0,
      itemsUpdated: 0,
      itemsUnchanged: 0,
    });
    expect(publisher.requests.filter((r) => r.headers["if-none-match"]).length).toBe(3);
    // No source's state is written: the cycle writes one poll record for the three, and health reads it.
    expect(itemWrites(requests)).toBe(1);
    expect(await store.sources.states([...SECTIONS], true)).toEqual(before);
    const health = await store.sources.current([...SECTIONS], config.poll.everyMinutes, new Date());
    for (const [id, was] of before) {
      const now = health.get(id) as SourceState;
      expect((now.lastFetchedAt ?? "") > (was.lastFetchedAt ?? ""), id).toBe(true);
      expect(now).toMatchObject({ status: "ok", lastSuccessAt: now.lastFetchedAt, lastError: null, etag: was.etag });
    }

    // New bodies (a different build date), no conditional support, the same items.
    SECTIONS.forEach((section, index) => {
      publisher.set(`/feeds/${section}.rss`, {
        body: rss({
          title: section,
          lastBuildDate: new Date().toUTCString(),
          items: [
            ...sharedArticles(section, index),
            {
              title: `Exclusive ${index}`,
              link: `https://news.example/only-${section}/`,
              pubDate: pubDate(20 + index, BASE),
            },
          ],
        }),
        contentType: "application/rss+xml",
        conditional: false,
      });
    });
    requests.reset();
    const third = await cycle(config);
    expect(third.summary).toMatchObject({ fetched: 3, itemsNew: 0, itemsUpdated: 0, itemsUnchanged: 13 });
    expect(itemWrites(requests)).toBe(4); // the three states (new body hashes, no validators) and the poll record
  });

  it("updates an edited article in place and keeps new, edited and dropped items apart", async () => {
    publishSections();
    const config = configFor();
    await cycle(config);
    const before = (await store.lists.page(topicList("war"), { limit: 200, cutoff: "2000" })).items.find(
      (i) => i.title === "Ukraine story 3",
    );
    publishSections((section, items) => {
      const edited = items.map((item) =>
        section === "diplomacy" && item.title === "Ukraine story 3"
          ? { ...item, title: "Ukraine story 3, updated" }
          : item,
      );
      const kept = section === "europe" ? edited.slice(0, 5) : edited;
      return section === "ukraine"
        ? [...kept, { title: "Ukraine story new", link: "https://news.example/new/", pubDate: pubDate(30, BASE) }]
        : kept;
    });
    const result = await cycle(config);
    // Unchanged: the nine other shared stories and two exclusives, each counted once however many sections list it.
    expect(result.summary).toMatchObject({ fetched: 3, itemsNew: 1, itemsUpdated: 1, itemsUnchanged: 11 });
    const after = await store.items.get(before?.id as string);
    expect(after).toMatchObject({
      id: before?.id,
      title: "Ukraine story 3, updated",
      publishedAt: before?.publishedAt,
    });
    expect(after && after.updatedAt > (before?.updatedAt ?? "")).toBe(true);
    expect((await store.lists.page(topicList("war"), { limit: 200, cutoff: "2000" })).items).toHaveLength(11);
  });

  it("follows redirects and reads gzip bodies", async () => {
    publishSections();
    publisher.set("/feeds/europe.rss", { redirect: { to: "/moved/europe.rss", status: 301 } });
    publisher.set("/moved/europe.rss", {
      body: rss({ title: "Europe", items: sharedArticles("europe", 2) }),
      gzip: true,
      contentType: "application/rss+xml",
    });
    const result = await cycle(configFor());
    expect(result.summary).toMatchObject({ fetched: 3, failed: 0 });
    expect((await store.lists.page(sourceList("europe"), { limit: 50, cutoff: "2000" })).items).toHaveLength(10);
  });

  it("isolates a failing source, backs it off, and marks 410 gone until its URL changes", async () => {
    publishSections();
    publisher.set("/feeds/europe.rss", { status: 500, body: "boom" });
    publisher.set("/feeds/ukraine.rss", { status: 410, body: "gone" });
    const config = configFor();
    const result = await cycle(config);
    expect(result.summary).toMatchObject({ sources: 3, fetched: 1, failed: 2, itemsNew: 11 });
    const states = await store.sources.states(["europe", "ukraine", "diplomacy"]);
    expect(states.get("europe")).toMatchObject({ status: "failing", consecutiveErrors: 1 });
    expect(states.get("europe")?.lastError).toMatch(/500/);
    expect(states.get("europe")?.nextFetchAt ?? "").toSatisfy((next: string) => next > new Date().toISOString());
    expect(states.get("ukraine")?.status).toBe("gone");
    expect(states.get("diplomacy")?.status).toBe("ok");

    // Due: europe backs off, ukraine is gone, diplomacy was polled this interval.
    const due = await cycle(config, "due");
    expect(due.summary.sources).toBe(0);
    const manual = await cycle(config);
    expect(manual.reports.map((r) => r.id).sort()).toEqual(["diplomacy", "europe"]);

    publisher.set("/feeds/ukraine-new.rss", { body: rss({ title: "ukraine", items: sharedArticles("ukraine", 1) }) });
    const moved = configFor({
      sources: SECTIONS.map((id) => ({
        id,
        url: `${publisher.url}/feeds/${id === "ukraine" ? "ukraine-new" : id}.rss`,
      })),
    });
    const revived = await cycle(moved);
    expect(revived.reports.map((r) => r.id).sort()).toEqual(["diplomacy", "europe", "ukraine"]);
    expect((await store.sources.states(["ukraine"])).get("ukraine")?.status).toBe("ok");
  });

  it("honours Retry-After, in a manual poll too, and reports unparseable bodies", async () => {
    publishSections();
    publisher.set("/feeds/europe.rss", { status: 503, headers: { "retry-after": "3600" }, body: "busy" });
    publisher.set("/feeds/ukraine.rss", {
      body: "<!doctype html><html><body>Not a feed</body></html>",
      contentType: "text/html",
    });
    const config = configFor();
    const first = await cycle(config);
    const europe = first.reports.find((r) => r.id === "europe");
    expect(europe?.outcome).toBe("failed");
    expect(first.reports.find((r) => r.id === "ukraine")?.error).toMatch(/not a feed/i);
    const state = (await store.sources.states(["europe"])).get("europe");
    expect(Date.parse(state?.retryAfterUntil ?? "") - Date.now()).toBeGreaterThan(3_500_000);
    const second = await cycle(config);
    expect(second.reports.map((r) => r.id)).not.toContain("europe");
  });
});
