import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOSTILE } from "../../../../tests/helpers/feed-samples.ts";
import { childNamed, childrenNamed, parseStrictXml } from "../../../../tests/helpers/strict-xml.ts";
import type { Item } from "../item.ts";
import type { FeedDocument } from "./feed-document.ts";
import { renderAtom, renderJsonFeed, renderOpml, renderRss } from "./index.ts";
import { displayTitle, removeInvalidChars } from "./text.ts";

/** Any UTF-16 code unit, lone surrogates and controls included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const anyString = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: codeUnit }),
  fc.constantFrom(HOSTILE, "]]>", "<![CDATA[", "&amp;", "\u0000", "\uD800", "", " "),
);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const isoDate = fc
  .date({ min: new Date("1000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true })
  .map((date) => date.toISOString());

const item: fc.Arbitrary<Item> = fc.record({
  id: anyString,
  url: maybe(anyString),
  title: maybe(anyString),
  summary: maybe(anyString),
  contentHtml: maybe(anyString),
  author: maybe(anyString),
  categories: fc.array(anyString, { maxLength: 3 }),
  imageUrl: maybe(anyString),
  publishedAt: isoDate,
  updatedAt: isoDate,
  sources: fc.array(fc.oneof(anyString, fc.constantFrom("a", "__proto__", "constructor")), { maxLength: 3 }),
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
  language: maybe(anyString),
});

describe("any strings in any field", () => {
  it("give RSS that parses strictly, with every item's guid and title intact", () => {
    fc.assert(
      fc.property(feedDocument, (doc) => {
        const channel = childNamed(parseStrictXml(renderRss(doc)), "channel");
        const items = childrenNamed(channel, "item");
        expect(items).toHaveLength(doc.items.length);
        doc.items.forEach((input, index) => {
          const output = items[index];
          if (!output) throw new Error("missing item");
          expect(childNamed(output, "guid").text).toBe(removeInvalidChars(input.id));
          expect(childNamed(output, "title").text).toBe(removeInvalidChars(displayTitle(input)));
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

  it("give JSON that parses, with content in every item", () => {
    fc.assert(
      fc.property(feedDocument, (doc) => {
        const feed = JSON.parse(renderJsonFeed(doc)) as { items: Record<string, unknown>[] };
        expect(feed.items).toHaveLength(doc.items.length);
        for (const output of feed.items) {
          expect(typeof (output.content_html ?? output.content_text)).toBe("string");
        }
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
