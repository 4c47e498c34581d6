/** RSS 2.0 rendering (https://www.rssboard.org/rss-specification), with the content, Dublin Core and Atom modules. */

import { languageTag } from "../config/language-tag.ts";
import type { Item } from "../item.ts";
import { entryCategories } from "./categories.ts";
import { toRfc822 } from "./dates.ts";
import type { FeedDocument } from "./feed-document.ts";
import { MEDIA_NS, mediaImage } from "./media.ts";
import { entryAuthor } from "./publisher.ts";
import { entryContentHtml, entryGuid } from "./story.ts";
import { displayTitle, htmlText, nonBlank, textOrHtml } from "./text.ts";
import { el, optional, type XmlElement, xmlDocument } from "./xml.ts";

/** Where the RSS 2.0 specification lives, for the channel's `<docs>`. */
export const RSS_DOCS = "https://www.rssboard.org/rss-specification";

const NAMESPACES = {
  "xmlns:atom": "http://www.w3.org/2005/Atom",
  "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
  "xmlns:dc": "http://purl.org/dc/elements/1.1/",
  "xmlns:media": MEDIA_NS,
};

/** A plain-text element readers take as text or as HTML (titles, authors, categories): see `textOrHtml`. */
const textElement = (name: string, text: string) => el(name, textOrHtml(text));
/** A plain-text description: every reader takes `<description>` as HTML, so it is HTML-escaped (see `htmlText`). */
const descriptionElement = (text: string) => el("description", htmlText(text));

function rssItem(item: Item, doc: FeedDocument): XmlElement {
  const summary = nonBlank(item.summary);
  const publisher = doc.publishers.of(item);
  const author = entryAuthor(item, publisher);
  return el("item", [
    textElement("title", displayTitle(item)),
    optional("link", nonBlank(item.url)),
    // One guid per article in every topic (per story in a story-grouped one): the same entry wherever a reader meets it.
    el("guid", { isPermaLink: "false" }, entryGuid(item)),
    el("pubDate", toRfc822(item.publishedAt)),
    author !== null && textElement("dc:creator", author),
    // RSS 2.0 <source>: the channel the item came from, named by its title, its feed at `url`.
    publisher !== null && el("source", { url: publisher.url }, textOrHtml(publisher.title)),
    ...entryCategories(item, doc.sourceTitles).map((category) => textElement("category", category)),
    summary !== null && descriptionElement(summary),
    optional("content:encoded", entryContentHtml(item)),
    ...mediaImage(item.imageUrl),
  ]);
}

/**
 * Renders a feed page as RSS 2.0: channel title, link, description, language, self, hub and next links, items with stable
 * guids, their publisher (`<source url>`, and `dc:creator` when the item has no author) and Media RSS images. Plain text is written so that a reader that takes it as HTML shows the same words
 * and runs nothing: descriptions HTML-escaped, titles, authors, categories and generator escaped
 * only where they could be taken for markup, so readers that take them as text show the same words too.
 * @example renderRss(doc).startsWith('<?xml version="1.0" encoding="utf-8"?>') // true
 */
export function renderRss(doc: FeedDocument): string {
  const generator = nonBlank(doc.generator);
  const channel = el("channel", [
    textElement("title", doc.title),
    el("link", doc.homeUrl),
    descriptionElement(nonBlank(doc.description) ?? doc.title),
    el("atom:link", { rel: "self", type: "application/rss+xml", href: doc.selfUrl }),
    doc.hubUrl ? el("atom:link", { rel: "hub", href: doc.hubUrl }) : null,
    doc.nextUrl !== null && el("atom:link", { rel: "next", type: "application/rss+xml", href: doc.nextUrl }),
    optional("language", languageTag(doc.language)),
    el("lastBuildDate", toRfc822(doc.updatedAt)),
    generator !== null && textElement("generator", generator),
    el("docs", RSS_DOCS),
    ...doc.items.map((item) => rssItem(item, doc)),
  ]);
  // RSS Profile character data: `&` and `<` as hex references (the decoded text is the same).
  return xmlDocument(el("rss", { version: "2.0", ...NAMESPACES }, [channel]), "hex");
}
