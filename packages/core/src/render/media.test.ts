import { describe, expect, it } from "vitest";
import { fullItem, sampleDocument, sparseItem } from "../../../../tests/helpers/feed-samples.ts";
import { childrenNamed, parseStrictXml, type XmlNode } from "../../../../tests/helpers/strict-xml.ts";
import { renderAtom } from "./atom.ts";
import { renderJsonFeed } from "./json-feed.ts";
import { imageUrl, MEDIA_NS } from "./media.ts";
import { renderRss } from "./rss.ts";

/** The Media RSS elements of an entry, recognised by namespace: name, then its attributes. */
const media = (entry: XmlNode) =>
  entry.children.filter((child) => child.uri === MEDIA_NS).map((child) => [child.name.split(":")[1], child.attributes]);

describe("imageUrl", () => {
  it.each(["https://news.example.org/img/a.jpg", "http://example.org/a.png?w=1&h=2"])(
    "keeps the absolute http(s) URL %s",
    (url) => {
      expect(imageUrl(url)).toBe(url);
    },
  );

  it.each([
    null,
    undefined,
    "",
    " https://x.org/a.jpg",
    "/img/a.jpg",
    "javascript:alert(1)",
    "data:image/png;base64,AA",
    "ftp://x.org/a.jpg",
    "not a url",
  ])("refuses %j", (url) => {
    expect(imageUrl(url)).toBeNull();
  });
});

describe("entry images", () => {
  const image = fullItem.imageUrl as string;
  const expected = [
    ["content", { url: image, medium: "image" }],
    ["thumbnail", { url: image }],
  ];
  const doc = sampleDocument("rss", {
    items: [fullItem, sparseItem, { ...sparseItem, id: "js", imageUrl: "javascript:x" }],
  });

  it("are Media RSS content and thumbnail in RSS, only where the item has a usable image", () => {
    const [channel] = parseStrictXml(renderRss(doc)).children;
    const items = childrenNamed(channel as XmlNode, "item");
    expect(items.map(media)).toEqual([expected, [], []]);
  });

  it("are Media RSS content and thumbnail in Atom", () => {
    const entries = childrenNamed(parseStrictXml(renderAtom(doc)), "entry");
    expect(entries.map(media)).toEqual([expected, [], []]);
  });

  it("are image in JSON Feed", () => {
    const feed = JSON.parse(renderJsonFeed(doc)) as { items: { image?: string }[] };
    expect(feed.items.map((item) => item.image)).toEqual([image, undefined, undefined]);
  });
});
