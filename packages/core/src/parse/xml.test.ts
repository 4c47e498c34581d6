import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ParseError } from "../errors.ts";
import { parseFeed } from "./index.ts";

const fixture = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url));
const parse = (body: string | Uint8Array, url = "https://example.org/feed.xml") =>
  parseFeed(typeof body === "string" ? new TextEncoder().encode(body) : body, { url });

describe("RSS 2.0", async () => {
  const { info, entries } = await parse(fixture("rss2.xml"));

  it("reads the channel", () => {
    expect(info).toEqual({
      title: "Example &amp; Co",
      link: "https://example.org/",
      description: "The <b>news</b>",
      language: "en-us",
      format: "rss",
    });
  });

  it("reads an item", () => {
    expect(entries[0]).toEqual({
      link: "/posts/cafe?utm_source=rss&id=1",
      guid: "post-1",
      guidIsPermaLink: false,
      title: "Café &mdash; opening",
      descriptionHtml: "<p>Short &nbsp;text</p>",
      contentHtml: '<p>Long text <img src="/img/cafe.jpg"></p>',
      author: "Jane Doe",
      categories: ["Food", "food", "Europe"],
      published: ["Fri, 05 Jan 2024 10:00:00 GMT"],
      updated: [],
      images: [
        { url: "https://cdn.example.org/video.mp4", source: "media:content", type: null, medium: "video" },
        { url: "https://cdn.example.org/cafe.jpg", source: "media:content", type: null, medium: "image" },
        { url: "https://cdn.example.org/cafe.mp3", source: "enclosure", type: "audio/mpeg", medium: null },
      ],
      xmlBase: null,
      hash: expect.any(String),
      contentBase: null,
      descriptionBase: null,
    });
  });

  it("reads guids without isPermaLink and items with nothing but a description", () => {
    expect(entries[1]).toMatchObject({ link: null, guid: "https://example.org/posts/2", guidIsPermaLink: null });
    expect(entries[2]).toMatchObject({ link: null, guid: null, title: null, descriptionHtml: "Only a description" });
  });
});

describe("RSS 1.0 (RDF)", async () => {
  const { info, entries } = await parse(fixture("rss1.rdf"));

  it("reads the channel and items beside it", () => {
    expect(info).toEqual({
      title: "RDF Example",
      link: "https://example.org/",
      description: "An RSS 1.0 feed",
      language: "en",
      format: "rdf",
    });
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      link: "https://example.org/one",
      guid: "https://example.org/one",
      title: "One & only",
      descriptionHtml: "First <b>item</b>",
      contentHtml: "<p>Full <em>first</em> item</p>",
      author: "Ann",
      categories: ["News"],
      published: ["2024-01-05T10:00:00+01:00"],
    });
    expect(entries[1]).toMatchObject({ link: null, guid: "urn:two", published: ["2024-01-06"] });
  });
});

describe("Atom 1.0", async () => {
  const { info, entries } = await parse(fixture("atom10.xml"));

  it("reads the feed, resolving its link against xml:base", () => {
    expect(info).toEqual({
      title: "Blog &amp; more",
      link: "https://example.org/blog/",
      description: "Notes",
      language: null,
      format: "atom",
    });
  });

  it("reads an entry: alternate link, xml:base, text constructs, xhtml, categories, enclosure", () => {
    expect(entries[0]).toEqual({
      link: "https://example.org/blog/posts/first.html",
      guid: "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a",
      guidIsPermaLink: null,
      title: "1 &lt; 2",
      descriptionHtml: "<p>Summary</p>",
      contentHtml:
        '<div><p>See <a href="https://example.org/blog/about">about</a> <img src="https://example.org/blog/posts/pic.jpg"></p></div>',
      author: "Blog Team",
      categories: ["News", "tech"],
      published: ["2024-01-05T10:00:00+01:00"],
      updated: ["2024-01-06T10:00:00Z"],
      images: [{ url: "https://example.org/img/first.png", source: "enclosure", type: "image/png", medium: null }],
      xmlBase: "https://example.org/blog/posts/",
      hash: expect.any(String),
      contentBase: "https://example.org/blog/posts/",
      descriptionBase: "https://example.org/blog/posts/",
    });
  });

  it("keeps unreadable dates raw for normalize to judge, escapes type=text, reads media:group", () => {
    expect(entries[1]).toMatchObject({
      updated: ["not a date"],
      contentHtml: "Plain &lt;text&gt;",
      images: [{ url: "https://cdn.example.org/second.jpg", source: "media:thumbnail" }],
      xmlBase: "https://example.org/blog/",
      hash: expect.any(String),
    });
  });
});

describe("Atom 0.3", async () => {
  const { info, entries } = await parse(fixture("atom03.xml"));

  it("reads the feed: escaped title, tagline, xml:lang", () => {
    expect(info).toEqual({
      title: "Atom &lt;0.3&gt;",
      link: "http://example.org/",
      description: "Old but gold",
      language: "fr",
      format: "atom",
    });
  });

  it("reads issued/modified/created, escaped, inline and base64 content, inherited authors", () => {
    expect(entries.map((entry) => [entry.author, entry.contentHtml, entry.published, entry.updated])).toEqual([
      [
        "Feed Author",
        "<p>Escaped <b>HTML</b></p>",
        ["2005-07-31T12:29:29+02:00", "2005-07-30T00:00:00Z"],
        ["2005-08-01T08:00:00Z"],
      ],
      ["Own Author", "<div><p>Inline <i>XHTML</i></p></div>", ["2005-07-31T10:00:00Z"], []],
      ["Feed Author", "<p>Base64</p>", [], []],
    ]);
    expect(entries[0]?.descriptionHtml).toBe("Plain &lt;summary&gt;");
  });
});

describe("broken XML", () => {
  it.each([
    ["an RSS version it does not know", '<rss version="9"><channel><item><title>a</title></item></channel></rss>', 1],
    ["no version at all", "<rss><channel><item><title>a</title></item></channel></rss>", 1],
    ["an Atom link without attributes", "<feed><entry><link>https://example.org/a</link></entry></feed>", 1],
    ["undeclared prefixes", "<rss version='2.0'><channel><item><foo:bar>x</foo:bar></item></channel></rss>", 1],
    ["unquoted attributes and unclosed tags", "<rss version=2.0><channel><item><title>a<item><title>b</channel>", 2],
  ])("still reads %s", async (_name, xml, count) => {
    expect((await parse(xml)).entries).toHaveLength(count);
  });

  it("takes the channel's Atom alternate link when its own link is empty", async () => {
    const xml = `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><link/>
      <atom:link rel="self" href="https://example.org/feed"/><atom:link href="/home"/></channel></rss>`;
    expect((await parse(xml)).info.link).toBe("https://example.org/home");
  });

  it("reads an Atom feed written with a prefix", async () => {
    const xml = `<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>T</a:title>
      <a:entry><a:id>1</a:id><a:link href="https://example.org/1"/></a:entry></a:feed>`;
    const feed = await parse(xml);
    expect(feed.info).toMatchObject({ title: "T", format: "atom" });
    expect(feed.entries[0]).toMatchObject({ guid: "1", link: "https://example.org/1" });
  });

  it("rejects RSS without a channel", async () => {
    await expect(parse("<rss><item/></rss>")).rejects.toThrow("parse: not a feed: <rss> has no <channel>");
  });

  it("reads a prefixed Atom link in RSS as the item link", async () => {
    const xml = `<rss version="2.0" xmlns:a10="http://www.w3.org/2005/Atom"><channel><item>
      <a10:link href="https://example.org/a"/><a10:author><a10:name>Ann</a10:name></a10:author></item></channel></rss>`;
    expect((await parse(xml)).entries[0]).toMatchObject({ link: "https://example.org/a", author: "Ann" });
  });

  it("gives ParseError for a JSON body that is not a feed", async () => {
    await expect(parse('{"hello":1}')).rejects.toBeInstanceOf(ParseError);
  });
});
