import Parser from "rss-parser";
import { describe, expect, it } from "vitest";
import { emptyDocument, sampleDocument } from "../../../../tests/helpers/feed-samples.ts";
import { readAsHtml, shownWords } from "../../../../tests/helpers/html-reading.ts";
import { childNamed, childrenNamed, parseStrictXml } from "../../../../tests/helpers/strict-xml.ts";
import { removeInvalidXmlChars } from "../characters.ts";
import { entryCategories } from "./categories.ts";
import { entryAuthor } from "./publisher.ts";
import { renderRss } from "./rss.ts";
import { displayTitle } from "./text.ts";

type Extra = { contentEncoded?: string; creator?: string };
const parser = new Parser<Record<string, unknown>, Extra>({
  customFields: {
    item: [
      ["content:encoded", "contentEncoded"],
      ["dc:creator", "creator"],
    ],
  },
});

const clean = (text: string | null) => (text === null ? undefined : removeInvalidXmlChars(text));

/** `read` as a reader that takes it as HTML shows it: the plain text's words, and no element at all. */
function expectShownAs(read: string | undefined, plain: string | null): void {
  if (plain === null) expect(read).toBeUndefined();
  else expect(readAsHtml(read ?? "")).toEqual({ text: shownWords(plain), elements: [] });
}

describe("renderRss", () => {
  it("round-trips through rss-parser: plain text read as HTML shows its words, the rest as given", async () => {
    const doc = sampleDocument("rss");
    const feed = await parser.parseString(renderRss(doc));
    expectShownAs(feed.title, doc.title);
    expect(feed.link).toBe(doc.homeUrl);
    expectShownAs(feed.description, doc.description);
    expect(feed.language).toBe("en");
    expect(feed.feedUrl).toBe(doc.selfUrl);
    expect(feed.paginationLinks).toEqual({ self: doc.selfUrl, next: doc.nextUrl });
    expect(feed.items).toHaveLength(doc.items.length);
    doc.items.forEach((item, index) => {
      const parsed = feed.items[index];
      expectShownAs(parsed?.title, displayTitle(item));
      expect(parsed?.link).toBe(item.url ?? undefined);
      expect(parsed?.guid).toBe(item.id);
      expect(parsed?.isoDate).toBe(new Date(item.publishedAt).toISOString());
      const categories = entryCategories(item, doc.sourceTitles);
      expect(parsed?.categories ?? []).toHaveLength(categories.length);
      categories.forEach((category, n) => {
        expectShownAs(parsed?.categories?.[n], category);
      });
      expect(parsed?.contentEncoded).toBe(clean(item.contentHtml));
      expectShownAs(parsed?.creator, entryAuthor(item, doc.publishers.of(item)));
      expectShownAs(parsed?.content, item.summary);
    });
  });

  it("names each entry's publisher: the first of its sources in configuration order, its title the author's fallback", () => {
    const channel = childNamed(parseStrictXml(renderRss(sampleDocument("rss"))), "channel");
    const items = childrenNamed(channel, "item");
    const sources = items.map((item) => childrenNamed(item, "source").map((s) => [s.attributes.url, s.text]));
    expect(sources[0]).toEqual([["https://www.ft.com/rss/home?format=rss&edition=uk", "Financial Times"]]);
    expect(sources[1]).toEqual([["https://www.ft.com/rss/home?format=rss&edition=uk", "Financial Times"]]);
    expect(sources[2]).toEqual([]);
    expect(sources[3]?.[0]?.[0]).toBe("https://hostile.example/feed?a=1&c=%3Cb%3E");
    const creators = items.map((item) => childrenNamed(item, "dc:creator").map((c) => c.text));
    expect(creators.slice(0, 3)).toEqual([["Ada Lovelace"], ["Financial Times"], []]);
  });

  it("has what RSS 2.0 requires: channel title, link, description; every item a title or description", () => {
    for (const doc of [sampleDocument("rss"), emptyDocument("rss")]) {
      const rss = parseStrictXml(renderRss(doc));
      expect(rss.name).toBe("rss");
      expect(rss.attributes.version).toBe("2.0");
      const channel = childNamed(rss, "channel");
      for (const name of ["title", "link", "description"]) expect(childNamed(channel, name).text.trim()).not.toBe("");
      for (const item of childrenNamed(channel, "item")) {
        const texts = [...childrenNamed(item, "title"), ...childrenNamed(item, "description")].map((n) => n.text);
        expect(texts.some((text) => text.trim() !== "")).toBe(true);
        expect(childNamed(item, "guid").attributes.isPermaLink).toBe("false");
      }
    }
  });

  it("links to itself, and to the next page only when there is one", () => {
    const links = (xml: string) =>
      childrenNamed(childNamed(parseStrictXml(xml), "channel"), "atom:link").map((link) => link.attributes.rel);
    expect(links(renderRss(sampleDocument("rss")))).toEqual(["self", "next"]);
    expect(links(renderRss(emptyDocument("rss")))).toEqual(["self"]);
  });

  it("names its WebSub hub with an atom:link only when given one, in strict XML", () => {
    const hubUrl = "https://tributary.example.net/websub";
    const channel = childNamed(parseStrictXml(renderRss(sampleDocument("rss", { hubUrl }))), "channel");
    const hub = childrenNamed(channel, "atom:link").find((link) => link.attributes.rel === "hub");
    expect(hub?.attributes.href).toBe(hubUrl);
  });

  it("falls back to the title when the channel has no description", () => {
    const channel = childNamed(parseStrictXml(renderRss(emptyDocument("rss"))), "channel");
    expect(childNamed(channel, "description").text).toBe("Economy");
    expect(childrenNamed(channel, "item")).toEqual([]);
  });

  it("keeps guids stable: an item's guid is its id, whatever page it is on", () => {
    const guids = (xml: string) =>
      childrenNamed(childNamed(parseStrictXml(xml), "channel"), "item").map((item) => childNamed(item, "guid").text);
    const doc = sampleDocument("rss");
    expect(guids(renderRss(doc))).toEqual(doc.items.map((item) => item.id));
    expect(guids(renderRss({ ...doc, items: doc.items.slice(2) }))).toEqual(doc.items.slice(2).map((item) => item.id));
  });
});
