/**
 * A cycle's grouping through the poll gives the stories of the grouping function itself: its new items taken one
 * after another in `publishedAt`, then id, order (`groupItems` over the in-memory index), though the poll decides
 * them from what the cycle read or wrote and writes them several at once. On DynamoDB Local, 16 publishers (each its
 * own host) carrying reports of a dozen events worded apart, some copies in several publishers' feeds.
 */
import { type Config, validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { htmlToText } from "@tributary/core/normalize";
import { runCycle } from "@tributary/core/poll";
import { type StoredItem, sourceList } from "@tributary/core/store";
import { groupItems, MemoryStoryIndex } from "@tributary/core/stories";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FixtureEntry, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { seededRandom as seeded } from "../helpers/fault-proxy.ts";
import { createTestStore } from "../helpers/store.ts";

type Publisher = Awaited<ReturnType<typeof startPublisher>>;

let publisher: Publisher;

beforeEach(async () => {
  publisher = await startPublisher();
});
afterEach(async () => {
  await publisher.close();
});

const HOUR = 3_600_000;
const NOW = new Date(Math.floor(Date.now() / HOUR) * HOUR);
const PUBLISHERS = 16;

const EVENTS = [
  "senate passes budget bill after marathon overnight session",
  "central bank raises interest rates to curb stubborn inflation",
  "earthquake strikes coastal region leaving thousands without power",
  "tech giant unveils folding smartphone with longer battery",
  "striking dockworkers reach agreement ending week long walkout",
  "wildfire forces evacuation of mountain villages near reservoir",
  "football club sacks manager after fifth straight defeat",
  "researchers report breakthrough in solid state battery chemistry",
  "airline grounds fleet after software glitch delays flights",
  "museum returns looted bronze sculptures to their homeland",
  "pharmaceutical firm recalls blood pressure tablets over impurity",
  "city council approves congestion charge for downtown drivers",
];
const FILLER = "today officials said report update latest news analysis live sources confirm watch".split(" ");

/** Each publisher's feed: reports of the events in words of their own, a few of them copies carried by two feeds. */
function feeds(random: () => number): FixtureEntry[][] {
  const out: FixtureEntry[][] = Array.from({ length: PUBLISHERS }, () => []);
  for (let p = 0; p < PUBLISHERS; p++) {
    for (let k = 0; k < 9; k++) {
      const event = (EVENTS[Math.floor(random() * EVENTS.length)] as string).split(" ");
      const words = event.filter(() => random() < 0.7);
      for (let f = 0; f < 2; f++)
        words.splice(Math.floor(random() * words.length), 0, FILLER[Math.floor(random() * FILLER.length)] as string);
      const entry: FixtureEntry = {
        title: words.join(" "),
        link: `https://www.outlet-${p}.example/story-${k}`,
        pubDate: new Date(NOW.getTime() - Math.floor(random() * 60) * HOUR).toUTCString(),
        description: event.filter(() => random() < 0.5).join(" "),
      };
      out[p]?.push(entry);
      // Now and then another outlet's section carries the same article.
      if (random() < 0.15) out[(p + 1 + Math.floor(random() * (PUBLISHERS - 1))) % PUBLISHERS]?.push(entry);
    }
  }
  return out;
}

function configOf(): Config {
  return validateConfig({
    title: "Events",
    sources: Array.from({ length: PUBLISHERS }, (_, p) => ({ id: `p${p}`, url: `${publisher.url}/feeds/p${p}.rss` })),
    topics: [{ slug: "news", title: "News", sources: ["*"] }],
    retentionDays: 7,
  });
}

/** The cycle's stored items, read through the sources' lists. */
async function storedItems(table: Awaited<ReturnType<typeof createTestStore>>, config: Config): Promise<StoredItem[]> {
  const ids = new Set<string>();
  for (const source of config.sources) for (const row of await table.lists.rows(sourceList(source.id))) ids.add(row.id);
  return [...(await table.items.getMany([...ids])).values()] as StoredItem[];
}

/** Serves each publisher's feed of the seed's entries. */
function publish(seed: number): void {
  for (const [p, items] of feeds(seeded(seed)).entries()) {
    publisher.set(`/feeds/p${p}.rss`, {
      body: rss({ title: `Outlet ${p}`, items }),
      contentType: "application/rss+xml",
    });
  }
}

const asInput = (item: StoredItem) => ({ ...item, contentText: htmlToText(item.contentHtml) });

describe("a cycle's stories", () => {
  it("are the grouping function's, in publishedAt then id order, however the cycle reads and writes them", async () => {
    for (const seed of [1, 2]) {
      const table = await createTestStore({ retentionDays: 7 });
      try {
        publish(seed);
        const config = configOf();
        const result = await runCycle(
          { config, store: table, fetcher: new Fetcher({ ...config.poll }), now: () => NOW },
          { mode: "all" },
        );
        expect(result.storageFailed).toBe(false);
        const items = await storedItems(table, config);
        expect(items.length).toBeGreaterThan(120);
        const placements = await groupItems(new MemoryStoryIndex(), items.map(asInput));
        const expected = new Map(placements.map((p) => [p.item, p.story]));
        const stories = new Map(items.map((item) => [item.id, item.story]));
        expect(stories).toEqual(expected);
        // Grouping joined items across publishers, not only started stories.
        expect(new Set(expected.values()).size).toBeLessThan(items.length * 0.6);
      } finally {
        table.close();
      }
    }
  }, 120_000);

  it("are grouped wave by wave when the cycle has more sources than a wave, later waves joining earlier stories", async () => {
    const table = await createTestStore({ retentionDays: 7 });
    try {
      publish(3);
      const config = configOf();
      const WAVE = 5;
      const reports: string[] = [];
      const result = await runCycle(
        {
          config,
          store: table,
          fetcher: new Fetcher({ ...config.poll }),
          now: () => NOW,
          waveSources: WAVE,
          onSource: (report) => reports.push(report.id),
        },
        { mode: "all" },
      );
      expect(result.storageFailed).toBe(false);
      expect(result.summary.itemsNew).toBeGreaterThan(120);
      // Each wave's sources finish before the next wave's start.
      const waveOf = (sourceId: string) => Math.floor(Number(sourceId.slice(1)) / WAVE);
      expect(reports.map(waveOf)).toEqual([...reports.map(waveOf)].sort((a, b) => a - b));
      // An item is stored by the first wave holding one of its sources, grouped in that wave's order.
      const items = await storedItems(table, config);
      const itemWave = (item: StoredItem) => Math.min(...item.sources.map(waveOf));
      const index = new MemoryStoryIndex();
      const expected = new Map<string, string>();
      for (let wave = 0; wave * WAVE < PUBLISHERS; wave++) {
        const placements = await groupItems(index, items.filter((item) => itemWave(item) === wave).map(asInput));
        for (const p of placements) expected.set(p.item, p.story);
      }
      expect(new Map(items.map((item) => [item.id, item.story]))).toEqual(expected);
      // Stories started in one wave gained items of later waves.
      const joinedLater = items.filter((item) => {
        const first = items.find((other) => other.id === item.story);
        return first !== undefined && itemWave(first) < itemWave(item);
      });
      expect(joinedLater.length).toBeGreaterThan(0);
    } finally {
      table.close();
    }
  }, 120_000);
});
