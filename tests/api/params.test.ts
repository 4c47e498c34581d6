import { encodeCursor } from "@tributary/core/store/cursor.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { parseSince } from "../../functions/api/http/params.ts";
import { makeItem, problemOf, seed, setup } from "./fixtures.ts";

describe("parseSince", () => {
  it.each([
    ["2026-11-01", "2026-11-01T00:00:00.000Z"],
    ["2026-11-01T10:20", "2026-11-01T10:20:00.000Z"],
    ["2026-11-01T10:20:30Z", "2026-11-01T10:20:30.000Z"],
    ["2026-11-01T10:20:30.5+02:00", "2026-11-01T08:20:30.500Z"],
    ["2026-11-01T10:20:30-0130", "2026-11-01T11:50:30.000Z"],
    ["2026-11-01t10:20:30z", "2026-11-01T10:20:30.000Z"],
    ["2024-02-29T10:00Z", "2024-02-29T10:00:00.000Z"],
    ["2000-02-29", "2000-02-29T00:00:00.000Z"],
    ["2026-12-31T23:59:59.999-14:00", "2027-01-01T13:59:59.999Z"],
  ])("reads %s", (input, expected) => {
    expect(parseSince(input)).toBe(expected);
  });

  it.each([
    "garbage",
    "2026-13-01",
    "2026-02-30",
    "2026-11-01T25:00Z",
    // Dates and times that do not exist, with or without a time: none is rolled over into the next month or day.
    "2024-02-31T10:00Z",
    "2024-02-30T00:00",
    "2026-02-29T12:00:00+01:00",
    "1900-02-29",
    "2026-04-31T08:00:00.5Z",
    "2026-00-10T10:00Z",
    "2026-11-00",
    "2026-11-01T24:00Z",
    "2026-11-01T10:60Z",
    "2026-11-01T10:20:60Z",
    "2026-11-01T10:20+24:00",
    "2026-11-01T10:20-0960",
    "1700000000",
    "",
    "2026-11-01 10:00",
    "yesterday",
  ])("refuses %j", (input) => {
    expect(parseSince(input)).toBeNull();
  });
});

const tampered = (cursor: string) => `${cursor.slice(0, -1)}${cursor.endsWith("A") ? "B" : "A"}`;

describe("bad parameters", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  let cursor = "";
  beforeAll(async () => {
    ctx = await setup();
    await seed(ctx.store, "world", [makeItem(1, 1), makeItem(2, 2), makeItem(3, 3)]);
    cursor = (await (await ctx.get("/api/topics/world/items?limit=1")).json()).nextCursor;
  });

  const bad: [string, string][] = [
    ["limit=0", "limit"],
    ["limit=201", "limit"],
    ["limit=abc", "limit"],
    ["limit=1.5", "limit"],
    ["limit=-3", "limit"],
    ["limit=", "limit"],
    // Spellings Number() reads as 3: only plain decimal digits are an integer here.
    ["limit=0x3", "limit"],
    ["limit=0b11", "limit"],
    ["limit=0o3", "limit"],
    ["limit=3e0", "limit"],
    ["limit=%2B3", "limit"],
    ["limit=%203%20", "limit"],
    ["limit=3.0", "limit"],
    ["limit=3abc", "limit"],
    ["limit=%EF%BC%93", "limit"],
    ["since=garbage", "since"],
    ["since=2026-02-30", "since"],
    ["since=2024-02-31T10:00Z", "since"],
    ["since=2026-02-29T00:00:00%2B01:00", "since"],
    ["since=2026-11-01T10:61Z", "since"],
    ["group=all", "group"],
    ["group=NONE", "group"],
    ["cursor=garbage", "cursor"],
    ["cursor=%25%25%25", "cursor"],
    [`cursor=${"x".repeat(600)}`, "cursor"],
    [`q=${"x".repeat(201)}`, "q"],
    // A parameter given empty or blank says nothing usable: refused, not read as absent (q= alone is no search).
    ["filter=", "filter"],
    ["filter=%20", "filter"],
    ["filterout=", "filterout"],
    ["filterout=%20%20", "filterout"],
    ["cursor=", "cursor"],
    ["cursor=%20", "cursor"],
    ["group=", "group"],
    ["since=", "since"],
    ["since=%20", "since"],
    ["q=kyiv&filter=", "filter"],
  ];

  for (const base of ["/api/topics/world/items", "/api/sources/alpha/items", "/feeds/world.rss", "/feeds/world.json"]) {
    it.each(bad)(`${base}?%s answers 400 naming the parameter`, async (query, parameter) => {
      const res = await ctx.get(`${base}?${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const problem = await problemOf(res);
      expect(problem).toMatchObject({ type: "about:blank", title: "Bad Request", status: 400, parameter });
      expect(problem.detail).toContain(parameter);
    });
  }

  it("refuses a tampered cursor and one from another list", async () => {
    for (const query of [
      `cursor=${tampered(cursor)}`,
      `cursor=${encodeCursor("t:quiet", "2026-11-26T11:00:00.000Z#item-0001")}`,
    ]) {
      const res = await ctx.get(`/api/topics/world/items?limit=1&${query}`);
      expect(res.status, query).toBe(400);
      expect((await problemOf(res)).parameter).toBe("cursor");
    }
    const other = await ctx.get(`/api/sources/alpha/items?cursor=${cursor}`);
    expect((await problemOf(other)).parameter).toBe("cursor");
  });

  it("answers an HTML 400 on pages", async () => {
    for (const limit of ["0", "0x3", "3e0", "%2B3"]) {
      const res = await ctx.get(`/topics/world?limit=${limit}`);
      expect(res.status, limit).toBe(400);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await res.text()).toContain("limit: must be an integer from 1 to 200");
    }
  });

  it("accepts the edges, and an empty q as no search", async () => {
    for (const query of ["limit=1", "limit=200", "since=2026-01-01", "limit=7&unknown=1", "limit=007", "unknown="]) {
      expect((await ctx.get(`/api/topics/world/items?${query}`)).status, query).toBe(200);
      expect((await ctx.get(`/feeds/world.atom?${query}`)).status, query).toBe(200);
    }
    const all = (await (await ctx.get("/api/topics/world/items")).json()).items;
    for (const query of ["q=", "q=%20"]) {
      expect((await (await ctx.get(`/api/topics/world/items?${query}`)).json()).items, query).toEqual(all);
      expect((await ctx.get(`/feeds/world.atom?${query}`)).status, query).toBe(200);
      expect((await ctx.get(`/topics/world?${query}`)).status, query).toBe(200);
    }
  });

  it("refuses an empty value of every source-list parameter and on pages, naming it", async () => {
    for (const query of ["status=", "status=%20", "cursor=", "limit="]) {
      const parameter = query.split("=")[0] as string;
      const res = await ctx.get(`/api/sources?${query}`);
      expect(res.status, query).toBe(400);
      expect((await problemOf(res)).parameter, query).toBe(parameter);
      const page = await ctx.get(`/sources?${query}`);
      expect(page.status, query).toBe(400);
      expect(await page.text(), query).toContain(`${parameter}: `);
    }
    for (const query of ["filter=", "filterout=", "cursor=", "group=", "since="]) {
      const page = await ctx.get(`/topics/world?${query}`);
      expect(page.status, query).toBe(400);
      expect(await page.text(), query).toContain(`${query.slice(0, -1)}: must not be empty`);
    }
  });

  // A parameter given twice, whatever its values (one empty, both the same), is refused naming it: no value wins.
  const repeats = (values: Record<string, string>) =>
    Object.entries(values).flatMap(([name, value]) =>
      [`${name}=${value}&${name}=${value}`, `${name}=&${name}=${value}`, `${name}=${value}&${name}=`].map(
        (query) => [query, name] as [string, string],
      ),
    );
  const listRepeats = repeats({
    limit: "1",
    cursor: "abc",
    q: "kyiv",
    since: "2026-01-01",
    filter: "kyiv",
    filterout: "sport",
    group: "none",
  });
  const sourceListRepeats = repeats({ limit: "1", cursor: "abc", status: "ok" });

  it("refuses a list parameter given more than once on every list route and format, naming it", async () => {
    for (const base of [
      "/api/topics/world/items",
      "/api/sources/alpha/items",
      "/feeds/world.rss",
      "/feeds/world.atom",
      "/feeds/world.json",
    ]) {
      for (const [query, parameter] of [...listRepeats, ["q=kyiv&limit=2&q=odesa", "q"]]) {
        const res = await ctx.get(`${base}?${query}`);
        expect(res.status, `${base}?${query}`).toBe(400);
        expect(await problemOf(res), `${base}?${query}`).toMatchObject({
          status: 400,
          parameter,
          detail: `${parameter}: must be given once`,
        });
      }
    }
    for (const [query, parameter] of listRepeats) {
      const page = await ctx.get(`/topics/world?${query}`);
      expect(page.status, query).toBe(400);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await page.text(), query).toContain(`${parameter}: must be given once`);
    }
  });

  it("refuses a source-list parameter given more than once, naming it", async () => {
    for (const [query, parameter] of sourceListRepeats) {
      const res = await ctx.get(`/api/sources?${query}`);
      expect(res.status, query).toBe(400);
      expect(await problemOf(res), query).toMatchObject({ parameter, detail: `${parameter}: must be given once` });
      const page = await ctx.get(`/sources?${query}`);
      expect(page.status, query).toBe(400);
      expect(await page.text(), query).toContain(`${parameter}: must be given once`);
    }
  });

  it("keeps items published strictly after since", async () => {
    const all = (await (await ctx.get("/api/topics/world/items")).json()).items as {
      id: string;
      publishedAt: string;
    }[];
    const middle = all[1] as { publishedAt: string };
    const after = await (
      await ctx.get(`/api/topics/world/items?since=${encodeURIComponent(middle.publishedAt)}`)
    ).json();
    expect(after.items.map((i: { id: string }) => i.id)).toEqual(["item-0001"]);
    const dated = await (await ctx.get("/api/topics/world/items?since=2026-11-26")).json();
    expect(dated.items).toHaveLength(3);
    const future = await (await ctx.get("/api/topics/world/items?since=2026-11-27")).json();
    expect(future.items).toEqual([]);
  });

  it("searches title and summary case-insensitively", async () => {
    const body = await (await ctx.get("/api/topics/world/items?q=SUMMARY%20OF%20ARTICLE%202")).json();
    expect(body.items.map((i: { id: string }) => i.id)).toEqual(["item-0002"]);
    expect((await (await ctx.get("/api/topics/world/items?q=nothing-like-this")).json()).items).toEqual([]);
  });
});
