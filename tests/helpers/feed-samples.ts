/** Sample feed pages for the renderer tests and golden files. */
import type { Item } from "@tributary/core/item";
import type { FeedDocument } from "@tributary/core/render/feed-document.ts";
import { Publishers } from "@tributary/core/render/publisher.ts";

/** Strings that break naive escaping: markup, CDATA end, controls, a lone surrogate, emoji, right-to-left text. */
export const HOSTILE =
  "<script>alert('x')</script> ]]> & \"q\" \u0000\u0001\u001f nul \uD800 lone 🦜 emoji עברית rtl \u202Eevil\r\nend";

/** `HOSTILE` as it survives: invalid XML characters removed, everything else kept. */
export const HOSTILE_CLEANED =
  "<script>alert('x')</script> ]]> & \"q\"  nul  lone 🦜 emoji עברית rtl \u202Eevil\r\nend";

/** A complete item: every field set, HTML content with entities and quotes, two known sources. */
export const fullItem: Item = {
  id: "aHR0cHM6Ly9leGFtcGxlLm9yZy9h",
  url: "https://news.example.org/2024/01/a?id=1&lang=en",
  title: 'Rates rise & markets "wobble"',
  summary: "Central banks moved <again>; analysts said 'no surprise'.",
  contentHtml:
    '<p>Central banks <a href="https://example.org/x?a=1&amp;b=2">moved</a> again.</p>\n<p>Café — 5 &lt; 6</p>',
  contentSource: "feed",
  author: "Ada Lovelace",
  categories: ["Economy", "Rates"],
  imageUrl: "https://news.example.org/img/a.jpg",
  publishedAt: "2024-01-02T03:04:05.000Z",
  updatedAt: "2024-01-02T05:00:00.000Z",
  sources: ["bbc-business", "ft"],
  story: { id: "aHR0cHM6Ly9leGFtcGxlLm9yZy9h", size: 1 },
};

/** A sparse item: no author, no content, no image, one unknown source. */
export const sparseItem: Item = {
  id: "c3BhcnNl",
  url: "https://other.example.com/b",
  title: "Short note",
  summary: "Only a summary here.",
  contentHtml: null,
  contentSource: "feed",
  author: null,
  categories: [],
  imageUrl: null,
  publishedAt: "2024-01-01T23:59:59.000Z",
  updatedAt: "2024-01-01T23:59:59.000Z",
  sources: ["ft", "no-such-source"],
  story: { id: "c3BhcnNl", size: 1 },
};

/** An item with neither title, summary, URL nor content: renderers must still produce a valid entry. */
export const bareItem: Item = {
  id: "YmFyZQ",
  url: null,
  title: null,
  summary: null,
  contentHtml: null,
  contentSource: "feed",
  author: null,
  categories: ["Economy"],
  imageUrl: null,
  publishedAt: "2023-12-31T00:00:00.000Z",
  updatedAt: "2023-12-31T00:00:00.000Z",
  sources: [],
  story: { id: "YmFyZQ", size: 1 },
};

/** An item whose every text field is hostile. */
export const hostileItem: Item = {
  id: "aG9zdGlsZQ",
  url: "https://news.example.org/h?q=%3Cx%3E&r='y'",
  title: HOSTILE,
  summary: HOSTILE,
  contentHtml: `<p>${HOSTILE}</p>`,
  contentSource: "feed",
  author: HOSTILE,
  categories: [HOSTILE, "\u0001", " "],
  imageUrl: null,
  publishedAt: "2023-06-15T12:00:00.000Z",
  updatedAt: "2023-06-15T12:30:00.000Z",
  sources: ["hostile"],
  story: { id: "aG9zdGlsZQ", size: 1 },
};

/** The feed formats, by file extension. */
export type FeedFormat = "rss" | "atom" | "json";

/** A two-page topic's first page in `format` with the sample items, newest first. */
export function sampleDocument(format: FeedFormat = "rss", overrides: Partial<FeedDocument> = {}): FeedDocument {
  return {
    title: "Economy",
    description: "Business & economy news from several sources",
    homeUrl: "https://tributary.example.net/topics/economy",
    selfUrl: `https://tributary.example.net/feeds/economy.${format}?limit=4`,
    nextUrl: `https://tributary.example.net/feeds/economy.${format}?limit=4&cursor=abc.def`,
    feedId: "https://tributary.example.net/feeds/economy",
    updatedAt: "2024-01-02T05:00:00.000Z",
    generator: "Tributary",
    items: [fullItem, sparseItem, bareItem, hostileItem],
    sourceTitles: { "bbc-business": "BBC Business", ft: "Financial Times", hostile: `Source ${HOSTILE}` },
    // Configuration order puts the Financial Times first: the full item's publisher is it, not the BBC.
    publishers: new Publishers([
      { id: "ft", title: "Financial Times", url: "https://www.ft.com/rss/home?format=rss&edition=uk" },
      { id: "bbc-business", title: "BBC Business", url: "https://feeds.bbci.co.uk/news/business/rss.xml" },
      { id: "hostile", title: `Source ${HOSTILE}`, url: "https://hostile.example/feed?a=1&c=%3Cb%3E" },
    ]),
    language: "en",
    ...overrides,
  };
}

/** A configured topic with no items yet, in `format`. */
export function emptyDocument(format: FeedFormat = "rss"): FeedDocument {
  return sampleDocument(format, {
    description: null,
    nextUrl: null,
    items: [],
    updatedAt: "1970-01-01T00:00:00.000Z",
    language: null,
  });
}
