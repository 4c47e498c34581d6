import { describe, expect, it } from "vitest";
import { rawEntry } from "../../../../tests/helpers/raw-entry.ts";
import {
  AUTHOR_MAX,
  CATEGORIES_MAX,
  CATEGORY_MAX,
  CONTENT_MAX_BYTES,
  LANGUAGE_MAX,
  SUMMARY_MAX,
  TITLE_MAX,
  URL_MAX,
} from "../item.ts";
import type { RawEntry } from "../parse/index.ts";
import { normalizeEntry } from "./entry.ts";
import { sanitizeContent } from "./html.ts";
import { itemId } from "./id.ts";
import { readFeed } from "./index.ts";
import { truncate } from "./text.ts";

const NOW = new Date("2024-06-01T12:00:00.000Z");
const FEED = "https://example.org/feed/";
const raw = (fields: Partial<RawEntry> = {}): RawEntry =>
  rawEntry({ link: "https://example.org/a", title: "A title", ...fields });
const normalize = (fields: Partial<RawEntry>) =>
  normalizeEntry(raw(fields), { sourceId: "src", feedUrl: FEED, now: NOW });
const points = (text: string | null) => Array.from(text ?? "").length;
const bytes = (text: string | null) => Buffer.byteLength(text ?? "");
/** Whether every element opened in sanitized HTML is closed, in order (void elements aside). */
function balanced(html: string): boolean {
  const open: string[] = [];
  for (const [, close, name] of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>/g)) {
    if (/^(img|br|hr|wbr|source)$/.test(name ?? "")) continue;
    if (close) {
      if (open.pop() !== name) return false;
    } else open.push(name ?? "");
  }
  return open.length === 0;
}

describe("plain-text fields are cut to their bounds", () => {
  it("a 450 KB title keeps its first TITLE_MAX code points, the ellipsis included", () => {
    const item = normalize({ title: "W".repeat(450_000) });
    expect(points(item.title)).toBe(TITLE_MAX);
    expect(item.title).toBe(`${"W".repeat(TITLE_MAX - 1)}…`);
  });

  it("a title of emoji is cut between code points, never inside a surrogate pair", () => {
    const item = normalize({ title: "😀".repeat(TITLE_MAX * 3) });
    expect(item.title).toBe(`${"😀".repeat(TITLE_MAX - 1)}…`);
  });

  it("a title within the bound is kept whole, as is the summary's 300", () => {
    const title = `${"word ".repeat(199)}last`;
    const item = normalize({ title, descriptionHtml: "x ".repeat(5000) });
    expect(item.title).toBe(title);
    expect(points(item.summary)).toBeLessThanOrEqual(SUMMARY_MAX);
  });

  it("a 450 KB author (dc:creator) is cut to AUTHOR_MAX", () => {
    const item = normalize({ author: "Z".repeat(450_000) });
    expect(item.author).toBe(`${"Z".repeat(AUTHOR_MAX - 1)}…`);
    expect(normalize({ author: "jdoe@example.org (Jane Doe)" }).author).toBe("Jane Doe");
  });

  it("25,000 categories: the first CATEGORIES_MAX distinct ones, in order, each within CATEGORY_MAX", () => {
    const raws = ["Dup", "dup", "x".repeat(10_000)];
    for (let n = 0; n < 25_000; n++) raws.push(`category-number-${String(n).padStart(6, "0")}`);
    const item = normalize({ categories: raws });
    expect(item.categories).toHaveLength(CATEGORIES_MAX);
    expect(item.categories.slice(0, 3)).toEqual(["Dup", `${"x".repeat(CATEGORY_MAX - 1)}…`, "category-number-000000"]);
    expect(item.categories.at(-1)).toBe(`category-number-${String(CATEGORIES_MAX - 3).padStart(6, "0")}`);
  });

  it("truncate reads no more than it needs, and leaves text within the bound alone", () => {
    expect(truncate("short", 10)).toBe("short");
    expect(truncate(`a${"😀".repeat(100)}`, 5)).toBe(`a${"😀".repeat(3)}…`);
  });
});

describe("URLs too long to be useful are dropped", () => {
  const long = `https://example.org/${"u".repeat(URL_MAX)}`;

  it("a link over URL_MAX leaves the item without a link, identified by its title", () => {
    const item = normalize({ link: long, title: "big url" });
    expect(item.url).toBeNull();
    expect(item.id).toBe(itemId({ canonicalUrl: null, sourceId: "src", guid: null, title: "big url" }));
  });

  it("a permalink guid over URL_MAX is dropped as a link but still identifies the item", () => {
    const item = normalize({ link: null, guid: long, guidIsPermaLink: true });
    expect(item.url).toBeNull();
    expect(item.id).toBe(itemId({ canonicalUrl: null, sourceId: "src", guid: long, title: "A title" }));
  });

  it("a link of exactly URL_MAX characters is kept, tracking parameters not counted", () => {
    const exact = `https://example.org/${"u".repeat(URL_MAX - 20)}`;
    expect(exact).toHaveLength(URL_MAX);
    expect(normalize({ link: `${exact}?utm_source=${"x".repeat(URL_MAX)}` }).url).toBe(exact);
  });

  it("an image over URL_MAX is passed over for the next candidate; a content image that long is dropped", () => {
    const item = normalize({
      images: [
        { url: `${long}.png`, source: "media:content", medium: "image", type: null },
        { url: "https://example.org/ok.png", source: "enclosure", medium: null, type: "image/png" },
      ],
    });
    expect(item.imageUrl).toBe("https://example.org/ok.png");
    expect(normalize({ contentHtml: `<p><img src="${long}.png"></p>` }).imageUrl).toBeNull();
  });
});

describe("content HTML is cut at a safe point", () => {
  it("550 KB of paragraphs: within CONTENT_MAX_BYTES, whole paragraphs, an ellipsis, every element closed", () => {
    const item = normalize({ descriptionHtml: "<p>para</p>".repeat(50_000) });
    const html = item.contentHtml ?? "";
    expect(bytes(html)).toBeLessThanOrEqual(CONTENT_MAX_BYTES);
    expect(bytes(html)).toBeGreaterThan(CONTENT_MAX_BYTES - 100);
    expect(html.replaceAll("<p>para</p>", "")).toMatch(/^(<p>)?…(<\/p>)?$/);
    expect(balanced(html)).toBe(true);
    expect(points(item.summary)).toBeLessThanOrEqual(SUMMARY_MAX);
  });

  it("the exact cut: the last element that fits, then the ellipsis and the end tags of those still open", () => {
    const html = "<p>one two three</p><p>four</p>";
    expect(sanitizeContent(html, null, 30).html).toBe("<p>one two three</p><p>…</p>");
    expect(sanitizeContent(html, null, 1000).html).toBe(html);
    expect(sanitizeContent("<div><ul><li>alpha beta gamma delta</li></ul></div>", null, 38).html).toBe(
      "<div><ul><li>alpha…</li></ul></div>",
    );
  });

  it("never inside a character reference, a multi-byte character or a tag; text alone is cut too", () => {
    for (const max of [20, 21, 22, 23, 24, 25]) {
      const amp = sanitizeContent(`<p>${"&amp;".repeat(100)}</p>`, null, max).html ?? "";
      expect(amp).toMatch(/^<p>(&amp;)*…<\/p>$/);
      expect(bytes(amp)).toBeLessThanOrEqual(max);
      const accents = sanitizeContent(`<b>${"é".repeat(100)}</b>`, null, max).html ?? "";
      expect(accents).toMatch(/^<b>é*…<\/b>$/);
      expect(bytes(accents)).toBeLessThanOrEqual(max);
    }
    const plain = sanitizeContent(`${"é ".repeat(100)} > ${"x".repeat(100)}`, null, 50).html ?? "";
    expect(plain).toBe(`${"é ".repeat(15)}é…`);
    expect(bytes(plain)).toBe(50);
    // A word is never cut; a run of more than 64 characters without spaces is no word and is.
    expect(sanitizeContent("<p>one two three</p>", null, 19).html).toBe("<p>one two…</p>");
    expect(sanitizeContent("x".repeat(1000), null, 50).html).toBe(`${"x".repeat(47)}…`);
    const image = sanitizeContent(`<p>intro</p><img src="data:image/png;base64,${"A".repeat(500)}">`, null, 100);
    expect(image.html).toBe("<p>intro</p>…");
  });

  it("deep nesting is cut with room for every end tag", () => {
    const html = sanitizeContent(`${"<div>".repeat(5000)}text`, null, 1000).html ?? "";
    expect(bytes(html)).toBeLessThanOrEqual(1000);
    expect(balanced(html)).toBe(true);
  });

  it("a megabyte of incompressible text stays within the bound", () => {
    let text = "";
    for (let n = 0; text.length < 1_000_000; n++) text += String.fromCodePoint(0x4e00 + ((n * 7919) % 20000));
    const item = normalize({ contentHtml: `<p>${text}</p>` });
    expect(bytes(item.contentHtml)).toBeLessThanOrEqual(CONTENT_MAX_BYTES);
    expect(item.contentHtml).toMatch(/^<p>[^<]+…<\/p>$/);
  });
});

describe("feed info is bounded", () => {
  it("cuts the feed title, drops a link over URL_MAX and a language over LANGUAGE_MAX", async () => {
    const body = `<?xml version="1.0"?><rss version="2.0"><channel><title>${"T".repeat(100_000)}</title>
      <link>https://example.org/${"l".repeat(URL_MAX)}</link><language>${"x".repeat(LANGUAGE_MAX + 1)}</language>
      <item><title>one</title><link>https://example.org/1</link></item></channel></rss>`;
    const feed = await readFeed(new TextEncoder().encode(body), { url: FEED, sourceId: "src" });
    expect(feed.info.title).toBe(`${"T".repeat(TITLE_MAX - 1)}…`);
    expect(feed.info.link).toBeNull();
    expect(feed.info.language).toBeNull();
    expect(feed.items.map((i) => i.title)).toEqual(["one"]);
  });
});
