import { describe, expect, it } from "vitest";
import type { Item } from "../item.ts";
import { entryCategories } from "./categories.ts";

const item = (categories: string[], sources: string[]): Item => ({
  id: "x",
  url: null,
  title: "t",
  summary: null,
  contentHtml: null,
  contentSource: "feed",
  author: null,
  categories,
  imageUrl: null,
  publishedAt: "2026-11-01T00:00:00.000Z",
  updatedAt: "2026-11-01T00:00:00.000Z",
  sources,
  story: { id: "x", size: 1 },
});

describe("entryCategories", () => {
  it("lists the item's categories, then its sources' titles, once each ignoring case", () => {
    const titles = { dw: "Diplomacy Watch", uw: "ukraine war", europe: "Europe" };
    expect(entryCategories(item(["diplomacy watch", " Russia ", ""], ["dw", "uw", "gone"]), titles)).toEqual([
      "diplomacy watch",
      "Russia",
      "ukraine war",
    ]);
    expect(entryCategories(item([], ["europe", "dw"]), titles)).toEqual(["Europe", "Diplomacy Watch"]);
  });
});
