import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/index.ts";
import type { Article } from "../item.ts";
import { membership, passesFilters } from "./membership.ts";

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

const item = (over: Partial<Article>): Article => ({
  id: "x",
  url: null,
  title: null,
  summary: null,
  contentHtml: null,
  contentSource: "feed",
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
    const rule = membership(config);
    expect(rule.topicsOf(item({ title: "Ukraine", sources: ["b"] }))).toEqual(["war", "all"]);
    expect(rule.topicsOf(item({ title: "Ukraine", sources: ["c"] }))).toEqual(["all", "c-only"]);
    expect(rule.topicsOf(item({ title: "Ukraine", sources: ["gone"] }))).toEqual([]);
    expect(rule.listsOf(item({ title: "Ukraine", sources: ["a", "gone"] }))).toEqual(["s:a", "t:war", "t:all"]);
    expect(rule.inTopic("war", item({ title: "Ukraine", sources: ["b"] }))).toBe(true);
    expect(rule.inTopic("c-only", item({ title: "Ukraine", sources: ["b"] }))).toBe(false);
    expect(rule.inTopic("no-such-topic", item({ title: "Ukraine", sources: ["b"] }))).toBe(false);
    expect(rule.topicsOf(item({ title: "Ukrainian grain", sources: ["b"] }))).toEqual(["war", "all"]);
    expect(rule.topicsOf(item({ title: "Prussian palace", sources: ["b"] }))).toEqual(["all"]);
    expect(membership(config)).toBe(rule);
  });

  it("matches every-source topics at any number of sources, against the configured ones only", () => {
    // Built without validation (which is tested elsewhere): 20,000 sources, two topics over all of them.
    const many = {
      ...config,
      sources: Array.from({ length: 20_000 }, (_, n) => ({ id: `s${n}`, url: `https://x.org/${n}` })),
      topics: [
        { slug: "all", title: "All", sources: ["*"], match: ["title"], stories: true },
        {
          slug: "all-but-ads",
          title: "No ads",
          sources: ["*"],
          exclude: ["sponsored"],
          match: ["title"],
          stories: true,
        },
        { slug: "first", title: "First", sources: ["s0"], match: ["title"], stories: true },
      ],
    } as typeof config;
    const rule = membership(many);
    expect(rule.topicsOf(item({ title: "News", sources: ["s19999"] }))).toEqual(["all", "all-but-ads"]);
    expect(rule.topicsOf(item({ title: "Sponsored news", sources: ["gone", "s0"] }))).toEqual(["all", "first"]);
    expect(rule.topicsOf(item({ title: "News", sources: ["gone"] }))).toEqual([]);
    expect(rule.listsOf(item({ title: "News", sources: ["s7", "gone"] }))).toEqual(["s:s7", "t:all", "t:all-but-ads"]);
    expect(rule.inTopic("all-but-ads", item({ title: "News", sources: ["s12345"] }))).toBe(true);
    const [all] = many.topics;
    if (!all) throw new Error("topics missing");
    expect(rule.fingerprint(all)).toBe(rule.fingerprint(all));
    const fewer = { ...many, sources: many.sources.slice(1) } as typeof config;
    expect(membership(fewer).fingerprint(all)).not.toBe(rule.fingerprint(all));
  });

  it("fingerprints change with sources and filters only", () => {
    const [war0, all0] = config.topics;
    if (!war0 || !all0) throw new Error("topics missing");
    const fp = membership(config).fingerprint(war0);
    expect(membership(config).fingerprint({ ...war0, title: "Renamed" })).toBe(fp);
    expect(membership(config).fingerprint({ ...war0, include: ["kyiv"] })).not.toBe(fp);
    expect(membership(config).fingerprint({ ...war0, match: ["title", "content"] })).not.toBe(fp);
    const fewer = validateConfig({ ...config, sources: config.sources.slice(0, 2), topics: [all0] });
    expect(membership(fewer).fingerprint(all0)).not.toBe(membership(config).fingerprint(all0));
  });
});
