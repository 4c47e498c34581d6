/**
 * The local runner of article pages (`npm start`'s background runs, `npm run poll`'s bounded wait), on a real
 * engine against a loopback publisher.
 */
import { validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { runCycle } from "@tributary/core/poll";
import { type ListKey, type Store, sourceList, topicList } from "@tributary/core/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { articlePage, paragraph } from "../packages/core/src/extract/testdata/pages.ts";
import { rss } from "../testkit/feeds.ts";
import { type Publisher, startPublisher } from "../testkit/publisher.ts";
import { createTestStore } from "../tests/helpers/store.ts";
import { localPages } from "./pages.ts";

let publisher: Publisher;
let store: Store;
beforeEach(async () => {
  publisher = await startPublisher();
  store = await createTestStore();
});
afterEach(async () => {
  store.close();
  await publisher.close();
});

function setUp(slugs: string[], pageDelayMs = 0) {
  const teaser = `<p>${paragraph(0).split(". ")[0]}…</p>`;
  publisher.set("/feed.rss", {
    body: rss({
      title: "World",
      items: slugs.map((slug, n) => ({
        title: `Talks ${slug}`,
        link: `${publisher.url}/world/${slug}`,
        pubDate: new Date(Date.now() - (n + 1) * 3_600_000).toUTCString(),
        description: teaser,
      })),
    }),
  });
  for (const slug of slugs) {
    publisher.set(`/world/${slug}`, {
      body: articlePage(),
      contentType: "text/html; charset=utf-8",
      delayMs: pageDelayMs,
    });
  }
  const config = validateConfig({
    title: "Local",
    sources: [{ id: "world", url: `${publisher.url}/feed.rss`, fullText: "auto" }],
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
  });
  return { config, fetcher: new Fetcher({ ...config.poll }) };
}

describe("local article pages", () => {
  it("runs in the background after a cycle and hands the lists it changed on", async () => {
    const { config, fetcher } = setUp(["a", "b"]);
    await runCycle({ config, store, fetcher }, { mode: "all" });
    const changed: ListKey[][] = [];
    let resolve = () => {};
    const ran = new Promise<void>((done) => (resolve = done));
    const pages = localPages(
      { config, store, fetcher },
      {
        onChanged: (lists) => {
          changed.push(lists);
          resolve();
        },
      },
    );
    pages.runSoon();
    await ran;
    await pages.stop(5_000);
    expect(changed).toHaveLength(1);
    expect([...(changed[0] ?? [])].sort()).toEqual([sourceList("world"), topicList("all")].sort());
    const list = await store.lists.page(sourceList("world"), { limit: 10, cutoff: "" });
    expect(list.items.map((item) => item.contentSource)).toEqual(["page", "page"]);
  });

  it("stops claiming at its deadline and leaves the rest in the store", async () => {
    // One page at a time, each answering after 400 ms: a deadline of a moment lets the first claim through only.
    const set = setUp(["a", "b", "c", "d", "e", "f"], 400);
    const config = { ...set.config, poll: { ...set.config.poll, concurrency: 1, perHost: 1 } };
    const fetcher = new Fetcher({ ...config.poll });
    await runCycle({ config, store, fetcher }, { mode: "all" });
    const pages = localPages({ config, store, fetcher });
    const changed = await pages.runUntil(Date.now() + 100);
    await publisher.idle();
    expect(changed).toEqual([]);
    // Only the job under way at the deadline was claimed; the others are still due now, for the next process.
    const due = await store.pages.due(new Date(), 10);
    expect(due.length).toBeGreaterThanOrEqual(5);
    expect(publisher.requests.filter((r) => r.path.startsWith("/world/")).length).toBeLessThan(6);
    await pages.stop(0);
  });
});
