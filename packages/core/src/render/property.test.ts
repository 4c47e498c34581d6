import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOSTILE } from "../../../../tests/helpers/feed-samples.ts";
import { readAsHtml, shownWords } from "../../../../tests/helpers/html-reading.ts";
import { childNamed, childrenNamed, parseStrictXml, type XmlNode } from "../../../../tests/helpers/strict-xml.ts";
import { removeInvalidXmlChars } from "../characters.ts";
import type { Item } from "../item.ts";
import { entryCategories } from "./categories.ts";
import type { FeedDocument } from "./feed-document.ts";
import { renderAtom, renderJsonFeed, renderOpml, renderRss } from "./index.ts";
import { entryAuthor, Publishers } from "./publisher.ts";
import { displayTitle, nonBlank } from "./text.ts";

/** Any UTF-16 code unit, lone surrogates and controls included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const anyString = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: codeUnit }),
  fc.constantFrom(HOSTILE, "]]>", "<![CDATA[", "&amp;", "\u0000", "\uD800", "", " "),
  markupLike(),
);

/** Text that looks like markup: tags (active ones included), entities, comments, CDATA, split by words. */
function markupLike(): fc.Arbitrary<string> {
  const piece = fc.constantFrom(
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<head>",
    "</p>",
    "<!-- c -->",
    "<![CDATA[x]]>",
    "&lt;b&gt;",
    "&amp;",
    "&copy",
    "&#60;i&#62;",
    "&#x3C;",
    "<",
    "&",
    "words",
    " ",
    "\r\n",
  );
  return fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(""));
}
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const isoDate = fc
  .date({ min: new Date("1000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true })
  .map((date) => date.toISOString());

/** Every plain text of an RSS or `type="html"` Atom element, read as HTML, shows its words and creates no element. */
function expectShownAs(node: XmlNode | undefined, plain: string): void {
  expect(readAsHtml(node?.text ?? "")).toEqual({ text: shownWords(plain), elements: [] });
}

const item: fc.Arbitrary<Item> = fc.record({
  id: anyString,
  url: maybe(anyString),
  title: maybe(anyString),
  summary: maybe(anyString),
  contentHtml: maybe(anyString),
  contentSource: fc.constant("feed" as const),
  author: maybe(anyString),
  categories: fc.array(anyString, { maxLength: 3 }),
  imageUrl: maybe(anyString),
  publishedAt: isoDate,
  updatedAt: isoDate,
  sources: fc.array(fc.oneof(anyString, fc.constantFrom("a", "__proto__", "constructor")), { maxLength: 3 }),
  story: fc.record({ id: anyString, size: fc.integer({ min: 1, max: 50 }) }),
});

const feedDocument: fc.Arbitrary<FeedDocument> = fc.record({
  title: anyString,
  description: maybe(anyString),
  homeUrl: anyString,
  selfUrl: anyString,
  nextUrl: maybe(anyString),
  feedId: anyString,
  updatedAt: isoDate,
  generator: anyString,
  items: fc.array(item, { maxLength: 4 }),
  sourceTitles: fc.dictionary(fc.oneof(anyString, fc.constant("a")), anyString, { maxKeys: 3 }),
  publishers: fc
    .array(
      fc.record({ id: fc.oneof(anyString, fc.constantFrom("a", "__proto__")), title: anyString, url: anyString }),
      {
        maxLength: 3,
      },
    )
    .map((sources) => new Publishers(sources)),
  language: maybe(anyString),
});

describe("any strings in any field", () => {
  it("give RSS that parses strictly, every guid intact, every plain text read as HTML showing its words only", () => {
    fc.assert(
      fc.property(feedDocument, (doc) => {
        const channel = childNamed(parseStrictXml(renderRss(doc)), "channel");
        expectShownAs(childNamed(channel, "title"), doc.title);
        expectShownAs(childNamed(channel, "description"), nonBlank(doc.description) ?? doc.title);
        const generator = nonBlank(doc.generator);
        expect(childrenNamed(channel, "generator")).toHaveLength(generator === null ? 0 : 1);
        if (generator !== null) expectShownAs(childNamed(channel, "generator"), generator);
        const items = childrenNamed(channel, "item");
        expect(items).toHaveLength(doc.items.length);
        doc.items.forEach((input, index) => {
          const output = items[index];
          if (!output) throw new Error("missing item");
          expect(childNamed(output, "guid").text).toBe(removeInvalidXmlChars(input.id));
          expectShownAs(childNamed(output, "title"), displayTitle(input));
          const publisher = doc.publishers.of(input);
          const author = entryAuthor(input, publisher);
          expect(childrenNamed(output, "dc:creator")).toHaveLength(author === null ? 0 : 1);
          if (author !== null) expectShownAs(childNamed(output, "dc:creator"), author);
          const sources = childrenNamed(output, "source");
          expect(sources).toHaveLength(publisher === null ? 0 : 1);
          if (publisher !== null) {
            expect(sources[0]?.attributes.url).toBe(removeInvalidXmlChars(publisher.url));
            expectShownAs(sources[0], publisher.title);
          }
          const summary = nonBlank(input.summary);
          if (summary !== null) expectShownAs(childNamed(output, "description"), summary);
          const categories = entryCategories(input, doc.sourceTitles);
          const written = childrenNamed(output, "category");
          expect(written).toHaveLength(categories.length);
          categories.forEach((category, n) => {
            expectShownAs(written[n], category);
          });
        });
      }),
    );
  });

  it("give Atom whose text constructs, read as HTML, show their words only; names and terms are the plain text", () => {
    fc.assert(
      fc.property(feedDocument, (doc) => {
        const feed = parseStrictXml(renderAtom(doc));
        expectShownAs(childNamed(feed, "title"), doc.title);
        const description = nonBlank(doc.description);
        if (description !== null) expectShownAs(childNamed(feed, "subtitle"), description);
        childrenNamed(feed, "entry").forEach((entry, index) => {
          const input = doc.items[index] as Item;
          expectShownAs(childNamed(entry, "title"), displayTitle(input));
          const summary = nonBlank(input.summary);
          if (summary !== null) expectShownAs(childNamed(entry, "summary"), summary);
          const publisher = doc.publishers.of(input);
          const author = entryAuthor(input, publisher);
          if (author !== null)
            expect(childNamed(childNamed(entry, "author"), "name").text).toBe(removeInvalidXmlChars(author));
          else expect(childrenNamed(entry, "author")).toEqual([]);
          const sources = childrenNamed(entry, "source");
          expect(sources).toHaveLength(publisher === null ? 0 : 1);
          if (publisher !== null) {
            const source = sources[0] as XmlNode;
            expect(childNamed(source, "id").text).toBe(removeInvalidXmlChars(publisher.url));
            expectShownAs(childNamed(source, "title"), publisher.title);
            expect(childNamed(source, "link").attributes).toEqual({
              rel: "self",
              href: removeInvalidXmlChars(publisher.url),
            });
          }
          const terms = childrenNamed(entry, "category").map((category) => category.attributes.term);
          expect(terms).toEqual(entryCategories(input, doc.sourceTitles));
        });
      }),
    );
  });

  it("give Atom that parses strictly, every entry with id, title, updated and an author", () => {
    fc.assert(
      fc.property(feedDocument, (doc) => {
        const feed = parseStrictXml(renderAtom(doc));
        const entries = childrenNamed(feed, "entry");
        expect(entries).toHaveLength(doc.items.length);
        expect(childrenNamed(feed, "author")).toHaveLength(1);
        for (const entry of entries) {
          expect(childNamed(entry, "id").text).toMatch(/^urn:uuid:/);
          expect(childNamed(entry, "title").text.trim()).not.toBe("");
          childNamed(entry, "updated");
        }
      }),
    );
  });

  it("give JSON that parses, with content in every item and the plain text as plain text", () => {
    fc.assert(
      fc.property(feedDocument, (doc) => {
        const feed = JSON.parse(renderJsonFeed(doc)) as { title: string; items: Record<string, unknown>[] };
        expect(feed.title).toBe(removeInvalidXmlChars(doc.title));
        expect(feed.items).toHaveLength(doc.items.length);
        feed.items.forEach((output, index) => {
          const input = doc.items[index] as Item;
          expect(typeof (output.content_html ?? output.content_text)).toBe("string");
          expect(output.title).toBe(
            nonBlank(input.title) === null ? undefined : removeInvalidXmlChars(input.title ?? ""),
          );
          const tags = entryCategories(input, doc.sourceTitles);
          expect(output.tags).toEqual(tags.length === 0 ? undefined : tags);
          const author = entryAuthor(input, doc.publishers.of(input));
          expect(output.authors).toEqual(author === null ? undefined : [{ name: removeInvalidXmlChars(author) }]);
        });
      }),
    );
  });

  it("give OPML that parses strictly", () => {
    const topic = fc.record({ title: anyString, description: maybe(anyString), rssUrl: anyString, htmlUrl: anyString });
    fc.assert(
      fc.property(anyString, fc.array(topic, { maxLength: 4 }), (title, topics) => {
        const body = childNamed(parseStrictXml(renderOpml({ title, topics })), "body");
        expect(childrenNamed(body, "outline")).toHaveLength(topics.length);
      }),
    );
  });
});
