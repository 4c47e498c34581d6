import { validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { MAX_ENTRIES } from "@tributary/core/parse";
import { runCycle } from "@tributary/core/poll";
import { type Store, topicList } from "@tributary/core/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FixtureEntry, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
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

/** Entries past the cap: the newest of them were the ones lost when the cap kept the first entries of the body. */
const EXTRA = 20;
const BASE = Date.now() - 5 * 86_400_000;

/** Entry `n` of the archive, `n` minutes after BASE. */
const entry = (n: number): FixtureEntry => ({
  title: `Archive post ${n}`,
  link: `https://archive.example/posts/${n}/`,
  guid: `post-${n}`,
  pubDate: new Date(BASE + n * 60_000).toUTCString(),
  description: `Post number ${n}`,
});

const config = () =>
  validateConfig({
    title: "Test",
    sources: [{ id: "archive", url: `${publisher.url}/archive.rss`, title: "Archive" }],
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
  });

const cycle = async () => {
  const cfg = config();
  return runCycle({ config: cfg, store, fetcher: new Fetcher({ ...cfg.poll }) }, { mode: "all" });
};

describe("a feed longer than the entry cap", () => {
  it("keeps its newest entries when it lists them oldest first", async () => {
    const total = MAX_ENTRIES + EXTRA;
    const items = Array.from({ length: total }, (_, n) => entry(n));
    publisher.set("/archive.rss", { body: rss({ title: "Archive", items }), contentType: "application/rss+xml" });

    const first = await cycle();
    expect(first.summary).toMatchObject({ fetched: 1, failed: 0, itemsNew: MAX_ENTRIES });
    const rows = await store.lists.rows(topicList("all"));
    const stored = await store.items.getMany(rows.map((row) => row.id));
    const titles = new Set([...stored.values()].map((item) => item.title));
    expect(titles.size).toBe(MAX_ENTRIES);
    // The newest MAX_ENTRIES entries, not the first MAX_ENTRIES of the body.
    const newest = Array.from({ length: MAX_ENTRIES }, (_, n) => `Archive post ${EXTRA + n}`);
    expect(newest.filter((title) => !titles.has(title))).toEqual([]);
    const page = await store.lists.page(topicList("all"), { limit: 3, cutoff: "2000" });
    expect(page.items.map((item) => item.title)).toEqual(
      [total - 1, total - 2, total - 3].map((n) => `Archive post ${n}`),
    );

    // One more entry appended at the end: the newest is stored and nothing older than the kept ones comes back.
    items.push(entry(total));
    publisher.set("/archive.rss", { body: rss({ title: "Archive", items }), contentType: "application/rss+xml" });
    const second = await cycle();
    expect(second.summary).toMatchObject({ fetched: 1, failed: 0, itemsNew: 1 });
    const top = await store.lists.page(topicList("all"), { limit: 1, cutoff: "2000" });
    expect(top.items[0]?.title).toBe(`Archive post ${total}`);
    expect((await store.lists.rows(topicList("all"))).length).toBe(MAX_ENTRIES + 1);
  });
});
