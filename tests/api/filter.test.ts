import { beforeAll, describe, expect, it } from "vitest";
import { makeItem, problemOf, seed, setup } from "./fixtures.ts";

const titles = ["Kyiv talks", "Market news", "kyiv weather", "Sports", "Election in Kyiv"];

describe("filter and filterout", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    ctx = await setup();
    const items = Array.from({ length: 20 }, (_, n) => ({ ...makeItem(n, n + 1), title: `${titles[n % 5]} ${n}` }));
    await seed(ctx.store, "world", items);
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
    const both = await ids("/api/topics/world/items?limit=200&q=kyiv&filter=talks|election&filterout=1");
    expect(both.sort()).toEqual(["Election in Kyiv 4", "Election in Kyiv 9", "Kyiv talks 0", "Kyiv talks 5"]);
    const feed = await (await ctx.get("/feeds/world.json?filter=market")).json();
    expect(feed.items).toHaveLength(4);
    const page = await (await ctx.get("/topics/world?filterout=kyiv")).text();
    expect(page).toContain("Market news");
    expect(page).not.toContain("Kyiv talks");
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
  ])("answers 400 naming %s for %s", async (parameter, query) => {
    for (const base of ["/api/topics/world/items", "/api/sources/alpha/items", "/feeds/world.rss", "/topics/world"]) {
      const res = await ctx.get(`${base}?${query}`);
      expect(res.status, base).toBe(400);
      if (base.startsWith("/api")) expect((await problemOf(res)).parameter).toBe(parameter);
    }
  });
});
