/** The reading rules (README "Feeds Tributary reads"), one kind of input per block, each over its whole class. */
import { describe, expect, it } from "vitest";
import { readFeed } from "../normalize/index.ts";
import { parseFeed } from "./index.ts";

const URL_ = "https://feeds.example/news/feed.xml";
const encode = (text: string) => new TextEncoder().encode(text);
const parse = (xml: string) => parseFeed(encode(xml), { url: URL_ });
const read = (xml: string) =>
  readFeed(encode(xml), { url: URL_, sourceId: "s", now: new Date("2024-06-01T00:00:00Z") });
const ATOM = "http://www.w3.org/2005/Atom";
const MEDIA = "http://search.yahoo.com/mrss/";
const atomFeed = (entries: string, attributes = "") =>
  `<feed xmlns="${ATOM}" xmlns:media="${MEDIA}"${attributes}><title>T</title>${entries}</feed>`;
const rssFeed = (items: string, attributes = "", channelAttributes = "") =>
  `<rss version="2.0" xmlns:media="${MEDIA}" xmlns:content="http://purl.org/rss/1.0/modules/content/"${attributes}><channel${channelAttributes}><title>T</title>${items}</channel></rss>`;

describe("xml:base applies at every element", () => {
  it.each([
    ["the root", atomFeed("<entry><id>1</id><link href='a'/></entry>", " xml:base='https://a.example/x/'")],
    ["the entry", atomFeed("<entry xml:base='https://a.example/x/'><id>1</id><link href='a'/></entry>")],
    ["the link", atomFeed("<entry><id>1</id><link xml:base='https://a.example/x/' href='a'/></entry>")],
    [
      "root and entry, relative to each other",
      atomFeed("<entry xml:base='x/'><id>1</id><link href='a'/></entry>", " xml:base='https://a.example/'"),
    ],
    ["the RSS channel", rssFeed("<item><link>a</link></item>", "", " xml:base='https://a.example/x/'")],
    ["the RSS item", rssFeed("<item xml:base='https://a.example/x/'><link>a</link></item>")],
    ["the RSS link", rssFeed("<item><link xml:base='https://a.example/x/'>a</link></item>")],
  ])("links: on %s", async (_name, xml) => {
    expect((await read(xml)).items[0]?.url).toBe("https://a.example/x/a");
  });

  it.each([
    [
      "Atom content (html)",
      atomFeed(
        "<entry><id>1</id><content type='html' xml:base='https://a.example/x/'>&lt;img src=\"p.png\"&gt;</content></entry>",
      ),
    ],
    [
      "Atom content (xhtml)",
      atomFeed(
        "<entry><id>1</id><content type='xhtml' xml:base='https://a.example/x/'><div xmlns='http://www.w3.org/1999/xhtml'><img src='p.png'/></div></content></entry>",
      ),
    ],
    [
      "an element inside xhtml content",
      atomFeed(
        "<entry><id>1</id><content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml' xml:base='https://a.example/x/'><p><img src='p.png'/></p></div></content></entry>",
      ),
    ],
    [
      "Atom summary",
      atomFeed(
        "<entry><id>1</id><summary type='html' xml:base='https://a.example/x/'>&lt;img src=\"p.png\"&gt;</summary></entry>",
      ),
    ],
    [
      "RSS description",
      rssFeed("<item><description xml:base='https://a.example/x/'>&lt;img src=\"p.png\"&gt;</description></item>"),
    ],
    [
      "content:encoded",
      rssFeed(
        "<item><content:encoded xml:base='https://a.example/x/'>&lt;img src=\"p.png\"&gt;</content:encoded></item>",
      ),
    ],
  ])("content: on %s", async (_name, xml) => {
    const [item] = (await read(xml)).items;
    expect(item?.contentHtml).toContain('src="https://a.example/x/p.png"');
    expect(item?.imageUrl).toBe("https://a.example/x/p.png");
  });

  it.each([
    ["media:content", "<media:content xml:base='https://a.example/x/' url='p.png' medium='image'/>"],
    ["media:thumbnail", "<media:thumbnail xml:base='https://a.example/x/' url='p.png'/>"],
    [
      "media:group",
      "<media:group xml:base='https://a.example/x/'><media:content url='p.png' medium='image'/></media:group>",
    ],
    ["an enclosure", "<enclosure xml:base='https://a.example/x/' url='p.png' type='image/png'/>"],
  ])("images: on %s", async (_name, element) => {
    expect((await read(rssFeed(`<item><link>https://b.example/a</link>${element}</item>`))).items[0]?.imageUrl).toBe(
      "https://a.example/x/p.png",
    );
  });
});

describe("Atom links are chosen by rel", () => {
  it.each(["enclosure", "related", "self", "via", "replies", "edit", "license"])(
    "a first link with rel=%s is never the item URL",
    async (rel) => {
      const xml = atomFeed(`<entry><id>1</id><link rel='${rel}' href='https://b.example/other'/>
        <link rel='alternate' href='https://b.example/article'/></entry>`);
      expect((await parse(xml)).entries[0]?.link).toBe("https://b.example/article");
    },
  );

  it.each([
    ["no rel", "<link href='https://b.example/article'/>"],
    ["the URL as text", "<link>https://b.example/article</link>"],
    [
      "an IANA rel URI",
      "<link rel='http://www.iana.org/assignments/relation/alternate' href='https://b.example/article'/>",
    ],
  ])("takes a link with %s", async (_name, link) => {
    const xml = atomFeed(
      `<entry><id>1</id><link rel='enclosure' type='image/png' href='https://b.example/i.png'/>${link}</entry>`,
    );
    expect((await parse(xml)).entries[0]?.link).toBe("https://b.example/article");
  });

  it("keeps two entries that share one enclosure as two items", async () => {
    const entry = (n: number) =>
      `<entry><id>urn:${n}</id><title>Story ${n}</title><link rel='enclosure' type='image/png' href='https://b.example/shared.png'/><link href='https://b.example/${n}'/></entry>`;
    const { items } = await read(atomFeed(entry(1) + entry(2)));
    expect(items.map((item) => item.url)).toEqual(["https://b.example/1", "https://b.example/2"]);
    expect(items.map((item) => item.imageUrl)).toEqual([
      "https://b.example/shared.png",
      "https://b.example/shared.png",
    ]);
  });
});

describe("namespaces, whatever their prefix", () => {
  const RSS1 = "http://purl.org/rss/1.0/";
  const RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
  it.each([
    [
      "rss:",
      `<rdf:RDF xmlns:rdf="${RDF}" xmlns:rss="${RSS1}"><rss:channel><rss:title>T</rss:title></rss:channel><rss:item rdf:about="https://b.example/1"><rss:title>One</rss:title><rss:link>https://b.example/1</rss:link></rss:item></rdf:RDF>`,
    ],
    [
      "a default namespace",
      `<rdf:RDF xmlns:rdf="${RDF}" xmlns="${RSS1}"><channel><title>T</title></channel><item><title>One</title><link>https://b.example/1</link></item></rdf:RDF>`,
    ],
    [
      "another rdf prefix",
      `<r:RDF xmlns:r="${RDF}" xmlns:x="${RSS1}"><x:channel><x:title>T</x:title></x:channel><x:item><x:title>One</x:title><x:link>https://b.example/1</x:link></x:item></r:RDF>`,
    ],
    [
      "RSS 0.90",
      `<rdf:RDF xmlns:rdf="${RDF}" xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>T</title></channel><item><title>One</title><link>https://b.example/1</link></item></rdf:RDF>`,
    ],
  ])("RSS 1.0 written with %s", async (_name, xml) => {
    const { info, entries } = await parse(xml);
    expect(info).toMatchObject({ title: "T", format: "rdf" });
    expect(entries[0]).toMatchObject({ title: "One", link: "https://b.example/1" });
  });

  it.each([
    [
      "r:",
      `<r:rss xmlns:r="http://backend.userland.com/rss2" version="2.0"><r:channel><r:title>T</r:title><r:item><r:title>One</r:title></r:item></r:channel></r:rss>`,
    ],
    [
      "an unknown namespace",
      `<x:rss xmlns:x="urn:x" version="2.0"><x:channel><x:title>T</x:title><x:item><x:title>One</x:title></x:item></x:channel></x:rss>`,
    ],
  ])("RSS 2.0 with a root prefixed %s", async (_name, xml) => {
    const { info, entries } = await parse(xml);
    expect(info).toMatchObject({ title: "T", format: "rss" });
    expect(entries[0]?.title).toBe("One");
  });

  it.each(["xhtml", "h", "html"])("Atom xhtml content written with the %s: prefix keeps its markup", async (prefix) => {
    const xml = `<a:feed xmlns:a="${ATOM}" xmlns:${prefix}="http://www.w3.org/1999/xhtml"><a:entry><a:id>1</a:id>
      <a:content type="xhtml"><${prefix}:div><${prefix}:p>See <${prefix}:a href="https://b.example/x">this</${prefix}:a></${prefix}:p>
      <${prefix}:img src="https://b.example/i.png"/></${prefix}:div></a:content></a:entry></a:feed>`;
    const [item] = (await read(xml)).items;
    expect(item?.contentHtml).toContain('<p>See <a href="https://b.example/x">this</a></p>');
    expect(item?.imageUrl).toBe("https://b.example/i.png");
  });

  it.each([
    ["dc", "http://purl.org/dc/elements/1.1/", (p: string) => `<${p}:creator>Ann</${p}:creator>`, { author: "Ann" }],
    [
      "content",
      "http://purl.org/rss/1.0/modules/content/",
      (p: string) => `<${p}:encoded>&lt;p&gt;Body&lt;/p&gt;</${p}:encoded>`,
      { contentHtml: "<p>Body</p>" },
    ],
    [
      "media",
      MEDIA,
      (p: string) => `<${p}:thumbnail url="https://b.example/t.png"/>`,
      { images: [{ url: "https://b.example/t.png", source: "media:thumbnail", type: null, medium: null }] },
    ],
    [
      "itunes",
      "http://www.itunes.com/dtds/podcast-1.0.dtd",
      (p: string) => `<${p}:author>Ann</${p}:author>`,
      { author: "Ann" },
    ],
    ["atom", ATOM, (p: string) => `<${p}:link href="https://b.example/1"/>`, { link: "https://b.example/1" }],
  ] as const)("%s elements under any prefix", async (_name, uri, element, expected) => {
    for (const prefix of ["z", "ns0", "X1"]) {
      const xml = `<rss version="2.0" xmlns:${prefix}="${uri}"><channel><title>T</title><item>${element(prefix)}</item></channel></rss>`;
      expect((await parse(xml)).entries[0]).toMatchObject(expected);
    }
  });

  it("does not take a known prefix bound to another namespace for the known one", async () => {
    const xml = `<rss version="2.0" xmlns:dc="urn:not-dublin-core"><channel><title>T</title><item><dc:creator>Ann</dc:creator></item></channel></rss>`;
    expect((await parse(xml)).entries[0]?.author).toBeNull();
  });
});

describe("Dublin Core, DC Terms and other fallbacks", () => {
  it("reads dc:title, dc:description, dc:creator and DC Terms dates when the core elements are missing", async () => {
    const xml = `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">
      <channel><dc:title>Feed</dc:title><item><dc:title>Title</dc:title><dc:description>About</dc:description>
      <dc:creator>Ann</dc:creator><dcterms:issued>2024-01-02T00:00:00Z</dcterms:issued>
      <dcterms:modified>2024-01-03T00:00:00Z</dcterms:modified></item>
      <item><dc:title>Two</dc:title><dc:author>Bob</dc:author><dcterms:created>2024-01-04T00:00:00Z</dcterms:created></item></channel></rss>`;
    const { info, items } = await read(xml);
    expect(info.title).toBe("Feed");
    expect(items[0]).toMatchObject({ title: "Title", summary: "About", author: "Ann" });
    expect(items[0]).toMatchObject({ publishedAt: "2024-01-02T00:00:00.000Z", updatedAt: "2024-01-03T00:00:00.000Z" });
    expect(items[1]).toMatchObject({ title: "Two", author: "Bob", publishedAt: "2024-01-04T00:00:00.000Z" });
  });

  it("reads Atom entries' DC fallbacks and category terms in Atom and in RSS", async () => {
    const atom = atomFeed(`<entry xmlns:dc="http://purl.org/dc/elements/1.1/"><id>1</id><dc:title>Title</dc:title>
      <dc:creator>Ann</dc:creator><dc:date>2024-01-02T00:00:00Z</dc:date><category term="tech"/><category>text</category></entry>`);
    expect((await read(atom)).items[0]).toMatchObject({ title: "Title", author: "Ann", categories: ["tech", "text"] });
    const rss = rssFeed(`<item><title>x</title><atom:category term="tech"/></item>`, ` xmlns:atom="${ATOM}"`);
    expect((await read(rss)).items[0]?.categories).toEqual(["tech"]);
  });

  it("reads xhtml:body content and itunes:image written with url", async () => {
    const xml = rssFeed(
      `<item><title>x</title><xhtml:body><xhtml:p>Hello <xhtml:b>there</xhtml:b></xhtml:p></xhtml:body><itunes:image url="https://b.example/c.jpg"/></item>`,
      ' xmlns:xhtml="http://www.w3.org/1999/xhtml" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"',
    );
    expect((await read(xml)).items[0]).toMatchObject({
      contentHtml: "<p>Hello <b>there</b></p>",
      imageUrl: "https://b.example/c.jpg",
    });
  });
});
