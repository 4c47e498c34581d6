/**
 * The served feeds against the rules readers and the W3C Feed Validator hold them to: strict XML, the elements
 * RSS 2.0 and RFC 4287 require, Media RSS attributes, a registered language, plain text that holds no markup when
 * read as HTML (written RSS Profile style), and JSON Feed valid against the 1.1 schema.
 */

import { languageTag, validateConfig } from "@tributary/core/config";
import type { Item } from "@tributary/core/item";
import Ajv from "ajv";
import schema from "jsonfeed-schema/schema-v1.1.json" with { type: "json" };
import { beforeAll, describe, expect, it } from "vitest";
import { readAsHtml } from "../helpers/html-reading.ts";
import { childNamed, childrenNamed, parseStrictXml, type XmlNode } from "../helpers/strict-xml.ts";
import { readersConfig, servedSite } from "./site.ts";

const MEDIA_NS = "http://search.yahoo.com/mrss/";
/** Media RSS `medium` values. */
const MEDIUMS = ["image", "audio", "video", "document", "executable"];
/** The elements of RSS 2.0 and its modules that hold plain text, which readers take as HTML. */
const RSS_PLAIN = ["title", "description", "category", "dc:creator", "generator"];

const isUri = (value: string) => /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]*$/i.test(value) && URL.canParse(value);
const isDateTime = (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(value);
const validateJsonFeed = new Ajv({ allErrors: true, formats: { uri: isUri, "date-time": isDateTime } }).compile(schema);

/** A text read as HTML creates no element, and holds no `<` a reader could take for a tag. */
function expectNoMarkup(node: XmlNode): void {
  expect(readAsHtml(node.text).elements, `${node.name}: ${node.text}`).toEqual([]);
  expect(node.text, node.name).not.toContain("<");
}

/** Media RSS image of an entry: both elements in the Media RSS namespace, with an absolute http(s) url. */
function expectMedia(entry: XmlNode, image: string | null): void {
  const media = entry.children.filter((child) => child.uri === MEDIA_NS);
  if (image === null) return void expect(media).toEqual([]);
  const [content, thumbnail] = media;
  expect(content?.name).toBe("media:content");
  expect(MEDIUMS).toContain(content?.attributes.medium);
  expect(content?.attributes.url).toBe(image);
  expect(thumbnail?.name).toBe("media:thumbnail");
  expect(thumbnail?.attributes.url).toBe(image);
  expect(image).toMatch(/^https?:\/\//);
}

describe("served feeds follow the readers' and the validator's rules", () => {
  let site: Awaited<ReturnType<typeof servedSite>>;
  let items: Item[];
  beforeAll(async () => {
    site = await servedSite();
    items = (JSON.parse(await site.get("/api/topics/all/items?limit=200")) as { items: Item[] }).items;
  });

  it("checks a story-grouped topic whose entries name other outlets", () => {
    // The rules below then hold for the "Also reported by" list and Atom's related links too.
    expect(items.some((item) => (item.story.others?.length ?? 0) > 0)).toBe(true);
  });

  it("RSS: required elements, a registered language, Media RSS, markup-free plain text, RSS Profile escapes", async () => {
    const body = await site.get("/feeds/all.rss");
    const rss = parseStrictXml(body);
    expect(rss.attributes.version).toBe("2.0");
    const channel = childNamed(rss, "channel");
    for (const name of ["title", "link", "description"]) expect(childNamed(channel, name).text.trim()).not.toBe("");
    const language = childNamed(channel, "language").text;
    expect(languageTag(language)).toBe(language);
    const entries = childrenNamed(channel, "item");
    expect(entries).toHaveLength(items.length);
    entries.forEach((entry, n) => {
      const item = items[n] as Item;
      expect(childNamed(entry, "title").text.trim()).not.toBe("");
      expect(childNamed(entry, "guid").text).toBe(item.id);
      expect(new Date(childNamed(entry, "pubDate").text).toISOString()).toBe(item.publishedAt);
      expectMedia(entry, item.imageUrl);
    });
    const plain = [channel, ...entries].flatMap((node) => node.children.filter((c) => RSS_PLAIN.includes(c.name)));
    expect(plain.length).toBeGreaterThan(items.length * 2);
    for (const node of plain) expectNoMarkup(node);
    // Character data writes & and < as &#x26; and &#x3C; (https://www.rssboard.org/rss-profile#data-types-characterdata).
    expect(body.replace(/"[^"]*"/g, '""')).not.toMatch(/&amp;|&lt;/);
  });

  it("Atom: id, title, updated and an author; xml:lang; html text constructs without markup; Media RSS", async () => {
    const feed = parseStrictXml(await site.get("/feeds/all.atom"));
    const language = feed.attributes["xml:lang"] ?? "";
    expect(languageTag(language)).toBe(language);
    for (const name of ["id", "title", "updated"]) expect(childNamed(feed, name).text.trim()).not.toBe("");
    expect(childNamed(childNamed(feed, "author"), "name").text.trim()).not.toBe("");
    const entries = childrenNamed(feed, "entry");
    expect(entries).toHaveLength(items.length);
    entries.forEach((entry, n) => {
      for (const name of ["id", "title", "updated"]) expect(childNamed(entry, name).text.trim()).not.toBe("");
      expectMedia(entry, (items[n] as Item).imageUrl);
    });
    const constructs = [feed, ...entries].flatMap((node) =>
      node.children.filter((child) => ["title", "subtitle", "summary"].includes(child.name)),
    );
    for (const node of constructs) {
      expect(node.attributes.type).toBe("html");
      expectNoMarkup(node);
    }
  });

  it("JSON Feed: valid against the 1.1 schema, with language, images and the API's plain text", async () => {
    const feed = JSON.parse(await site.get("/feeds/all.json")) as {
      language?: string;
      items: { id: string; title?: string; image?: string }[];
    };
    expect(validateJsonFeed(feed), JSON.stringify(validateJsonFeed.errors)).toBe(true);
    expect(feed.language).toBe("en");
    expect(feed.items.map((item) => [item.id, item.title, item.image])).toEqual(
      items.map((item) => [item.id, item.title ?? undefined, item.imageUrl ?? undefined]),
    );
  });

  it("declare the configured language, else the one all of a topic's sources declare, else none", async () => {
    const german = await servedSite(validateConfig({ ...readersConfig, language: "de-CH" }));
    expect(childNamed(childNamed(parseStrictXml(await german.get("/feeds/all.rss")), "channel"), "language").text).toBe(
      "de-CH",
    );
    const withSilent = validateConfig({
      ...readersConfig,
      sources: [...readersConfig.sources, { id: "silent", url: "https://silent.example/feed.rss" }],
      topics: [...readersConfig.topics, { slug: "mixed", title: "Mixed", sources: ["rss", "silent"] }],
    });
    const mixed = await servedSite(withSilent);
    const channel = childNamed(parseStrictXml(await mixed.get("/feeds/mixed.rss")), "channel");
    expect(childrenNamed(channel, "language")).toEqual([]);
    expect(parseStrictXml(await mixed.get("/feeds/mixed.atom")).attributes).not.toHaveProperty("xml:lang");
    expect(JSON.parse(await mixed.get("/feeds/mixed.json"))).not.toHaveProperty("language");
    expect(
      childNamed(childNamed(parseStrictXml(await mixed.get("/feeds/rss-only.rss")), "channel"), "language").text,
    ).toBe("en");
  });
});
