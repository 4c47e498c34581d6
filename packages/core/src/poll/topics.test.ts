import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/index.ts";
import type { Item } from "../item.ts";
import { BACKOFF_CAP_MS, backoffMs } from "./backoff.ts";
import { listsOf, passesFilters, topicFingerprint, topicsOf } from "./topics.ts";

const config = validateConfig({
  title: "T",
  sources: [
    { id: "a", url: "https://x.org/a" },
    { id: "b", url: "https://x.org/b" },
    { id: "c", url: "https://x.org/c" },
  ],
  topics: [
    { slug: "war", title: "War", sources: ["a", "b"], include: ["Ukrain*", "kyiv"], exclude: ["sponsored"] },
    { slug: "all", title: "All", sources: ["*"] },
    { slug: "c-only", title: "C", sources: ["c"] },
  ],
});

const item = (over: Partial<Item>): Item => ({
  id: "x",
  url: null,
  title: null,
  summary: null,
  contentHtml: null,
  author: null,
  categories: [],
  imageUrl: null,
  publishedAt: "2026-11-01T00:00:00.000Z",
  updatedAt: "2026-11-01T00:00:00.000Z",
  sources: ["a"],
  ...over,
});

describe("topic membership", () => {
  const war = config.topics[0];
  it.each([
    [{ title: "Talks in KYIV" }, true],
    [{ summary: "the ukrainian front" }, true],
    [{ categories: ["Ukraine war"] }, true],
    [{ contentHtml: "<p>Ukraine</p>" }, false],
    [{ title: "Ukraine", categories: ["Sponsored"] }, false],
    [{ title: "Gaza" }, false],
    [{ title: "Kyivstar shares" }, false],
    [{ title: "Kyiv’s mayor" }, true],
    [{ title: "Ukraine", summary: "not sponsored content" }, false],
    [{ title: "Ukraine", summary: "a sponsorship deal" }, true],
  ])("filters %o → %s", (over, expected) => {
    expect(war && passesFilters(war, item(over))).toBe(expected);
  });

  it("follows sources, wildcard included", () => {
    expect(topicsOf(config, item({ title: "Ukraine", sources: ["b"] }))).toEqual(["war", "all"]);
    expect(topicsOf(config, item({ title: "Ukraine", sources: ["c"] }))).toEqual(["all", "c-only"]);
    expect(topicsOf(config, item({ title: "Ukraine", sources: ["gone"] }))).toEqual([]);
    expect(listsOf(config, item({ title: "Ukraine", sources: ["a", "gone"] }))).toEqual(["s:a", "t:war", "t:all"]);
    expect(topicsOf(config, item({ title: "Ukrainian grain", sources: ["b"] }))).toEqual(["war", "all"]);
    expect(topicsOf(config, item({ title: "Prussian palace", sources: ["b"] }))).toEqual(["all"]);
  });

  it("fingerprints change with sources and filters only", () => {
    const [war0, all0] = config.topics;
    if (!war0 || !all0) throw new Error("topics missing");
    const fp = topicFingerprint(config, war0);
    expect(topicFingerprint(config, { ...war0, title: "Renamed" })).toBe(fp);
    expect(topicFingerprint(config, { ...war0, include: ["kyiv"] })).not.toBe(fp);
    expect(topicFingerprint(config, { ...war0, match: ["title", "content"] })).not.toBe(fp);
    const fewer = validateConfig({ ...config, sources: config.sources.slice(0, 2), topics: [all0] });
    expect(topicFingerprint(fewer, all0)).not.toBe(topicFingerprint(config, all0));
  });
});

describe("backoff", () => {
  it("doubles per failure with jitter and caps at 24 h", () => {
    expect(backoffMs(1, 10, () => 0.5)).toBe(10 * 60_000);
    expect(backoffMs(2, 10, () => 0.5)).toBe(20 * 60_000);
    expect(backoffMs(3, 10, () => 0)).toBe(30 * 60_000);
    expect(backoffMs(3, 10, () => 0.999)).toBeGreaterThan(49 * 60_000);
    expect(backoffMs(30, 10, () => 0.999)).toBe(BACKOFF_CAP_MS);
  });
});
