import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { createTestStore, type EngineName } from "../../../../tests/helpers/store.ts";
import type { Article, Item } from "../item.ts";
import { type StoredItem, toItem } from "./records.ts";

const CONTENT = `<p>${"The talks in Geneva ended without agreement. ".repeat(40)}</p>`;

function item(n: number, over: Partial<Article> = {}): StoredItem {
  const publishedAt = new Date(Date.UTC(2026, 10, 1 + n, 12)).toISOString();
  return {
    id: `id${n}`,
    url: `https://example.org/${n}`,
    title: `Title ${n}`,
    summary: "a summary",
    contentHtml: CONTENT,
    contentSource: "feed",
    author: null,
    categories: [],
    imageUrl: null,
    publishedAt,
    updatedAt: publishedAt,
    sources: ["a"],
    copies: { a: "h" },
    rev: 1,
    firstSeenAt: publishedAt,
    ...over,
  };
}

const engines: EngineName[] = ["dynamodb-local", "dynalite"];
const ids = (page: { items: Item[] }) => page.items.map((i) => i.id);

describe.each(engines)("item and row records on %s", (engine) => {
  it("stores content compressed, reads it back whole, and expires the item with its rows", async () => {
    const store = await createTestStore({ engine, retentionDays: 90 });
    const x = item(1);
    expect(await store.items.create(x)).toBe(true);
    const { Item: record } = await store.kit.doc.send(
      new GetCommand({ TableName: store.table, Key: { pk: "I#id1", sk: "I" } }),
    );
    expect(record?.contentHtml).toBeUndefined();
    expect((record?.contentBr as Uint8Array | undefined)?.byteLength ?? Number.POSITIVE_INFINITY).toBeLessThan(
      CONTENT.length / 4,
    );
    expect(record?.expiresAt).toBe(Date.parse(x.publishedAt) / 1000 + 90 * 86_400);
    expect(await store.items.get("id1")).toEqual(x);
    expect((await store.items.getMany(["id1"])).get("id1")).toEqual(x);
  });

  it("serves only rows whose item is stored, committed, at the row's key and in the list", async () => {
    const store = await createTestStore({ engine });
    const items = [1, 2, 3, 4, 5, 6].map((n) => item(n));
    for (const x of items.slice(0, 5)) await store.items.create(x);
    await store.lists.putRows("s:a", items);
    await store.lists.putRows("t:x", items);
    // id2 is reserved only, id3 moved to another date, id4 left source a, id6 was never stored.
    await store.items.replace({ ...(items[1] as StoredItem), pending: true, rev: 2 }, 1);
    await store.items.replace({ ...(items[2] as StoredItem), publishedAt: "2026-11-20T00:00:00.000Z", rev: 2 }, 1);
    await store.items.replace({ ...(items[3] as StoredItem), sources: ["b"], rev: 2 }, 1);
    const query = { limit: 2, cutoff: "2026-01-01" };
    const first = await store.lists.page("s:a", query);
    expect(ids(first)).toEqual(["id5", "id1"]);
    expect(first.nextCursor).toBeNull();
    expect(ids(await store.lists.page("t:x", query, { belongs: (i) => i.id !== "id5" }))).toEqual(["id4", "id1"]);
  });

  it("never writes a row over one from a newer change of its item", async () => {
    const store = await createTestStore({ engine });
    const x = item(1);
    expect(await store.items.commit({ item: { ...x, rev: 3 }, expectedRev: null, put: ["t:x"], remove: [] })).toBe(
      true,
    );
    // A slow poll that read the item at rev 1 loses: its row is not written over the rev 3 one, nor its item.
    const late = { ...x, title: "Older", rev: 2 };
    expect(await store.items.commit({ item: late, expectedRev: 1, put: ["t:x"], remove: [] })).toBe(false);
    expect((await store.lists.rows("t:x")).map((row) => row.search)).toEqual(["title 1\na summary"]);
    // Nor is that row deleted by a change older than it.
    expect(await store.lists.setRow("t:x", { id: x.id, sk: `${x.publishedAt}#${x.id}` }, late, false)).toBe(false);
    expect(await store.lists.rows("t:x")).toHaveLength(1);
  });

  it("serves an item and rows stored in the older shape (full copies in rows, plain content), and replaces them", async () => {
    const store = await createTestStore({ engine });
    const old = [1, 2, 3].map((n) => item(n));
    for (const x of old) {
      const { pending: _pending, ...fields } = x;
      await store.kit.doc.send(
        new PutCommand({ TableName: store.table, Item: { pk: `I#${x.id}`, sk: "I", ...fields, expiresAt: 9e9 } }),
      );
      await store.kit.doc.send(
        new PutCommand({
          TableName: store.table,
          Item: {
            pk: "L#t:x",
            sk: `${x.publishedAt}#${x.id}`,
            item: toItem(x),
            search: `${x.title}\n${x.summary}`.toLowerCase(),
            expiresAt: 9e9,
          },
        }),
      );
    }
    const page = await store.lists.page("t:x", { limit: 2, cutoff: "2026-01-01" });
    expect(page.items).toEqual([toItem(old[2] as StoredItem), toItem(old[1] as StoredItem)]);
    const rest = await store.lists.page("t:x", { limit: 2, cutoff: "2026-01-01", cursor: page.nextCursor });
    expect(rest.items).toEqual([toItem(old[0] as StoredItem)]);
    expect(ids(await store.lists.page("t:x", { limit: 5, cutoff: "2026-01-01", q: "TITLE 2" }))).toEqual(["id2"]);
    // An edit replaces the old row (it has no rev) with a thin one.
    const edited = { ...(old[0] as StoredItem), title: "Edited", rev: 2 };
    expect(await store.items.commit({ item: edited, expectedRev: 1, put: ["t:x"], remove: [] })).toBe(true);
    const { Item: row } = await store.kit.doc.send(
      new GetCommand({ TableName: store.table, Key: { pk: "L#t:x", sk: `${edited.publishedAt}#${edited.id}` } }),
    );
    expect(row).toMatchObject({ search: "edited\na summary", rev: 2 });
    expect(row?.item).toBeUndefined();
    expect((await store.items.get("id1"))?.title).toBe("Edited");
  });
});
