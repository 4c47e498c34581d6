/**
 * Poll runs at the same time over one store and one publisher — cycles in one process and `npm run poll`
 * processes — create no duplicates, lose nothing, never revert an edit, and group every copy of a story once.
 */
import { randomUUID } from "node:crypto";
import { type Config, validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import type { Item } from "@tributary/core/item";
import { runCycle } from "@tributary/core/poll";
import { openStore, type Store } from "@tributary/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { type FixtureEntry, pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { runScript, writeConfig } from "../helpers/cli.ts";
import { engineEndpoint } from "../helpers/store.ts";
import { BASE, compare, type Snapshot, snapshot } from "./harness.ts";

type Publisher = Awaited<ReturnType<typeof startPublisher>>;

let publisher: Publisher;
let config: Config;
let reference: Snapshot;

const SOURCES = ["s1", "s2", "s3", "s4", "s5", "s6"];

/** Every section shares 20 articles (each with its own tracking parameters and headline) and has 3 of its own. */
function sectionItems(section: string, headline: (n: number) => string = (n) => `Article ${n}`): FixtureEntry[] {
  const shared = Array.from({ length: 20 }, (_, n) => ({
    title: headline(n),
    link: `https://news.example/article-${n}/?utm_medium=${section}`,
    pubDate: pubDate(n, BASE),
    description: `Summary ${n}`,
    categories: n % 3 ? ["ukraine"] : [],
  }));
  const own = Array.from({ length: 3 }, (_, n) => ({
    title: `${section} only ${n}`,
    link: `https://news.example/${section}/${n}/`,
    pubDate: pubDate(40 + n, BASE),
  }));
  return [...shared, ...own];
}

function publish(headlines: Record<string, (n: number) => string> = {}) {
  for (const section of SOURCES) {
    publisher.set(`/${section}.rss`, {
      body: rss({ title: section, items: sectionItems(section, headlines[section]) }),
      contentType: "application/rss+xml",
    });
  }
}

const idsOf = (snap: Snapshot) => snap.items.map((item) => (JSON.parse(item) as string[])[0]).sort();
const newTable = () => `con-${randomUUID()}`;
const open = (tableName: string) =>
  openStore({ endpoint: engineEndpoint(), tableName, retentionDays: 90, createTable: true });
const cycle = (store: Store) => runCycle({ config, store, fetcher: new Fetcher({ ...config.poll }) }, { mode: "all" });

beforeAll(async () => {
  publisher = await startPublisher();
  config = validateConfig({
    title: "Concurrency",
    sources: SOURCES.map((id) => ({ id, url: `${publisher.url}/${id}.rss`, title: id })),
    topics: [
      { slug: "all", title: "All", sources: ["*"] },
      { slug: "ukraine", title: "Ukraine", sources: ["s1", "s2", "s3"], include: ["ukraine"] },
    ],
  });
  publish();
  const table = newTable();
  const store = await open(table);
  await cycle(store);
  reference = await snapshot(table);
  expect(reference.items).toHaveLength(20 + 3 * SOURCES.length);
  store.close();
}, 120_000);
afterAll(() => publisher.close());

describe("concurrent polls", () => {
  it("four cycles at once over one store: no duplicates, nothing lost", async () => {
    publish();
    const table = newTable();
    const stores = await Promise.all([1, 2, 3, 4].map(() => open(table)));
    const results = await Promise.all(stores.map((store) => cycle(store)));
    for (const result of results) expect(result.storageFailed).toBe(false);
    const actual = await snapshot(table);
    expect(compare(actual, reference)).toEqual({ lost: 0, duplicated: 0, twice: [] });
    expect(actual).toEqual(reference);
    // Every article was new to exactly one of them.
    const news = results.reduce((sum, r) => sum + r.summary.itemsNew, 0);
    expect(news).toBe(reference.items.length);
    for (const store of stores) store.close();
  }, 180_000);

  it("edits made between rounds of two concurrent cycles are kept, never reverted", async () => {
    publish();
    const table = newTable();
    const [one, two] = [await open(table), await open(table)];
    await cycle(one);
    for (let round = 1; round <= 4; round++) {
      // s1 edits a quarter of the shared headlines each round (and undoes the last round's); the others keep theirs.
      const headline = (n: number) => (n % 4 === round % 4 ? `Article ${n}, edit ${round}` : `Article ${n}`);
      publish({ s1: headline });
      const results = await Promise.all([cycle(one), cycle(two)]);
      for (const result of results) expect(result.storageFailed).toBe(false);
      const rows = (await one.lists.page("s:s1", { limit: 200, cutoff: "2000" })).items;
      const items = await one.items.getMany(rows.map((i) => i.id));
      for (const item of items.values()) {
        const n = Number(/^Article (\d+)/.exec(item.title ?? "")?.[1] ?? "-1");
        if (n < 0) continue;
        expect(item.title, `round ${round}`).toBe(headline(n));
        expect([...item.sources].sort()).toEqual([...SOURCES].sort());
      }
      for (const row of rows)
        expect(row.title, `round ${round}: the row shows the item`).toBe(items.get(row.id)?.title);
      const actual = await snapshot(table);
      expect(idsOf(actual)).toEqual(idsOf(reference));
      expect(compare(actual, reference).twice).toEqual([]);
    }
    one.close();
    two.close();
  }, 180_000);

  it("a slow poll holding an older copy does not revert an edit a faster poll stored", async () => {
    publish();
    const table = newTable();
    const [slow, fast] = [await open(table), await open(table)];
    await cycle(slow);
    // The slow poll fetches s1 before the edit and gets its answer late; the fast one fetches after it.
    const before = rss({ title: "s1", items: sectionItems("s1") });
    const after = rss({
      title: "s1",
      items: sectionItems("s1", (n) => (n === 0 ? "Article 0, corrected" : `Article ${n}`)),
    });
    publisher.set("/s1.rss", { body: `${before}\n<!-- v2 -->`, contentType: "application/rss+xml", delayMs: 1500 });
    const slowPoll = runCycle(
      { config, store: slow, fetcher: new Fetcher({ ...config.poll }) },
      { mode: "ids", ids: ["s1"] },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    publisher.set("/s1.rss", { body: after, contentType: "application/rss+xml" });
    const fastResult = await cycle(fast);
    expect(fastResult.summary.itemsUpdated).toBe(1);
    await slowPoll;
    const id =
      (await fast.lists.page("s:s1", { limit: 200, cutoff: "2000" })).items.find((i) =>
        i.title?.startsWith("Article 0"),
      )?.id ?? "";
    expect((await fast.items.get(id))?.title).toBe("Article 0, corrected");
    slow.close();
    fast.close();
  }, 180_000);

  it("two `npm run poll` processes at once on the same table: no duplicates, nothing lost", async () => {
    publish();
    const table = newTable();
    const env = { TRIBUTARY_CONFIG: writeConfig(config), DYNAMODB_ENDPOINT: engineEndpoint(), TABLE_NAME: table };
    const runs = await Promise.all([runScript("poll.ts", ["--json"], env), runScript("poll.ts", ["--json"], env)]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const summaries = runs.map((run) => JSON.parse(run.stdout.trim().split("\n").at(-1) as string));
    for (const summary of summaries) expect(summary.failed).toBe(0);
    expect(summaries[0].itemsNew + summaries[1].itemsNew).toBe(reference.items.length);
    const actual = await snapshot(table);
    expect(compare(actual, reference)).toEqual({ lost: 0, duplicated: 0, twice: [] });
    expect(actual).toEqual(reference);
  }, 180_000);

  it("three `npm run poll` processes over overlapping sources: each story once, its entry current", async () => {
    // Two publishers (two hosts) carry the same three stories; one process polls both, the others one each, so each
    // finds items another process stored and is still grouping.
    const headlines = [
      "Men's Wearhouse agrees to buy Jos. A. Bank for $1.8 billion",
      "Malaysia Airlines flight MH370 search widens to Indian Ocean",
      "Crimea parliament votes to join Russia ahead of referendum",
    ];
    for (const site of ["a", "b"]) {
      publisher.set(`/wire-${site}.rss`, {
        body: rss({
          title: site,
          items: headlines.map((title, n) => ({
            title,
            link: `https://www.${site}-news.example/story-${n}`,
            pubDate: new Date(Date.now() - (n + 1) * 3_600_000).toUTCString(),
            description: `${title}. The report ${n}.`,
          })),
        }),
        contentType: "application/rss+xml",
      });
    }
    const wire = validateConfig({
      title: "Wire",
      sources: ["a", "b"].map((id) => ({ id, url: `${publisher.url}/wire-${id}.rss`, title: `Site ${id}` })),
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    });
    const table = newTable();
    const store = await open(table);
    const env = { TRIBUTARY_CONFIG: writeConfig(wire), DYNAMODB_ENDPOINT: engineEndpoint(), TABLE_NAME: table };
    const runs = await Promise.all(
      [["a", "b"], ["b"], ["a"]].map((ids) => runScript("poll.ts", ["--json", "--source", ...ids], env)),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const app = createApp({ config: wire, store });
    const read = async (path: string) => ((await (await app.request(path)).json()) as { items: Item[] }).items;
    const items = await read("/api/topics/all/items?group=none");
    expect(items).toHaveLength(6);
    expect(items.map((item) => item.story.size)).toEqual([2, 2, 2, 2, 2, 2]);
    const stories = new Set(items.map((item) => item.story.id));
    expect(stories.size).toBe(3);
    const entries = await read("/api/topics/all/items");
    expect(entries.map((entry) => [entry.story.size, entry.story.others?.length])).toEqual([
      [2, 1],
      [2, 1],
      [2, 1],
    ]);
    for (const id of stories) expect(await read(`/api/stories/${id}`)).toHaveLength(2);
    store.close();
  }, 180_000);
});
