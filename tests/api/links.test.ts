import { listUrl } from "@tributary/core/urls";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMIT } from "../../functions/api/http/params.ts";
import { makeItem, seed, setup } from "./fixtures.ts";

const JUNK = "utm_source=spam&junk=%3Cx%3E&callback=evil";

/** Every absolute URL in a body (XML, HTML or JSON), `&amp;` read as `&`. */
const urlsIn = (body: string) =>
  [...body.replaceAll("&amp;", "&").matchAll(/https?:\/\/[^"'<>\s]+/g)].map((m) => m[0].replace(/\\u0026/g, "&"));

describe("links carry only the parameters a route reads", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    ctx = await setup();
    await seed(
      ctx.store,
      "world",
      Array.from({ length: 6 }, (_, n) => makeItem(n, n + 1)),
    );
  });

  it.each(["/feeds/world.rss", "/feeds/world.atom", "/feeds/world.json", "/topics/world"])(
    "%s builds self, next and every other link from the parsed parameters",
    async (path) => {
      const clean = await (await ctx.get(`${path}?limit=2&q=Article`)).text();
      const dirty = await (await ctx.get(`${path}?${JUNK}&limit=2&q=%20Article%20`)).text();
      const links = urlsIn(dirty).filter((url) => url.startsWith("http://localhost/"));
      expect(links.length).toBeGreaterThan(0);
      for (const url of links) {
        const params = [...new URL(url).searchParams.keys()];
        expect(
          params.filter((name) => !["limit", "q", "since", "filter", "filterout", "cursor"].includes(name)),
          url,
        ).toEqual([]);
      }
      expect(dirty).not.toMatch(/utm_source|junk|callback|evil/);
      // The same parameters, however spelled, give the same links.
      expect(urlsIn(dirty).map((u) => u.replace(/cursor=[^&"]+/, "cursor=C"))).toEqual(
        urlsIn(clean).map((u) => u.replace(/cursor=[^&"]+/, "cursor=C")),
      );
      expect(dirty).toContain("limit=2");
    },
  );

  it("gives a URL with unread parameters the validators of the URL without them", async () => {
    for (const path of ["/feeds/world.rss", "/api/topics/world/items", "/api/sources/alpha/items", "/topics/world"]) {
      const plain = await ctx.get(path);
      const junk = await ctx.get(`${path}?${JUNK}`);
      expect(junk.headers.get("etag"), path).toBe(plain.headers.get("etag"));
      expect(await junk.text(), path).toBe(await plain.text());
    }
  });

  it("normalises what it echoes: since as ISO, terms trimmed and |-joined, the default limit left out", async () => {
    const json = await (
      await ctx.get("/feeds/world.json?limit=50&since=2026-01-01&filter=%20Article%20|kyiv&filterout=weather&x=1")
    ).json();
    expect(json.feed_url).toBe(
      "http://localhost/feeds/world.json?since=2026-01-01T00%3A00%3A00.000Z&filter=Article%7Ckyiv&filterout=weather",
    );
  });

  it("listUrl orders parameters and leaves out empty ones", () => {
    const url = listUrl(
      "https://x.example",
      "/api/topics/a/items",
      { limit: 5, q: "k", since: undefined, filter: ["a", "b"], filterout: undefined, cursor: "c1" },
      DEFAULT_LIMIT.api,
    );
    expect(url).toBe("https://x.example/api/topics/a/items?limit=5&q=k&filter=a%7Cb&cursor=c1");
    expect(listUrl("https://x.example", "/feeds/a.rss", { limit: 50 }, DEFAULT_LIMIT.feed, null)).toBe(
      "https://x.example/feeds/a.rss",
    );
  });
});
