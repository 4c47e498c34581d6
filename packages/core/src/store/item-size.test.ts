import { randomBytes } from "node:crypto";
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { createTestStore } from "../../../../tests/helpers/store.ts";
import { ItemTooLargeError, StorageError } from "../errors.ts";
import {
  AUTHOR_MAX,
  CATEGORIES_MAX,
  CATEGORY_MAX,
  CONTENT_MAX_BYTES,
  SUMMARY_MAX,
  TITLE_MAX,
  URL_MAX,
} from "../item.ts";
import { itemRecord } from "./item-record.ts";
import { ITEM_SIZE_LIMIT, recordSize, valueSize } from "./item-size.ts";
import type { StoredItem } from "./records.ts";

const PUBLISHED = "2026-11-01T00:00:00.000Z";

/** Text of `n` code points, 4 UTF-8 bytes each: the most bytes a bounded text field can take. */
const wide = (n: number) => "😀".repeat(n);

/** `n` random printable ASCII characters: text brotli shrinks least (to about 82%). */
const random = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(0x21 + (b % 94))).join("");

function item(fields: Partial<StoredItem> = {}): StoredItem {
  return {
    id: "AAAAAAAAAAAAAAAAAAAAAA",
    url: "https://example.org/a",
    title: "Title",
    summary: "Summary",
    contentHtml: null,
    contentSource: "feed",
    author: null,
    categories: [],
    imageUrl: null,
    publishedAt: PUBLISHED,
    updatedAt: PUBLISHED,
    sources: ["a"],
    copies: { a: "h" },
    rev: 1,
    firstSeenAt: PUBLISHED,
    ...fields,
  };
}

describe("recordSize counts as DynamoDB does", () => {
  it("names and values: strings by UTF-8 bytes, numbers by digits, lists and maps with their overhead", () => {
    expect(recordSize({ pk: "I#abc", sk: "I" })).toBe(2 + 5 + 2 + 1);
    expect(valueSize("héllo")).toBe(6);
    expect(valueSize(null)).toBe(1);
    expect(valueSize(true)).toBe(1);
    expect(valueSize(7)).toBe(2);
    expect(valueSize(1_780_000_000)).toBe(1 + 2); // "178": two bytes of significant digits
    expect(valueSize(new Uint8Array(10))).toBe(10);
    expect(valueSize(["ab", "c"])).toBe(3 + (1 + 2) + (1 + 1));
    expect(valueSize({ a: "xy", bc: 1 })).toBe(3 + (1 + 1 + 2) + (1 + 2 + 2));
    expect(recordSize({ a: undefined, b: "x" })).toBe(2);
  });

  it("an item at every bound at once, its content incompressible, in 20 sources, stays far under the limit", () => {
    const sources = Array.from({ length: 20 }, (_, n) => `${"s".repeat(60)}${String(n).padStart(4, "0")}`);
    const worst = item({
      url: `https://example.org/${"u".repeat(URL_MAX - 20)}`,
      imageUrl: `https://example.org/${"i".repeat(URL_MAX - 20)}`,
      title: wide(TITLE_MAX),
      summary: wide(SUMMARY_MAX),
      author: wide(AUTHOR_MAX),
      categories: Array.from({ length: CATEGORIES_MAX }, (_, n) => `${n}${wide(CATEGORY_MAX - 2)}`),
      contentHtml: random(CONTENT_MAX_BYTES),
      sources,
      copies: Object.fromEntries(sources.map((s) => [s, "x".repeat(60)])),
      seenAt: Object.fromEntries(sources.map((s) => [s, PUBLISHED])),
    });
    // Even were compression to save nothing (its content counted whole, and then some).
    const uncompressed = recordSize(itemRecord({ ...worst, contentHtml: null }, 90)) + CONTENT_MAX_BYTES + 64;
    expect(uncompressed).toBeLessThan(ITEM_SIZE_LIMIT * 0.75);
    expect(recordSize(itemRecord(worst, 90))).toBeLessThan(uncompressed);
  });
});

describe("the store's guard", () => {
  it("a record at the limit by this count is one the engine accepts, a byte more one it refuses", async () => {
    const store = await createTestStore();
    const record: Record<string, unknown> = { pk: "X#limit", sk: "X", n: 1_780_000_000, list: ["a", "b"], data: "" };
    const room = ITEM_SIZE_LIMIT - recordSize(record);
    record.data = `${"é".repeat(Math.floor(room / 2))}${"d".repeat(room % 2)}`;
    expect(recordSize(record)).toBe(ITEM_SIZE_LIMIT);
    const put = (item: Record<string, unknown>) =>
      store.kit.doc.send(new PutCommand({ TableName: store.table, Item: item }));
    await expect(put(record)).resolves.toBeDefined();
    await expect(put({ ...record, data: `${record.data}d` })).rejects.toThrow(/size/i);
  });

  it("an item over the limit gives ItemTooLargeError before anything is written, not a StorageError", async () => {
    const store = await createTestStore();
    const big = item({ contentHtml: random(600_000), title: "too large" });
    const change = { item: big, expectedRev: null, put: ["t:x", "s:a"] as const, remove: [] };
    const error = await store.items.commit({ ...change, put: [...change.put] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ItemTooLargeError);
    expect(error).not.toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ itemId: big.id, limit: ITEM_SIZE_LIMIT, stage: "entry" });
    expect((error as ItemTooLargeError).bytes).toBeGreaterThan(ITEM_SIZE_LIMIT);
    expect((error as Error).message).toMatch(/^entry: item AAAAAAAAAAAAAAAAAAAAAA is \d+ bytes as stored, over/);
    await expect(store.items.create(big)).rejects.toBeInstanceOf(ItemTooLargeError);
    expect(await store.items.get(big.id)).toBeNull();
    for (const list of change.put) {
      const rows = await store.kit.doc.send(
        new QueryCommand({
          TableName: store.table,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": `L#${list}` },
        }),
      );
      expect(rows.Items, `rows of ${list}`).toEqual([]);
    }

    // The same item within the bounds is stored.
    const fits = { ...big, contentHtml: random(1000) };
    expect(await store.items.commit({ ...change, item: fits, put: [...change.put] })).toBe(true);
    expect((await store.items.get(big.id))?.contentHtml).toBe(fits.contentHtml);
  });
});
