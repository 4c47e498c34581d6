import { describe, expect, it } from "vitest";
import { itemId } from "./id.ts";

const base = { canonicalUrl: null, sourceId: "s", guid: null, title: null };

describe("itemId", () => {
  it("is 22 URL-safe characters", () => {
    expect(itemId({ ...base, canonicalUrl: "https://example.org/a" })).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("depends only on the canonical URL when there is one", () => {
    const a = itemId({ canonicalUrl: "https://example.org/a", sourceId: "one", guid: "1", title: "A" });
    const b = itemId({ canonicalUrl: "https://example.org/a", sourceId: "two", guid: "2", title: "B" });
    expect(a).toBe(b);
    expect(a).not.toBe(itemId({ ...base, canonicalUrl: "https://example.org/a/" }));
  });

  it.each([
    ["guid, per source", { guid: "g" }, { guid: "g", sourceId: "t" }],
    ["title, per source", { title: "T" }, { title: "T", sourceId: "t" }],
    ["guid versus title", { guid: "x" }, { title: "x" }],
    ["guid versus URL", { guid: "https://example.org/a" }, { canonicalUrl: "https://example.org/a" }],
  ])("tells apart %s", (_name, a, b) => {
    expect(itemId({ ...base, ...a })).not.toBe(itemId({ ...base, ...b }));
  });

  it("never changes: stored items are found again by it", () => {
    expect(itemId({ ...base, canonicalUrl: "https://example.org/a" })).toBe("ALtdSKrBqOq5c6dzanbLLt");
    expect(itemId({ ...base, guid: "g" })).toBe("7qu7_SSoDc0fiq91VbB3Hb");
  });
});
