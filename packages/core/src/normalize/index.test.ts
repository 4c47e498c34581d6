import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ParseError } from "../errors.ts";
import { readFeed } from "./index.ts";

const NOW = new Date("2024-06-01T12:00:00.000Z");
const fixture = (name: string) => readFileSync(new URL(`../parse/testdata/${name}`, import.meta.url));
const encode = (text: string) => new TextEncoder().encode(text);
const read = (body: Uint8Array | string, sourceId: string | null = "src", contentType?: string) =>
  readFeed(typeof body === "string" ? encode(body) : body, {
    url: "https://example.org/feed.xml",
    sourceId,
    contentType,
    now: NOW,
  });
const rss = (items: string) => `<rss version="2.0"><channel><title>T</title>${items}</channel></rss>`;

describe("readFeed", () => {
  it("reads RSS 2.0 into items", async () => {
    const { info, items } = await read(fixture("rss2.xml"));
    expect(info).toEqual({
      title: "Example & Co",
      link: "https://example.org/",
      description: "The news",
      language: "en-us",
      format: "rss",
    });
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      url: "https://example.org/posts/cafe?id=1",
      title: "Café — opening",
      summary: "Short text",
      contentHtml: '<p>Long text <img src="https://example.org/img/cafe.jpg" /></p>',
      contentSource: "feed",
      author: "Jane Doe",
      categories: ["Food", "Europe"],
      imageUrl: "https://cdn.example.org/cafe.jpg",
      publishedAt: "2024-01-05T10:00:00.000Z",
      updatedAt: "2024-01-05T10:00:00.000Z",
      sources: ["src"],
    });
    expect(items[1]).toMatchObject({ url: "https://example.org/posts/2", imageUrl: "https://cdn.example.org/2.jpg" });
    expect(items[2]).toMatchObject({
      url: null,
      title: null,
      summary: "Only a description",
      publishedAt: NOW.toISOString(),
    });
  });

  it.each([
    ["rss1.rdf", "rdf", ["https://example.org/one", null]],
    ["atom03.xml", "atom", ["http://example.org/2005/07/31/one", "http://example.org/2005/07/31/two", null]],
    ["atom10.xml", "atom", ["https://example.org/blog/posts/first.html", "https://example.org/second"]],
    ["jsonfeed-1.0.json", "json", ["https://example.org/1", "https://elsewhere.example/2"]],
    ["jsonfeed-1.1.json", "json", ["https://example.org/a", null]],
  ])("reads %s (%s)", async (file, format, urls) => {
    const { info, items } = await read(fixture(file));
    expect(info.format).toBe(format);
    expect(items.map((item) => item.url)).toEqual(urls);
  });

  it("resolves Atom content against xml:base", async () => {
    const { items } = await read(fixture("atom10.xml"));
    expect(items[0]).toMatchObject({
      title: "1 < 2",
      contentHtml:
        '<div><p>See <a href="https://example.org/blog/about">about</a> <img src="https://example.org/blog/posts/pic.jpg" /></p></div>',
      imageUrl: "https://example.org/img/first.png",
      publishedAt: "2024-01-05T09:00:00.000Z",
      updatedAt: "2024-01-06T10:00:00.000Z",
    });
  });

  it("keeps the feed's order and drops repeated ids, the first winning", async () => {
    const { items } = await read(
      rss(`
      <item><title>First</title><guid isPermaLink="false">a</guid></item>
      <item><title>Second</title><guid isPermaLink="false">b</guid></item>
      <item><title>First again</title><guid isPermaLink="false">a</guid></item>
      <item><title>Same page</title><link>http://example.org/p?utm_source=x</link></item>
      <item><title>Same page again</title><link>https://example.org/p#top</link></item>`),
    );
    expect(items.map((item) => item.title)).toEqual(["First", "Second", "Same page"]);
  });

  it("gives items with no link nor guid an id from their title", async () => {
    const { items } = await read(
      rss("<item><title>A</title></item><item><title>B</title></item><item><title>A</title></item>"),
    );
    expect(items.map((item) => [item.title, item.url])).toEqual([
      ["A", null],
      ["B", null],
    ]);
    const other = await read(rss("<item><title>A</title></item>"), "other");
    expect(other.items[0]?.id).not.toBe(items[0]?.id);
  });

  it("uses an empty source id when there is none", async () => {
    const { items } = await read(rss("<item><title>A</title></item>"), null);
    expect(items[0]?.sources).toEqual([]);
  });

  it("decodes the charset of the header", async () => {
    const body = Uint8Array.from([
      ...encode('<rss version="2.0"><channel><title>'),
      ...[0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2],
      ...encode("</title></channel></rss>"),
    ]);
    expect((await read(body, "src", "application/rss+xml; charset=windows-1251")).info.title).toBe("Привет");
  });

  it("sanitizes content end to end", async () => {
    const { items } = await read(
      rss(`<item><title>&lt;script&gt;alert(1)&lt;/script&gt;x</title><link>https://example.org/x</link>
      <description><![CDATA[<p>ok<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">a</a></p>]]></description></item>`),
    );
    expect(items[0]).toMatchObject({
      title: "x",
      summary: "oka",
      contentHtml: '<p>ok<img src="https://example.org/x" /><a>a</a></p>',
    });
  });

  it("reads references named like an object's properties as the text they are", async () => {
    const names = "&constructor; &toString; &__proto__; &hasOwnProperty;";
    const { info, items } = await read(
      `<rss><channel><title>A ${names}</title><item><title>B ${names}</title><link>https://example.org/b</link></item></channel></rss>`,
    );
    expect(info.title).toBe(`A ${names}`);
    expect(items[0]?.title).toBe(`B ${names}`);
  });

  it("rejects what is not a feed", async () => {
    await expect(read("<!DOCTYPE html><html><body>hi</body></html>")).rejects.toBeInstanceOf(ParseError);
    await expect(read("")).rejects.toThrow("parse: empty body");
  });
});
