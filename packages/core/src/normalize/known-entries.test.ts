import { describe, expect, it, vi } from "vitest";

const normalized = vi.hoisted(() => ({ titles: [] as (string | null)[] }));
vi.mock("./entry.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("./entry.ts")>();
  return {
    ...original,
    normalizeEntry: (...args: Parameters<typeof original.normalizeEntry>) => {
      normalized.titles.push(args[0].title);
      return original.normalizeEntry(...args);
    },
  };
});
const { readFeed } = await import("./index.ts");

const body = (titles: string[]) =>
  new TextEncoder().encode(
    `<rss version="2.0"><channel><title>T</title>${titles
      .map(
        (title) =>
          `<item><title>${title}</title><guid>urn:${title}</guid><pubDate>Sat, 01 Jun 2024 10:00:00 GMT</pubDate></item>`,
      )
      .join("")}</channel></rss>`,
  );
const read = (titles: string[], knownEntries?: ReadonlySet<string>) =>
  readFeed(body(titles), { url: "https://example.org/feed.xml", sourceId: "src", knownEntries });

describe("readFeed with known entries", () => {
  it("never normalizes the entries it skips", async () => {
    const first = await read(["a", "b", "c"]);
    normalized.titles.length = 0;
    const second = await read(["new", "a", "b", "c"], new Set(first.entryHashes));
    expect(normalized.titles).toEqual(["new"]);
    expect(second.items.map((item) => item.title)).toEqual(["new"]);
    expect(second.skipped).toBe(3);
    expect(second.entryHashes.slice(1)).toEqual(first.entryHashes);
  });
});
