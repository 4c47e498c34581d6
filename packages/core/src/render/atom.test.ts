import Parser from "rss-parser";
import { describe, expect, it } from "vitest";
import { bareItem, emptyDocument, fullItem, sampleDocument } from "../../../../tests/helpers/feed-samples.ts";
import { readAsHtml, shownWords } from "../../../../tests/helpers/html-reading.ts";
import { childNamed, childrenNamed, parseStrictXml, type XmlNode } from "../../../../tests/helpers/strict-xml.ts";
import { removeInvalidXmlChars } from "../characters.ts";
import { atomEntryId, renderAtom } from "./atom.ts";
import { entryCategories } from "./categories.ts";
import { entryAuthor } from "./publisher.ts";
import { displayTitle } from "./text.ts";

const ATOM = "http://www.w3.org/2005/Atom";

type Extra = { updated?: string; categories?: { $: { term: string } }[] };
const parser = new Parser<Record<string, unknown>, Extra>({
  customFields: { item: ["updated", ["category", "categories", { keepArray: true }]] },
});

const clean = (text: string | null) => (text === null ? undefined : removeInvalidXmlChars(text));
const entries = (feed: XmlNode) => childrenNamed(feed, "entry");

/** A `type="html"` text construct as read: HTML that shows the plain text's words and holds no element. */
function expectShownAs(read: string | undefined, plain: string | null): void {
  if (plain === null) expect(read).toBeUndefined();
  else expect(readAsHtml(read ?? "")).toEqual({ text: shownWords(plain), elements: [] });
}

describe("renderAtom", () => {
  it("round-trips through rss-parser: id, title, link, dates, author, categories, summary, content", async () => {
    const doc = sampleDocument("atom");
    const feed = await parser.parseString(renderAtom(doc));
    expectShownAs(feed.title, doc.title);
    expect(feed.link).toBe(doc.homeUrl);
    expect(feed.feedUrl).toBe(doc.selfUrl);
    expect(feed.items).toHaveLength(doc.items.length);
    doc.items.forEach((item, index) => {
      const parsed = feed.items[index] as (typeof feed.items)[number] & { id?: string; author?: string };
      expect(parsed.id).toBe(atomEntryId(item.id));
      expectShownAs(parsed.title, displayTitle(item));
      expect(parsed.link).toBe(item.url ?? undefined);
      expect(parsed.isoDate).toBe(new Date(item.publishedAt).toISOString());
      expect(parsed.updated).toBe(new Date(item.updatedAt).toISOString());
      expect(parsed.author).toBe(clean(entryAuthor(item, doc.publishers.of(item))));
      expect((parsed.categories ?? []).map((category) => category.$.term)).toEqual(
        entryCategories(item, doc.sourceTitles),
      );
      expectShownAs(parsed.summary, item.summary);
      if (item.contentHtml !== null) expect(parsed.content).toBe(clean(item.contentHtml));
    });
  });

  it("names each entry's publisher in <source> (id, title, self link) and as its author when the item has none", () => {
    const feed = parseStrictXml(renderAtom(sampleDocument("atom")));
    const [full, sparse, bare] = entries(feed) as [XmlNode, XmlNode, XmlNode];
    const ft = "https://www.ft.com/rss/home?format=rss&edition=uk";
    for (const entry of [full, sparse]) {
      const source = childNamed(entry, "source");
      expect(childNamed(source, "id").text).toBe(ft);
      expect(childNamed(source, "title").text).toBe("Financial Times");
      expect(childNamed(source, "link").attributes).toEqual({ rel: "self", href: ft });
    }
    expect(childNamed(childNamed(full, "author"), "name").text).toBe("Ada Lovelace");
    expect(childNamed(childNamed(sparse, "author"), "name").text).toBe("Financial Times");
    // No source of the list: no publisher, and the feed's author stands for it.
    expect(childrenNamed(bare, "source")).toEqual([]);
    expect(childrenNamed(bare, "author")).toEqual([]);
  });

  it("has what RFC 4287 requires: feed id, title, updated, author; entries with id, title, updated", () => {
    for (const doc of [sampleDocument("atom"), emptyDocument("atom")]) {
      const feed = parseStrictXml(renderAtom(doc));
      expect(feed.name).toBe("feed");
      expect(feed.uri).toBe(ATOM);
      for (const name of ["id", "title", "updated"]) expect(childNamed(feed, name).text.trim()).not.toBe("");
      const feedAuthor = childrenNamed(feed, "author");
      for (const entry of entries(feed)) {
        for (const name of ["id", "title", "updated"]) expect(childNamed(entry, name).text.trim()).not.toBe("");
        const authors = [...childrenNamed(entry, "author"), ...feedAuthor];
        expect(authors.some((author) => childNamed(author, "name").text.trim() !== "")).toBe(true);
        // No content means an alternate link and a summary are needed.
        if (childrenNamed(entry, "content").length === 0) {
          expect(childrenNamed(entry, "link").some((link) => link.attributes.rel === "alternate")).toBe(true);
          expect(childrenNamed(entry, "summary")).toHaveLength(1);
        }
        for (const category of childrenNamed(entry, "category")) expect(category.attributes.term).toBeTruthy();
      }
    }
  });

  it("names the feed as author even when empty, and links self, alternate and next", () => {
    const empty = parseStrictXml(renderAtom(emptyDocument("atom")));
    expect(childNamed(childNamed(empty, "author"), "name").text).toBe("Economy");
    expect(entries(empty)).toEqual([]);
    const rels = (feed: XmlNode) => childrenNamed(feed, "link").map((link) => link.attributes.rel);
    expect(rels(empty)).toEqual(["self", "alternate"]);
    expect(rels(parseStrictXml(renderAtom(sampleDocument("atom"))))).toEqual(["self", "alternate", "next"]);
    const withHub = parseStrictXml(
      renderAtom(sampleDocument("atom", { hubUrl: "https://tributary.example.net/websub" })),
    );
    expect(rels(withHub)).toEqual(["self", "hub", "alternate", "next"]);
    const hub = childrenNamed(withHub, "link").find((link) => link.attributes.rel === "hub");
    expect(hub?.attributes.href).toBe("https://tributary.example.net/websub");
  });

  it("gives an entry without content or link a content of its title, as escaped HTML", () => {
    const hostile = { ...bareItem, title: "The <head> & <img src=x onerror=alert(1)>" };
    const feed = parseStrictXml(renderAtom(sampleDocument("atom", { items: [bareItem, hostile] })));
    const [bare, marked] = entries(feed).map((entry) => childNamed(entry, "content"));
    expect(bare?.attributes.type).toBe("html");
    expect(bare?.text).toBe("Untitled");
    expect(marked?.text).toBe("The &lt;head&gt; &amp; &lt;img src=x onerror=alert(1)&gt;");
  });

  it("writes every text construct as type html, and the language as xml:lang", () => {
    const feed = parseStrictXml(renderAtom(sampleDocument("atom")));
    expect(feed.attributes["xml:lang"]).toBe("en");
    const constructs = [feed, ...entries(feed)].flatMap((node) =>
      node.children.filter((child) => ["title", "subtitle", "summary"].includes(child.name)),
    );
    expect(constructs.length).toBeGreaterThan(5);
    for (const construct of constructs) expect(construct.attributes.type).toBe("html");
    expect(parseStrictXml(renderAtom(emptyDocument("atom"))).attributes).not.toHaveProperty("xml:lang");
  });

  it("derives stable, distinct urn:uuid entry ids from item ids", () => {
    const id = atomEntryId(fullItem.id);
    expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(atomEntryId(fullItem.id)).toBe(id);
    expect(atomEntryId(bareItem.id)).not.toBe(id);
    // Pinned (same as Python's uuid5): changing the derivation would make readers show every entry again.
    expect(id).toBe("urn:uuid:33b001b7-e8ce-5efc-8c86-df1fc8a0315f");
  });
});
