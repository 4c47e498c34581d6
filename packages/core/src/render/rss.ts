/** RSS 2.0 rendering (https://www.rssboard.org/rss-specification), with the content, Dublin Core and Atom modules. */
import type { Item } from "../item.ts";
import { entryCategories } from "./categories.ts";
import { toRfc822 } from "./dates.ts";
import type { FeedDocument } from "./feed-document.ts";
import { displayTitle, escapeHtml, nonBlank } from "./text.ts";
import { el, optional, type XmlElement, xmlDocument } from "./xml.ts";

/** Where the RSS 2.0 specification lives, for the channel's `<docs>`. */
export const RSS_DOCS = "https://www.rssboard.org/rss-specification";

const NAMESPACES = {
  "xmlns:atom": "http://www.w3.org/2005/Atom",
  "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
  "xmlns:dc": "http://purl.org/dc/elements/1.1/",
};

function rssItem(item: Item, sourceTitles: Readonly<Record<string, string>>): XmlElement {
  const summary = nonBlank(item.summary);
  return el("item", [
    el("title", displayTitle(item)),
    optional("link", nonBlank(item.url)),
    el("guid", { isPermaLink: "false" }, item.id),
    el("pubDate", toRfc822(item.publishedAt)),
    optional("dc:creator", nonBlank(item.author)),
    ...entryCategories(item, sourceTitles).map((category) => el("category", category)),
    // Readers treat <description> as HTML: the plain-text summary is HTML-escaped so it shows verbatim.
    optional("description", summary === null ? null : escapeHtml(summary)),
    optional("content:encoded", nonBlank(item.contentHtml)),
  ]);
}

/**
 * Renders a feed page as RSS 2.0: channel title, link, description, self and next links, items with stable guids.
 * @example renderRss(doc).startsWith('<?xml version="1.0" encoding="utf-8"?>') // true
 */
export function renderRss(doc: FeedDocument): string {
  const channel = el("channel", [
    el("title", doc.title),
    el("link", doc.homeUrl),
    el("description", nonBlank(doc.description) ?? doc.title),
    el("atom:link", { rel: "self", type: "application/rss+xml", href: doc.selfUrl }),
    doc.nextUrl !== null && el("atom:link", { rel: "next", type: "application/rss+xml", href: doc.nextUrl }),
    optional("language", nonBlank(doc.language)),
    el("lastBuildDate", toRfc822(doc.updatedAt)),
    optional("generator", nonBlank(doc.generator)),
    el("docs", RSS_DOCS),
    ...doc.items.map((item) => rssItem(item, doc.sourceTitles)),
  ]);
  return xmlDocument(el("rss", { version: "2.0", ...NAMESPACES }, [channel]));
}
