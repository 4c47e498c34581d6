import { beforeAll, describe, expect, it } from "vitest";
import { makeItem, problemOf, seed, setup } from "./fixtures.ts";

const titles = ["Kyiv talks", "Market news", "kyiv weather", "Sports", "Election in Kyiv"];

/** Titles and summaries where a part of a word, a spelling or punctuation decides. */
const TRAPS: [string, string][] = [
  ["Cloud computing costs", "A software award"],
  ["Putin's envoy in Warsaw", "Talks went on"],
  ["Kyiv’s mayor", "No war, he says"],
  ["Zelenskiy speaks", "Peace. Talks next week"],
  ["ORBÁN VETOES AID", "A Prussian palace"],
  ["Trumpet festival", "l'Ukraine invitée"],
  ["Russia-Ukraine talks", "Trump's envoy"],
];

describe("filter and filterout", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    ctx = await setup();
    const items = Array.from({ length: 20 }, (_, n) => ({ ...makeItem(n, n + 1), title: `${titles[n % 5]} ${n}` }));
    await seed(ctx.store, "world", items);
    const traps = TRAPS.map(([title, summary], n) => ({
      ...makeItem(100 + n, n + 1, ["gamma"]),
      title,
      summary,
      categories: ["Ukraine"],
      contentHtml: "<p>Putin and Zelensky in Kyiv</p>",
    }));
    await seed(ctx.store, "quiet", traps);
  });
  const ids = async (path: string) =>
    ((await (await ctx.get(path)).json()) as { items: { id: string; title: string }[] }).items.map((i) => i.title);

  it("keeps items containing any filter term, case-insensitive, not as a regular expression", async () => {
    const found = await ids("/api/topics/world/items?limit=200&filter=KYIV|market");
    expect(found).toHaveLength(16);
    expect(found.every((t) => /kyiv|market/i.test(t))).toBe(true);
    expect(await ids("/api/topics/world/items?filter=(a%2B)%2B%24")).toEqual([]);
    expect(await ids("/api/sources/alpha/items?limit=200&filter=sports")).toHaveLength(4);
  });

  it("drops items containing any filterout term, and combines with q", async () => {
    const kept = await ids("/api/topics/world/items?limit=200&filterout=kyiv|SPORTS");
    expect(kept).toHaveLength(4);
    expect(kept.every((t) => t.startsWith("Market news"))).toBe(true);
    // Terms are words: filterout=1 drops "… 1" alone, never 10–19.
    const both = await ids("/api/topics/world/items?limit=200&q=kyiv&filter=talks|election&filterout=10|15");
    expect(both.sort()).toEqual([
      "Election in Kyiv 14",
      "Election in Kyiv 19",
      "Election in Kyiv 4",
      "Election in Kyiv 9",
      "Kyiv talks 0",
      "Kyiv talks 5",
    ]);
    const feed = await (await ctx.get("/feeds/world.json?filter=market")).json();
    expect(feed.items).toHaveLength(4);
    const page = await (await ctx.get("/topics/world?filterout=kyiv")).text();
    expect(page).toContain("Market news");
    expect(page).not.toContain("Kyiv talks");
  });

  it.each([
    ["putin", ["Putin's envoy in Warsaw"]],
    ["war", ["Kyiv’s mayor"]],
    ["trump", ["Russia-Ukraine talks"]],
    ["russia", ["Russia-Ukraine talks"]],
    ["kyiv", ["Kyiv’s mayor"]],
    ["ukraine", ["Trumpet festival", "Russia-Ukraine talks"]],
    ["orban", ["ORBÁN VETOES AID"]],
    ["zelensk*", ["Zelenskiy speaks"]],
    ["peace talks", ["Zelenskiy speaks"]],
    ['"peace talks"', ["Zelenskiy speaks"]],
    ["putin|kyiv", ["Putin's envoy in Warsaw", "Kyiv’s mayor"]],
  ])("filter=%s keeps words, not parts of words, in title or summary only", async (filter, expected) => {
    const found = await ids(`/api/topics/quiet/items?limit=200&filter=${encodeURIComponent(filter)}`);
    expect(found.sort()).toEqual([...expected].sort());
    const feed = await (await ctx.get(`/feeds/quiet.json?filter=${encodeURIComponent(filter)}`)).json();
    expect(feed.items.map((i: { title: string }) => i.title).sort()).toEqual([...expected].sort());
  });

  it("filterout drops by the same rule, and the HTML page follows it", async () => {
    const kept = await ids("/api/topics/quiet/items?limit=200&filterout=war|putin");
    expect(kept).toHaveLength(TRAPS.length - 2);
    expect(kept).toContain("Cloud computing costs");
    const page = await (await ctx.get("/topics/quiet?filter=orban")).text();
    expect(page).toContain("ORBÁN VETOES AID");
    expect(page).not.toContain("Cloud computing");
  });

  it("pages a filtered list seeing each match once", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/topics/world/items?limit=3&filter=kyiv&filterout=weather${cursor ? `&cursor=${cursor}` : ""}`;
      const body = await (await ctx.get(url)).json();
      expect(body.items.length).toBeLessThanOrEqual(3);
      seen.push(...body.items.map((i: { id: string }) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
  });

  it.each([
    ["filter", `filter=${"x".repeat(101)}`],
    ["filter", "filter=a||b"],
    ["filter", `filter=${Array.from({ length: 11 }, (_, n) => `t${n}`).join("|")}`],
    ["filterout", "filterout=%20|a"],
    ["filterout", `filterout=${"y".repeat(101)}`],
    ["filter", "filter=*"],
    ["filter", "filter=kyiv|%22*%22"],
    ["filterout", "filterout=%3F%21"],
  ])("answers 400 naming %s for %s", async (parameter, query) => {
    for (const base of ["/api/topics/world/items", "/api/sources/alpha/items", "/feeds/world.rss", "/topics/world"]) {
      const res = await ctx.get(`${base}?${query}`);
      expect(res.status, base).toBe(400);
      if (base.startsWith("/api")) expect((await problemOf(res)).parameter).toBe(parameter);
    }
  });
});
