/**
 * The order the merge relies on while it writes many things at once: every list's version moves and every
 * undated article's first-seen mark is written before any item commits, and a failure stops the merge with
 * nothing of it still in flight, the next poll bringing in every item.
 */
import { validateConfig } from "@tributary/core/config";
import type { Article } from "@tributary/core/item";
import { mergeItems } from "@tributary/core/poll/merge.ts";
import { decodeList, type ItemChange, type ListKey, type Store, searchText, topicList } from "@tributary/core/store";
import { membership } from "@tributary/core/topics";
import { describe, expect, it } from "vitest";
import { createTestStore, intercept } from "../helpers/store.ts";

const NOW = new Date("2026-11-26T12:00:00.000Z");

const config = validateConfig({
  title: "Order",
  sources: ["s1", "s2"].map((id) => ({ id, url: `https://example.org/${id}.rss` })),
  topics: [
    { slug: "all", title: "All", sources: ["*"] },
    { slug: "war", title: "War", sources: ["s1"], include: ["ukraine"] },
  ],
});

/** Article `n`; every third is undated (readFeed dated it by the poll's time). */
function article(n: number): Article {
  const publishedAt = n % 3 === 0 ? NOW.toISOString() : new Date(Date.UTC(2026, 10, 20, n % 24, n)).toISOString();
  return {
    id: `article-${n}`,
    url: `https://example.org/a/${n}`,
    title: n % 2 ? `Ukraine story ${n}` : `Other story ${n}`,
    summary: `Summary ${n}`,
    contentHtml: `<p>Body ${n}</p>`,
    contentSource: "feed",
    author: null,
    categories: [],
    imageUrl: null,
    publishedAt,
    updatedAt: publishedAt,
    sources: [],
  };
}

const ITEMS = Array.from({ length: 40 }, (_, n) => article(n));

type Call = "lists.touch" | "items.markFirstSeen" | "items.commit";

/**
 * The store with its touches, marks and commits watched: what had completed when each commit started, how many
 * calls were in flight at most and when the merge settled; `fail` makes a call throw as a storage failure would.
 */
function watch(store: Store, fail: (call: Call, arg: unknown, n: number) => boolean = () => false) {
  const touched = new Set<ListKey>();
  const marked = new Set<string>();
  const commits: { change: ItemChange; touched: Set<ListKey>; marked: Set<string>; afterFailure: boolean }[] = [];
  const calls: Record<Call, number> = { "lists.touch": 0, "items.markFirstSeen": 0, "items.commit": 0 };
  const lost: string[] = [];
  let inFlight = 0;
  let maxBeforeCommits = 0;
  let failed = false;
  const watching =
    (key: Call) =>
    async (original: (...args: unknown[]) => Promise<unknown>, ...args: unknown[]) => {
      const n = ++calls[key];
      if (key === "items.commit") {
        const change = args[0] as ItemChange;
        commits.push({ change, touched: new Set(touched), marked: new Set(marked), afterFailure: failed });
      }
      inFlight++;
      if (commits.length === 0) maxBeforeCommits = Math.max(maxBeforeCommits, inFlight);
      try {
        if (fail(key, args[0], n)) {
          failed = true;
          throw new Error(`${key} failed`);
        }
        const result = await original(...args);
        if (key === "lists.touch") touched.add(args[0] as ListKey);
        if (key === "items.markFirstSeen") marked.add(args[0] as string);
        if (key === "items.commit" && result === false) lost.push((args[0] as ItemChange).item.id);
        return result;
      } finally {
        inFlight--;
      }
    };
  const watched = intercept(store, {
    "lists.touch": watching("lists.touch"),
    "items.markFirstSeen": watching("items.markFirstSeen"),
    "items.commit": watching("items.commit"),
  });
  return {
    store: watched,
    commits,
    calls,
    lost,
    get inFlight() {
      return inFlight;
    },
    get maxBeforeCommits() {
      return maxBeforeCommits;
    },
  };
}

/** Fails unless every list holds exactly the stored items the configuration puts in it, with their own text. */
async function expectListsHold(store: Store, items: Article[]) {
  const stored = await store.items.getMany(items.map((i) => i.id));
  expect(stored.size).toBe(items.length);
  for (const list of [...config.sources.map((s) => `s:${s.id}` as const), "t:all" as const, "t:war" as const]) {
    const rows = (await store.lists.rows(list)).map((r) => `${r.sk} ${r.search}`).sort();
    const expected = [...stored.values()]
      .filter((item) => membership(config).listsOf(item).includes(list))
      .map((item) => `${item.publishedAt}#${item.id} ${searchText(item)}`)
      .sort();
    expect(rows, list).toEqual(expected);
  }
}

describe("the merge's order of writes", () => {
  it("moves every list's version and marks every undated article before any item commits", async () => {
    const store = await createTestStore();
    const w = watch(store);
    const result = await mergeItems(w.store, config, "s1", ITEMS, NOW);
    expect([...result.outcomes.values()].every((o) => o === "new")).toBe(true);
    expect(w.commits).toHaveLength(ITEMS.length);
    for (const { change, touched, marked } of w.commits) {
      // A topic's story entries (`e:<slug>`) are served under the topic's own version.
      const versionOf = (list: ListKey) =>
        decodeList(list).kind === "entries" ? topicList(decodeList(list).id) : list;
      for (const list of [...change.put, ...change.remove]) expect(touched.has(versionOf(list)), list).toBe(true);
      if (change.item.publishedAt === NOW.toISOString()) expect(marked.has(change.item.id)).toBe(true);
    }
    expect(w.calls["items.markFirstSeen"]).toBe(ITEMS.filter((_, n) => n % 3 === 0).length);
    // The three lists and fourteen marks are written at once, not one after another.
    expect(w.maxBeforeCommits).toBe(w.calls["lists.touch"] + w.calls["items.markFirstSeen"]);
    await expectListsHold(store, ITEMS);
    store.close();
  });

  it("commits nothing when a list's version cannot move, and leaves nothing in flight", async () => {
    const store = await createTestStore();
    const w = watch(store, (call, list) => call === "lists.touch" && list === "t:war");
    await expect(mergeItems(w.store, config, "s1", ITEMS, NOW)).rejects.toThrow("lists.touch failed");
    expect(w.inFlight).toBe(0);
    expect(w.calls["items.commit"]).toBe(0);
    expect((await store.items.getMany(ITEMS.map((i) => i.id))).size).toBe(0);
    // The next poll stores every item, at the dates the failed poll marked.
    await mergeItems(store, config, "s1", ITEMS, new Date(NOW.getTime() + 600_000));
    await expectListsHold(store, ITEMS);
    expect((await store.items.get(ITEMS[0]?.id as string))?.publishedAt).toBe(NOW.toISOString());
    store.close();
  });

  it("starts no commit after one fails, throws once those in flight have settled, and the next poll redoes it", async () => {
    const store = await createTestStore();
    const w = watch(store, (call, _, n) => call === "items.commit" && n === 20);
    await expect(mergeItems(w.store, config, "s1", ITEMS, NOW)).rejects.toThrow("items.commit failed");
    expect(w.inFlight).toBe(0);
    expect(w.commits.filter((c) => c.afterFailure)).toEqual([]);
    expect(w.calls["items.commit"]).toBeLessThan(ITEMS.length);
    await mergeItems(store, config, "s1", ITEMS, new Date(NOW.getTime() + 600_000));
    await expectListsHold(store, ITEMS);
    store.close();
  });

  it("two sections carrying the same articles, merged at once in one process, do not race each other", async () => {
    const store = await createTestStore();
    const w = watch(store);
    const [one, two] = await Promise.all([
      mergeItems(w.store, config, "s1", ITEMS, NOW),
      mergeItems(w.store, config, "s2", ITEMS, NOW),
    ]);
    expect(w.lost).toEqual([]);
    expect(w.calls["items.commit"]).toBe(ITEMS.length * 2);
    const stored = await store.items.getMany(ITEMS.map((i) => i.id));
    expect([...stored.values()].every((item) => item.sources.length === 2)).toBe(true);
    for (const item of ITEMS) expect([one.outcomes.get(item.id), two.outcomes.get(item.id)]).toContain("new");
    await expectListsHold(store, ITEMS);
    store.close();
  });
});
