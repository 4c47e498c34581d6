/**
 * The served feeds as the Universal Feed Parser reads them (Debian's python3-feedparser, which many readers use):
 * the same words as the API's plain text, no markup where a reader takes text as HTML, images and language present.
 */

import type { Item } from "@tributary/core/item";
import { atomEntryId, entryCategories } from "@tributary/core/render";
import { displayTitle } from "@tributary/core/render/text.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { feedparse, feedparserAvailable, type ParsedFeed, type ParsedText } from "../helpers/feedparser.ts";
import { collapseSpace, readAsHtml, shownWords } from "../helpers/html-reading.ts";
import { readersConfig, servedSite, storedHostile } from "./site.ts";

const available = feedparserAvailable();
if (!available) {
  console.warn("notice: /usr/bin/python3 cannot import feedparser (apt-get install python3-feedparser): skipped");
}

/** What a reader shows of a text feedparser reports: HTML read as HTML (which must hold no element), else the text. */
function shown(text: ParsedText | string | null): string {
  const { value, type } = typeof text === "string" || text === null ? { value: text, type: "text/html" } : text;
  if (value === null) return "";
  if (type !== "text/html") return collapseSpace(value);
  const reading = readAsHtml(value);
  expect(reading.elements, value).toEqual([]);
  return reading.text;
}

/** An entry's publisher: the first of its item's sources in configuration order ("all" includes every source). */
const publisherOf = (item: Item): string =>
  readersConfig.sources.map((source) => source.id).find((id) => item.sources.includes(id)) ?? "";

describe.skipIf(!available)("feedparser reads the served feeds", () => {
  let items: Item[];
  let titles: Record<string, string>;
  let feeds: Record<"rss" | "atom", ParsedFeed>;
  let get: (path: string) => Promise<string>;

  beforeAll(async () => {
    const site = await servedSite();
    get = site.get;
    // Every item on its own (`group=none`): each fixture's text and image is read, whatever story it joined.
    items = (JSON.parse(await get("/api/topics/all/items?limit=200&group=none")) as { items: Item[] }).items;
    const sources = (JSON.parse(await get("/api/sources")) as { sources: { id: string; title: string }[] }).sources;
    titles = Object.fromEntries(sources.map((source) => [source.id, source.title]));
    feeds = {
      rss: feedparse(await get("/feeds/all.rss?group=none")),
      atom: feedparse(await get("/feeds/all.atom?group=none")),
    };
  });

  it("gets hostile plain text from the API, so the checks below mean something", () => {
    // Whatever the reading side keeps of the fixtures' markup, this item's plain text is stored as is.
    expect(items.find((item) => item.id === storedHostile.id)).toMatchObject({
      title: storedHostile.title,
      author: storedHostile.author,
      categories: storedHostile.categories,
    });
    expect(titles.rss).toContain("Hostile");
    expect(items.length).toBeGreaterThanOrEqual(9);
  });

  it.each(["rss", "atom"] as const)("%s: well-formed, its language and the topic's title and description", (format) => {
    const feed = feeds[format];
    expect(feed.bozo, feed.bozoException ?? "").toBe(false);
    expect(feed.version).toBe(format === "rss" ? "rss20" : "atom10");
    expect(feed.language).toBe("en");
    expect(shown(feed.title)).toBe("Everything <b>here</b> & there");
    expect(shown(feed.subtitle)).toBe("All <i>of</i> it & more");
    expect(shown(feed.generator)).toBe("Tributary");
  });

  it.each(["rss", "atom"] as const)("%s: each entry's title, author and categories show the API's words", (format) => {
    const feed = feeds[format];
    expect(feed.entries.map((entry) => entry.id)).toEqual(
      items.map((item) => (format === "rss" ? item.id : atomEntryId(item.id))),
    );
    feed.entries.forEach((entry, n) => {
      const item = items[n] as Item;
      expect(shown(entry.title)).toBe(shownWords(displayTitle(item)));
      // RSS authors and categories are taken as HTML by readers; Atom's are text by RFC 4287.
      const asRead = (value: string | null) => (format === "rss" ? shown(value) : collapseSpace(value ?? ""));
      // The item's author, else its publisher's title: never the topic's.
      const author = item.author ?? titles[publisherOf(item)] ?? null;
      expect(asRead(entry.author)).toBe(author === null ? "" : shownWords(author));
      expect(entry.tags.map(asRead)).toEqual(entryCategories(item, titles).map(shownWords));
    });
  });

  it.each(["rss", "atom"] as const)("%s: each entry names its publisher: title and feed URL", (format) => {
    feeds[format].entries.forEach((entry, n) => {
      const id = publisherOf(items[n] as Item);
      const source = readersConfig.sources.find((s) => s.id === id);
      const title = titles[id] ?? id;
      expect(entry.source?.href).toBe(source?.url);
      const shownTitle =
        format === "rss"
          ? shown(entry.source?.title ?? null)
          : shown({ value: entry.source?.title ?? null, type: "text/html" });
      expect(shownTitle).toBe(shownWords(title));
    });
    expect(new Set(feeds[format].entries.map((entry) => entry.source?.href)).size).toBe(3);
  });

  it.each(["rss", "atom"] as const)("%s: each entry's image is Media RSS content and thumbnail", (format) => {
    feeds[format].entries.forEach((entry, n) => {
      const image = (items[n] as Item).imageUrl;
      expect(entry.mediaContent).toEqual(image === null ? [] : [{ url: image, medium: "image" }]);
      expect(entry.mediaThumbnail).toEqual(image === null ? [] : [{ url: image }]);
    });
  });

  it("finds the image of every image source: Media RSS, enclosures, iTunes, JSON Feed image and banner, content", () => {
    const images = feeds.rss.entries.flatMap((entry) => entry.mediaContent.map((media) => media.url));
    expect(new Set(images)).toEqual(
      new Set([
        "https://site.example/img/media.jpg",
        "https://cdn.site.example/enclosure.jpg",
        "https://cdn.site.example/itunes.png",
        "https://cdn.site.example/thumb.jpg",
        "https://site.example/img/inline.png",
        "https://cdn.atom.example/enclosure.png",
        "https://cdn.json.example/image.jpg",
        "https://cdn.json.example/banner.jpg",
        storedHostile.imageUrl,
      ]),
    );
  });

  it("keeps one guid per article in every topic, so readers keying by guid see the same article", async () => {
    const shared = items.find((item) => item.url === "https://site.example/head");
    expect(shared?.sources.toSorted()).toEqual(["atom", "rss"]);
    for (const slug of ["all", "rss-only", "atom-only"]) {
      const feed = feedparse(await get(`/feeds/${slug}.rss`));
      expect(feed.entries.filter((entry) => entry.link === shared?.url).map((entry) => entry.id)).toEqual([shared?.id]);
    }
    expect(readersConfig.topics.map((topic) => topic.slug)).toEqual(["all", "rss-only", "atom-only"]);
  });
});
