/**
 * Oversized entries — a 450 KB title, 25,000 categories, a 450 KB author, a 300 KB link, half a megabyte of
 * content — served by the local publisher and polled by real cycles on DynamoDB Local: each is stored within
 * the field bounds beside its sibling, nothing is a storage failure, and `npm run poll` exits 0. An item the
 * store still refuses as too large fails its source with the reason, and nothing else.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { type Config, validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import {
  AUTHOR_MAX,
  CATEGORIES_MAX,
  CATEGORY_MAX,
  CONTENT_MAX_BYTES,
  type Item,
  SUMMARY_MAX,
  TITLE_MAX,
  URL_MAX,
} from "@tributary/core/item";
import { runCycle } from "@tributary/core/poll";
import { type ItemChange, openStore, type SourceState, type Store, sourceList } from "@tributary/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureEntry, pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { runScript, writeConfig } from "../helpers/cli.ts";
import { createTestStore, engineEndpoint, intercept } from "../helpers/store.ts";
import { allItems } from "./harness.ts";

/** `n` random printable ASCII characters: content brotli can hardly shrink. */
const random = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(0x21 + (b % 94))).join("");

/** Each oversized entry, published with a small sibling in a feed of its own. */
const OVERSIZED: Record<string, FixtureEntry> = {
  "big-title": { title: "W".repeat(450_000), link: "https://news.example/big-title" },
  "many-categories": {
    title: "Many categories",
    link: "https://news.example/many-categories",
    categories: Array.from({ length: 25_000 }, (_, n) => `category-number-${String(n).padStart(6, "0")}`),
  },
  "big-author": { title: "Big author", link: "https://news.example/big-author", creator: "Z".repeat(450_000) },
  "big-url": { title: "Big URL", link: `https://news.example/${"u".repeat(300_000)}` },
  "big-content": {
    title: "Big content",
    link: "https://news.example/big-content",
    description: "<p>para</p>".repeat(50_000),
  },
  "random-content": {
    title: "Random content",
    link: "https://news.example/random-content",
    content: `<p>${random(600_000).replace(/[<>&]/g, " ")}</p>`,
  },
};
const IDS = Object.keys(OVERSIZED);

let publisher: Awaited<ReturnType<typeof startPublisher>>;
beforeAll(async () => {
  publisher = await startPublisher();
  for (const [n, id] of IDS.entries()) {
    const entry = { ...(OVERSIZED[id] as FixtureEntry), pubDate: pubDate(2 * n) };
    const sibling = {
      title: `Sibling of ${id}`,
      link: `https://news.example/${id}/sibling`,
      pubDate: pubDate(2 * n + 1),
    };
    publisher.set(`/${id}.rss`, { body: rss({ title: id, items: [entry, sibling] }) });
  }
  publisher.set("/good.rss", {
    body: rss({
      title: "Good",
      items: [{ title: "Good one", link: "https://news.example/good", pubDate: pubDate(50) }],
    }),
  });
});
afterAll(() => publisher.close());

function configJson(ids: string[]) {
  return {
    title: "Oversized",
    sources: [...ids, "good"].map((id) => ({ id, url: `${publisher.url}/${id}.rss` })),
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
  };
}

/** Every field of a stored item within its bound. */
function expectBounded(item: Item) {
  const points = (text: string | null) => Array.from(text ?? "").length;
  expect(points(item.title)).toBeLessThanOrEqual(TITLE_MAX);
  expect(points(item.summary)).toBeLessThanOrEqual(SUMMARY_MAX);
  expect(points(item.author)).toBeLessThanOrEqual(AUTHOR_MAX);
  expect(item.categories.length).toBeLessThanOrEqual(CATEGORIES_MAX);
  for (const category of item.categories) expect(points(category)).toBeLessThanOrEqual(CATEGORY_MAX);
  expect(item.url?.length ?? 0).toBeLessThanOrEqual(URL_MAX);
  expect(item.imageUrl?.length ?? 0).toBeLessThanOrEqual(URL_MAX);
  expect(Buffer.byteLength(item.contentHtml ?? "")).toBeLessThanOrEqual(CONTENT_MAX_BYTES);
}

const lastLine = (text: string) => JSON.parse(text.trim().split("\n").at(-1) as string);

describe("oversized entries", () => {
  // One command run carries both: the items the first `npm run poll` stored are read back from its table.
  it("`npm run poll -- --json` stores them within the bounds beside their siblings and exits 0, counting no failure, on its first poll and the next", async () => {
    const tableName = `big-${randomUUID()}`;
    const env = {
      TRIBUTARY_CONFIG: writeConfig(configJson(IDS)),
      DYNAMODB_ENDPOINT: engineEndpoint(),
      TABLE_NAME: tableName,
    };
    const first = await runScript("poll.ts", ["--json"], env, 90_000);
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const events = lines.filter((line) => line.event === "source");
    expect(events.map((e) => [e.result, e.status])).toEqual(Array(IDS.length + 1).fill(["fetched", "ok"]));
    expect(lines.filter((line) => line.event === "cycle").map((line) => line.storageError)).toEqual([null]);
    expect(lastLine(first.stdout)).toMatchObject({
      sources: IDS.length + 1,
      fetched: IDS.length + 1,
      failed: 0,
      itemsNew: 2 * IDS.length + 1,
    });

    const store = await openStore({ endpoint: engineEndpoint(), tableName, retentionDays: 90 });
    try {
      const stored = new Map<string, Item[]>();
      for (const id of IDS) {
        const items = await allItems(store, sourceList(id));
        for (const item of items) expectBounded(item);
        expect(items.map((i) => i.title)).toContain(`Sibling of ${id}`);
        stored.set(id, items);
      }
      const one = (id: string) => stored.get(id)?.find((i) => !i.title?.startsWith("Sibling")) as Item;
      expect(one("big-title").title).toBe(`${"W".repeat(TITLE_MAX - 1)}…`);
      expect(one("many-categories").categories).toHaveLength(CATEGORIES_MAX);
      expect(one("big-author").author).toBe(`${"Z".repeat(AUTHOR_MAX - 1)}…`);
      expect(one("big-url").url).toBeNull();
      expect(one("big-url").title).toBe("Big URL");
      expect(one("big-content").contentHtml).toMatch(/^<p>para<\/p>.*…(<\/p>)?$/s);
      expect(Buffer.byteLength(one("random-content").contentHtml ?? "")).toBeGreaterThan(CONTENT_MAX_BYTES - 100);
    } finally {
      store.close();
    }

    // The next poll finds every body unchanged: nothing is refetched whole, nothing fails.
    const second = await runScript("poll.ts", ["--json"], env, 90_000);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('"storageError":null');
    expect(lastLine(second.stdout)).toMatchObject({
      notModified: IDS.length + 1,
      failed: 0,
      itemsNew: 0,
      itemsUpdated: 0,
    });
  }, 200_000);
});

/**
 * The store itself, with one item made too large on its way in (its content replaced by 600 KB that does not
 * compress): the real guard refuses it, as it would an item the bounds let through.
 */
function refusing(store: Store, title: string): Store {
  return intercept(store, {
    "items.commit": (commit, change: ItemChange) =>
      commit(
        change.item.title === title ? { ...change, item: { ...change.item, contentHtml: random(600_000) } } : change,
      ),
  });
}

describe("an item the store refuses as too large", () => {
  it("fails its source with the reason; its sibling, other sources and the exit status are unaffected", async () => {
    const config: Config = validateConfig(configJson(["big-title"]));
    const store = refusing(await createTestStore(), "Sibling of big-title");
    const poll = () => runCycle({ config, store, fetcher: new Fetcher({ ...config.poll }) }, { mode: "all" });
    const result = await poll();
    expect(result.storageFailed).toBe(false);
    const report = result.reports.find((r) => r.id === "big-title");
    expect(report).toMatchObject({ outcome: "failed", status: "failing", new: 1 });
    expect(report?.error).toMatch(
      /^entry: item [A-Za-z0-9_-]{22} is \d+ bytes as stored, over the 409600-byte item limit$/,
    );
    expect(result.reports.find((r) => r.id === "good")).toMatchObject({ outcome: "fetched", status: "ok" });
    expect(result.summary).toMatchObject({ sources: 2, fetched: 1, failed: 1, itemsNew: 2 });

    const state = (await store.sources.states(["big-title"])).get("big-title") as SourceState;
    expect(state).toMatchObject({ status: "failing", lastError: report?.error, consecutiveErrors: 1 });
    // Its validators and hashes wait until all of its items are stored.
    expect(state.bodyHash).toBeNull();
    expect(state.etag).toBeNull();
    const titles = (await allItems(store, sourceList("big-title"))).map((i) => i.title);
    expect(titles).toEqual([`${"W".repeat(TITLE_MAX - 1)}…`]);

    // Polled again, it fails again for the same reason, and what was stored is not written twice.
    const again = await poll();
    expect(again.storageFailed).toBe(false);
    expect(again.reports.find((r) => r.id === "big-title")).toMatchObject({ outcome: "failed", new: 0, unchanged: 1 });
    const next = (await store.sources.states(["big-title"])).get("big-title") as SourceState;
    expect(next).toMatchObject({ status: "failing", consecutiveErrors: 2 });
  }, 60_000);
});
