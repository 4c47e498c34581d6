import type { Item } from "@tributary/core/item";
import { topicList } from "@tributary/core/store";
import { beforeAll, describe, expect, it } from "vitest";
import { makeItem, NOW, seed, setup } from "./fixtures.ts";

const ORIGINALS = Array.from({ length: 500 }, (_, n) => makeItem(n, 1 + n * 2 + (n % 7) / 10));
const expectedOrder = [...ORIGINALS]
  .sort((a, b) => (`${b.publishedAt}#${b.id}` > `${a.publishedAt}#${a.id}` ? 1 : -1))
  .map((item) => item.id);

describe("walking 500 items 7 at a time", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    ctx = await setup();
    await seed(ctx.store, "world", ORIGINALS);
  });

  it("sees each item exactly once, newest first, through the API", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const body = await (await ctx.get(`/api/topics/world/items?limit=7${query}`)).json();
      expect(body.items.length).toBeLessThanOrEqual(7);
      seen.push(...body.items.map((item: Item) => item.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(500 / 7));
    expect(seen).toEqual(expectedOrder);
  });

  it("sees each item exactly once through the JSON Feed's next_url", async () => {
    const seen: string[] = [];
    let next: string | undefined = "http://localhost/feeds/world.json?limit=7";
    while (next) {
      const url: URL = new URL(next);
      const feed = JSON.parse(await (await ctx.get(url.pathname + url.search)).text());
      seen.push(...feed.items.map((item: { id: string }) => item.id));
      next = feed.next_url;
    }
    expect(seen).toEqual(expectedOrder);
  });
});

describe("walking while items are inserted", () => {
  it("neither repeats nor skips an item of the original set", async () => {
    const { store, get } = await setup();
    await seed(store, "world", ORIGINALS);
    const seen: string[] = [];
    let cursor: string | null = null;
    let page = 0;
    let inserted = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const body = await (await get(`/api/topics/world/items?limit=7${query}`)).json();
      seen.push(...body.items.map((item: Item) => item.id));
      cursor = body.nextCursor;
      page++;
      if (page % 10 === 0) {
        // Newer than everything, older than the current page, and tied with the last item seen.
        const last = body.items[body.items.length - 1] as Item;
        const lastHours = (NOW.getTime() - Date.parse(last.publishedAt)) / 3_600_000;
        const fresh = [
          makeItem(10_000 + inserted, 0.01),
          makeItem(10_001 + inserted, lastHours + 0.3),
          makeItem(10_002 + inserted, lastHours + 500),
          { ...makeItem(10_003 + inserted, 0), publishedAt: last.publishedAt, id: `${last.id}-tie` },
        ];
        inserted += 4;
        await store.lists.putRows(topicList("world"), fresh);
        await store.lists.touch(topicList("world"), new Date(NOW.getTime() + page * 1000));
      }
    } while (cursor);
    expect(inserted).toBeGreaterThan(20);
    expect(new Set(seen).size).toBe(seen.length);
    const originals = new Set(ORIGINALS.map((item) => item.id));
    expect(seen.filter((id) => originals.has(id))).toEqual(expectedOrder);
  });
});
