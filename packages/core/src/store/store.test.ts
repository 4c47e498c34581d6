import { describe, expect, it } from "vitest";
import { createTestStore, type EngineName } from "../../../../tests/helpers/store.ts";
import type { Article } from "../item.ts";
import { listFilter } from "../terms/index.ts";
import { encodeCursor, InvalidCursorError } from "./cursor.ts";
import { pendingState, type StoredItem } from "./records.ts";

function item(n: number, publishedAt: string): Article {
  return {
    id: `id${String(n).padStart(4, "0")}`,
    url: `https://example.org/${n}`,
    title: `Title ${n}`,
    summary: n % 2 ? "odd one" : "even one",
    contentHtml: null,
    contentSource: "feed",
    author: null,
    categories: [],
    imageUrl: null,
    publishedAt,
    updatedAt: publishedAt,
    sources: ["a"],
  };
}

const stored = (i: Article): StoredItem => ({ ...i, copies: { a: "h" }, rev: 1, firstSeenAt: i.publishedAt });
type TestStore = Awaited<ReturnType<typeof createTestStore>>;

/** Stores items and their rows in `list`: rows point to items, which pages read. */
async function seed(store: TestStore, list: "t:x" | "t:f", items: Article[]) {
  for (const i of items) await store.items.create(stored(i));
  await store.lists.putRows(list, items.map(stored));
}
const engines: EngineName[] = ["dynamodb-local", "dynalite"];

describe.each(engines)("Store on %s", (engine) => {
  it("creates an item once and replaces it only at the expected revision", async () => {
    const store = await createTestStore({ engine });
    const first = stored(item(1, "2026-11-01T00:00:00.000Z"));
    expect(await store.items.create(first)).toBe(true);
    expect(await store.items.create(first)).toBe(false);
    expect(await store.items.replace({ ...first, title: "New", rev: 2 }, 1)).toBe(true);
    expect(await store.items.replace({ ...first, title: "Lost", rev: 2 }, 1)).toBe(false);
    expect((await store.items.get(first.id))?.title).toBe("New");
    expect([...(await store.items.getMany([first.id, "missing"])).keys()]).toEqual([first.id]);
  });

  it("keeps a story entry's card mark: a writer that read no card does not take it away", async () => {
    const store = await createTestStore({ engine });
    const entry = { ...stored(item(1, "2026-11-01T00:00:00.000Z")), story: "id0001" };
    const place = { list: "e:x" as const, id: entry.id, sk: `${entry.publishedAt}#${entry.id}` };
    const cardOf = async () => (await store.lists.rowsAt([place])).get(`e:x ${place.sk}`)?.card;
    expect(await store.lists.setRow("e:x", place, entry, true)).toBe(true);
    expect(await cardOf()).toBe(false);
    expect(await store.lists.setRow("e:x", place, entry, true, { storyCard: true })).toBe(true);
    // Another poll read the story before its card was written, and writes the entry's row after it.
    expect(await store.lists.setRow("e:x", place, { ...entry, title: "Edited", rev: 2 }, true)).toBe(true);
    expect(await cardOf()).toBe(true);
    expect((await store.lists.rowsAt([place])).get(`e:x ${place.sk}`)?.search).toMatch(/^edited/);
    // A write older than the row's is refused either way.
    expect(await store.lists.setRow("e:x", place, { ...entry, rev: 1 }, true)).toBe(false);
  });

  it("pages a list newest first without overlap, within retention, after since", async () => {
    const store = await createTestStore({ engine });
    const items = Array.from({ length: 30 }, (_, n) =>
      item(n, new Date(Date.UTC(2026, 10, 1 + (n % 20), 12)).toISOString()),
    );
    await seed(store, "t:x", items);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.lists.page("t:x", { limit: 7, cursor, cutoff: "2026-01-01" });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    const expected = [...items]
      .sort((a, b) => (`${b.publishedAt}#${b.id}` > `${a.publishedAt}#${a.id}` ? 1 : -1))
      .map((i) => i.id);
    expect(seen).toEqual(expected);

    const recent = await store.lists.page("t:x", { limit: 50, cutoff: "2026-11-19T00:00:00.000Z" });
    expect(recent.items.every((i) => i.publishedAt >= "2026-11-19")).toBe(true);
    expect(recent.items.map((i) => i.id)).toEqual(["id0019", "id0018"]);
    const after = await store.lists.page("t:x", { limit: 50, cutoff: "2026-01-01", since: "2026-11-19T12:00:00.000Z" });
    expect(after.items.map((i) => i.publishedAt)).toEqual(["2026-11-20T12:00:00.000Z"]);
    const found = await store.lists.page("t:x", { limit: 50, cutoff: "2026-01-01", q: "ODD" });
    expect(found.items).toHaveLength(15);
  });

  it("dates a page by what it shows and by the newest row past the cutoff that no sweep has removed", async () => {
    const store = await createTestStore({ engine });
    await seed(
      store,
      "t:x",
      Array.from({ length: 20 }, (_, n) => item(n, new Date(Date.UTC(2026, 10, 1 + n, 12)).toISOString())),
    );
    // Two rows within retention, 18 past it: the page stops at the first of those, the newest.
    const last = await store.lists.page("t:x", { limit: 50, cutoff: "2026-11-19T00:00:00.000Z" });
    expect(last.items.map((i) => i.id)).toEqual(["id0019", "id0018"]);
    expect(last.dates).toEqual({ oldestKept: "2026-11-19T12:00:00.000Z", newestExpired: "2026-11-18T12:00:00.000Z" });
    // A full page counts the row after it (its next link), and reads nothing past the cutoff.
    const full = await store.lists.page("t:x", { limit: 1, cutoff: "2026-11-19T00:00:00.000Z" });
    expect(full.nextCursor).not.toBeNull();
    expect(full.dates).toEqual({ oldestKept: "2026-11-19T12:00:00.000Z", newestExpired: null });
    // `since` after the cutoff: nothing past the cutoff was ever on the page.
    const since = await store.lists.page("t:x", {
      limit: 50,
      cutoff: "2026-11-19T00:00:00.000Z",
      since: "2026-11-19T13:00:00.000Z",
    });
    expect(since.dates).toEqual({ oldestKept: "2026-11-20T12:00:00.000Z", newestExpired: null });
    // Every row past the cutoff, a page after them all, or none at all.
    expect((await store.lists.page("t:x", { limit: 5, cutoff: "2027-01-01" })).dates).toEqual({
      oldestKept: null,
      newestExpired: "2026-11-20T12:00:00.000Z",
    });
    expect((await store.lists.page("t:empty", { limit: 5, cutoff: "2026-01-01" })).dates).toEqual({
      oldestKept: null,
      newestExpired: null,
    });
  });

  it("keeps items matching a filter term, drops excluded ones, with q and since, paging exactly", async () => {
    const store = await createTestStore({ engine });
    const titles = ["Apple pie", "banana bread", "Cherry tart", "apple CRUMBLE", "plain toast"];
    const items = Array.from({ length: 40 }, (_, n) => ({
      ...item(n, new Date(Date.UTC(2026, 10, 1, n)).toISOString()),
      title: `${titles[n % 5]} ${n}`,
      summary: n % 4 === 0 ? "With Custard" : "plain",
    }));
    await seed(store, "t:f", items);
    const all = async (query: Omit<Parameters<typeof store.lists.page>[1], "cutoff" | "limit">) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await store.lists.page("t:f", { ...query, limit: 3, cursor, cutoff: "2026-01-01" });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      return seen;
    };
    const expected = (keep: (i: Article) => boolean) =>
      items
        .filter(keep)
        .map((i) => i.id)
        .reverse();
    const text = (i: Article) => `${i.title}\n${i.summary}`.toLowerCase();

    const words = (i: Article) => text(i).split(/\s+/);

    expect(await all({ filter: listFilter(["APPLE", "cherry"]) })).toEqual(
      expected((i) => words(i).includes("apple") || words(i).includes("cherry")),
    );
    expect(await all({ filter: listFilter(["custard"]) })).toEqual(expected((i) => text(i).includes("custard")));
    expect(await all({ filter: listFilter([], ["Apple", "TOAST"]) })).toEqual(
      expected((i) => !words(i).includes("apple") && !words(i).includes("toast")),
    );
    expect(await all({ q: "apple", filter: listFilter(["pie", "custard"], ["1"]) })).toEqual(
      expected(
        (i) =>
          text(i).includes("apple") &&
          (words(i).includes("pie") || words(i).includes("custard")) &&
          !words(i).includes("1"),
      ),
    );
    expect(await all({ filter: listFilter(["apple"]), since: "2026-11-01T20:00:00.000Z" })).toEqual(
      expected((i) => words(i).includes("apple") && i.publishedAt > "2026-11-01T20:00:00.000Z"),
    );
    // Words, not parts of words: "app" is in every apple, and "1" in 10–19 and 21, but no word is either.
    expect(await all({ filter: listFilter(["app"]) })).toEqual([]);
    expect(await all({ filter: listFilter(["no such thing"]) })).toEqual([]);
    expect(await all({ filter: null })).toHaveLength(40);
  });

  it("looks for terms through the whole list, 1,000 rows a page, and for q in the newest 1,000 only", async () => {
    const store = await createTestStore({ engine });
    // 1,100 items, one a minute; only the 5 oldest have the word.
    const items = Array.from({ length: 1100 }, (_, n) => ({
      ...item(n, new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString()),
      title: n < 5 ? `Archive ${n} zanzibar matters` : `Routine ${n}`,
    }));
    for (let at = 0; at < items.length; at += 50) {
      await Promise.all(items.slice(at, at + 50).map((i) => store.items.create(stored(i))));
    }
    await store.lists.putRows("t:x", items.map(stored));
    const firstDates: unknown[] = [];
    const pages = async (query: { filter?: ReturnType<typeof listFilter>; q?: string }) => {
      const out: { ids: string[]; next: boolean }[] = [];
      let cursor: string | null = null;
      do {
        const page = await store.lists.page("t:x", { ...query, limit: 20, cursor, cutoff: "2026-01-01" });
        out.push({ ids: page.items.map((i) => i.id), next: page.nextCursor !== null });
        if (out.length === 1) firstDates.push(page.dates.oldestKept);
        cursor = page.nextCursor;
      } while (cursor && out.length < 10);
      return out;
    };
    const kept = await pages({ filter: listFilter(["zanzibar"], undefined) });
    // The first page looks through the newest 1,000 rows, finds none, and names the next page.
    expect(kept[0]).toEqual({ ids: [], next: true });
    expect(kept.flatMap((p) => p.ids)).toEqual(["id0004", "id0003", "id0002", "id0001", "id0000"]);
    expect(kept.at(-1)?.next).toBe(false);
    const dropped = await pages({ filter: listFilter(undefined, ["routine"]) });
    expect(dropped.flatMap((p) => p.ids)).toEqual(["id0004", "id0003", "id0002", "id0001", "id0000"]);
    // q: the newest 1,000 and no further, as the contract allows.
    expect(await pages({ q: "zanzibar" })).toEqual([{ ids: [], next: false }]);
    // A first page shows nothing, but what it looked through ends at the 1,000th row (id0100): when that row passes
    // the cutoff, the page changes (its stretch, its next page), so the page is dated by it.
    const row100 = items[100]?.publishedAt;
    expect(firstDates).toEqual([row100, row100, row100]);
  }, 120_000);

  it("rejects a cursor of another list or a tampered one", async () => {
    const store = await createTestStore({ engine });
    const other = encodeCursor("t:y", "2026-11-01T00:00:00.000Z#abc");
    await expect(store.lists.page("t:x", { limit: 5, cursor: other, cutoff: "" })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    await expect(store.lists.page("t:x", { limit: 5, cursor: "%%%", cutoff: "" })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });

  it("keeps list versions and source states, and answers which sources are held back", async () => {
    const store = await createTestStore({ engine });
    await store.lists.touch("t:x", new Date("2026-11-01T00:00:00Z"), "fp1");
    await store.lists.touch("t:x", new Date("2026-11-02T00:00:00Z"));
    const meta = await store.lists.version("t:x");
    expect(meta).toMatchObject({ version: 2, modifiedAt: "2026-11-02T00:00:00.000Z", fingerprint: "fp1" });
    const now = new Date("2026-11-26T00:00:00Z");
    await store.sources.save(pendingState("a", "https://a.example/", now));
    await store.sources.save({
      ...pendingState("b", "https://b.example/", now),
      status: "failing",
      nextFetchAt: "2026-11-27T00:00:00.000Z",
    });
    await store.sources.save({ ...pendingState("c", "https://c.example/", now), status: "gone" });
    expect(await store.sources.held()).toEqual(
      new Map([
        ["b", "2026-11-27T00:00:00.000Z"],
        ["c", null],
      ]),
    );
    expect((await store.sources.states(["a", "b", "c"])).get("c")?.status).toBe("gone");
  });
});
