/**
 * The one Item model (packages/core/src/item.ts) is one zod schema: the TypeScript type is inferred from it and the
 * API's OpenAPI description (functions/api/schemas.ts) names it; the store's record reading (`toItem`) must give
 * exactly its fields. They agree.
 */
import type { z } from "@hono/zod-openapi";
import type { Item } from "@tributary/core/item";
import { toItem } from "@tributary/core/store/records.ts";
import { describe, expect, expectTypeOf, it } from "vitest";
import { ItemSchema } from "../../functions/api/schemas.ts";
import { fullItem, sparseItem } from "../helpers/feed-samples.ts";

describe("the Item model, the API's ItemSchema and the store's toItem", () => {
  it("have the same type", () => {
    expectTypeOf<z.infer<typeof ItemSchema>>().toEqualTypeOf<Item>();
  });

  it("have the same fields", () => {
    const fields = Object.keys(ItemSchema.shape).sort();
    expect(Object.keys(fullItem).sort()).toEqual(fields);
    expect(Object.keys(toItem(fullItem)).sort()).toEqual(fields);
  });

  it("the API's schema accepts exactly what the store reads back, even from a record missing optional fields", () => {
    const strict = ItemSchema.strict();
    expect(strict.parse(toItem(fullItem))).toEqual(fullItem);
    expect(strict.parse(toItem(sparseItem))).toEqual(sparseItem);
    const { id, publishedAt, updatedAt } = sparseItem;
    const record = { id, publishedAt, updatedAt } as Item;
    expect(strict.parse(toItem(record))).toEqual({
      id,
      url: null,
      title: null,
      summary: null,
      contentHtml: null,
      contentSource: "feed",
      author: null,
      categories: [],
      imageUrl: null,
      publishedAt,
      updatedAt,
      sources: [],
      story: { id, size: 1 },
    });
  });
});
