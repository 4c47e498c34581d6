/**
 * Interleavings of two polls that timing rarely produces, forced by holding one of them at a chosen request:
 * a poll that loses the race for an article, and a topic rebuild (every cycle on a fresh table does one)
 * running while another poll stores items. Afterwards every row of every list must be the stored item, and
 * every list must hold exactly the items the configuration puts in it.
 */

import { validateConfig } from "@tributary/core/config";
import type { Article } from "@tributary/core/item";
import { mergeItems } from "@tributary/core/poll/merge.ts";
import { syncSources, syncTopics } from "@tributary/core/poll/sync.ts";
import { openStore, pendingState, type Store, searchText } from "@tributary/core/store";
import { membership } from "@tributary/core/topics";
import { describe, expect, it } from "vitest";
import { createTestStore, engineEndpoint, intercept, type StoreCall } from "../helpers/store.ts";

const NOW = new Date("2026-11-26T12:00:00.000Z");

const config = validateConfig({
  title: "Races",
  sources: ["s1", "s2"].map((id) => ({ id, url: `https://example.org/${id}.rss` })),
  topics: [
    { slug: "all", title: "All", sources: ["*"] },
    { slug: "two", title: "Only s2", sources: ["s2"] },
  ],
});

function article(n: number, over: Partial<Article> = {}): Article {
  const publishedAt = new Date(Date.UTC(2026, 10, 20, n)).toISOString();
  return {
    id: `article-${n}`,
    url: `https://example.org/a/${n}`,
    title: `Story ${n}`,
    summary: `Summary ${n}`,
    contentHtml: `<p>Body ${n}</p>`,
    contentSource: "feed",
    author: null,
    categories: [],
    imageUrl: null,
    publishedAt,
    updatedAt: publishedAt,
    sources: [],
    ...over,
  };
}

/**
 * The store with one method held: its `nth` call (1-based) whose first argument passes `match` waits, before
 * (`when: "before"`) or after (`"after"`) it runs, until `release()`; `reached` resolves when it gets there.
 */
function hold(store: Store, method: StoreCall, match: (arg: unknown) => boolean, when: "before" | "after") {
  let release: () => void = () => {};
  let arrived: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const reached = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  let held = false;
  const wrapped = intercept(store, {
    [method]: async (original: (...a: unknown[]) => Promise<unknown>, ...args: unknown[]) => {
      const first = !held && match(args[0]);
      if (first) held = true;
      if (first && when === "before") {
        arrived();
        await gate;
      }
      const result = await original(...args);
      if (first && when === "after") {
        arrived();
        await gate;
      }
      return result;
    },
  });
  return { store: wrapped, reached, release };
}

/**
 * Fails unless every list holds exactly the stored items the configuration puts in it, each row at the item's
 * sort key with the item's own search text (no older text left by a poll that lost a race).
 */
async function expectRowsFollowItems(store: Store, ids: string[]) {
  const items = await store.items.getMany(ids);
  const lists = [
    ...config.sources.map((s) => `s:${s.id}` as const),
    ...config.topics.map((t) => `t:${t.slug}` as const),
  ];
  for (const list of lists) {
    const rows = await store.lists.rows(list);
    const expected = [...items.values()]
      .filter((item) => membership(config).listsOf(item).includes(list))
      .map((item) => ({
        sk: `${item.publishedAt}#${item.id}`,
        id: item.id,
        publishedAt: item.publishedAt,
        search: searchText(item),
        // Rows name their item's story (an item stored before stories names none).
        ...(item.story ? { story: item.story } : {}),
      }));
    const bySk = (a: { sk: string }, b: { sk: string }) => a.sk.localeCompare(b.sk);
    expect([...rows].sort(bySk), `rows of ${list}`).toEqual(expected.sort(bySk));
  }
}

describe("races between two polls", () => {
  it("a poll that read an article as new and lost the race to create it leaves no older copy in its rows", async () => {
    const one = await createTestStore();
    const two = await openStore({ endpoint: engineEndpoint(), tableName: one.table, retentionDays: 90 });
    const x = article(1);
    // The first poll of s1 reads the article as absent, then waits.
    const slow = hold(one, "items.readForMerge", () => true, "after");
    const late = mergeItems(slow.store, config, "s1", [x], NOW);
    await slow.reached;
    // Meanwhile another poll stores it from s1 and from s2.
    await mergeItems(two, config, "s1", [x], NOW);
    await mergeItems(two, config, "s2", [x], NOW);
    slow.release();
    await late;
    expect((await one.items.get(x.id))?.sources.sort()).toEqual(["s1", "s2"]);
    await expectRowsFollowItems(one, [x.id]);
    two.close();
    one.close();
  });

  it("a poll holding an older copy that loses the race keeps the newer copy in every row", async () => {
    const one = await createTestStore();
    const two = await openStore({ endpoint: engineEndpoint(), tableName: one.table, retentionDays: 90 });
    const x = article(2);
    await mergeItems(one, config, "s1", [x], NOW);
    const slow = hold(one, "items.readForMerge", () => true, "after");
    const late = mergeItems(slow.store, config, "s2", [x], NOW);
    await slow.reached;
    // While the slow poll holds the article without s2, s1 edits it, seen later.
    await mergeItems(two, config, "s1", [{ ...x, title: "Story 2, corrected" }], new Date(NOW.getTime() + 60_000));
    await mergeItems(two, config, "s2", [x], new Date(NOW.getTime() + 60_000));
    slow.release();
    await late;
    expect((await one.items.get(x.id))?.title).toBe("Story 2, corrected");
    await expectRowsFollowItems(one, [x.id]);
    two.close();
    one.close();
  });

  it("a topic rebuild that read the sources before another poll stored an article keeps its topic row", async () => {
    const one = await createTestStore();
    const two = await openStore({ endpoint: engineEndpoint(), tableName: one.table, retentionDays: 90 });
    for (const source of config.sources) await one.sources.save(pendingState(source.id, source.url, NOW));
    // The cycle's rebuild of a new table's topics reads the source lists, then waits before the topic list.
    const slow = hold(one, "lists.rows", (list) => String(list).startsWith("t:"), "before");
    const rebuild = syncTopics(slow.store, config, NOW);
    await slow.reached;
    const x = article(3);
    await mergeItems(two, config, "s1", [x], NOW);
    await mergeItems(two, config, "s2", [x], NOW);
    slow.release();
    await rebuild;
    await expectRowsFollowItems(one, [x.id]);
    two.close();
    one.close();
  });

  it("a cycle that finds no state for a source does not overwrite the state another poll just saved", async () => {
    const one = await createTestStore();
    const saved = { ...pendingState("s1", "https://example.org/s1.rss", NOW), status: "ok" as const, etag: '"v1"' };
    const slow = hold(one, "sources.states", () => true, "after");
    const sync = syncSources(slow.store, config, NOW);
    await slow.reached;
    await one.sources.save(saved);
    slow.release();
    const states = await sync;
    expect(states.get("s1")).toMatchObject({ status: "ok", etag: '"v1"' });
    expect((await one.sources.states(["s1"])).get("s1")).toMatchObject({ status: "ok", etag: '"v1"' });
    one.close();
  });
});
