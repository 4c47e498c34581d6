/** Atom 1.0 rendering (RFC 4287) with RFC 5005 paging links. */
import { createHash } from "node:crypto";
import { languageTag } from "../config/language-tag.ts";
import type { Item } from "../item.ts";
import { entryCategories } from "./categories.ts";
import { toRfc3339 } from "./dates.ts";
import { type FeedDocument, feedAuthorName } from "./feed-document.ts";
import { MEDIA_NS, mediaImage } from "./media.ts";
import { entryAuthor, type Publisher } from "./publisher.ts";
import { entryContentHtml, entryGuid, storyOthers } from "./story.ts";
import { displayTitle, htmlText, nonBlank } from "./text.ts";
import { el, optional, type XmlElement, xmlDocument } from "./xml.ts";

const ATOM_NS = "http://www.w3.org/2005/Atom";

/** Namespace of the name-based entry ids; fixed forever, or every entry id would change. */
const ENTRY_ID_NAMESPACE = "bac383c6-2dbf-41a5-8b13-defd8bec3c3c";

/**
 * The Atom entry id of an item: a name-based (version 5) `urn:uuid:` of the item id, stable across feeds and hosts.
 * @example atomEntryId("abc") // "urn:uuid:…" (always the same for "abc")
 */
export function atomEntryId(itemId: string): string {
  const namespace = Buffer.from(ENTRY_ID_NAMESPACE.replaceAll("-", ""), "hex");
  const hash = createHash("sha1").update(namespace).update(itemId, "utf8").digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A text construct (RFC 4287 §3.1) holding plain text, as `type="html"` with the text HTML-escaped: a reader that
 * honours the type shows the words, and one that takes every title as HTML shows the same words and finds no markup.
 */
function textConstruct(name: string, text: string): XmlElement {
  return el(name, { type: "html" }, htmlText(text));
}

/** The entry's content: the HTML, else — when there is no summary or no alternate link — text RFC 4287 then needs. */
function entryContent(item: Item, url: string | null, summary: string | null): XmlElement | null {
  const html = entryContentHtml(item);
  if (html !== null) return el("content", { type: "html" }, html);
  if (url !== null && summary !== null) return null;
  return textConstruct("content", summary ?? displayTitle(item));
}

/** The feed an entry comes from (RFC 4287 §4.2.11 `atom:source`): its id and self link the feed URL, its title. */
function entrySource(publisher: Publisher): XmlElement {
  return el("source", [
    el("id", publisher.url),
    textConstruct("title", publisher.title),
    el("link", { rel: "self", href: publisher.url }),
  ]);
}

/** A `<link rel="related">` (RFC 4287 §4.2.7.2) per other item of the entry's story, titled by its publisher. */
function relatedLinks(item: Item): XmlElement[] {
  return storyOthers(item).flatMap((other) => {
    const href = nonBlank(other.url);
    if (href === null) return [];
    return [el("link", { rel: "related", href, ...(other.sourceTitle ? { title: other.sourceTitle } : {}) })];
  });
}

function atomEntry(item: Item, doc: FeedDocument): XmlElement {
  const url = nonBlank(item.url);
  const summary = nonBlank(item.summary);
  const publisher = doc.publishers.of(item);
  const author = entryAuthor(item, publisher);
  return el("entry", [
    // A story-grouped entry is its story: the id its first item gets, so a story of one keeps its id.
    el("id", atomEntryId(entryGuid(item))),
    textConstruct("title", displayTitle(item)),
    el("updated", toRfc3339(item.updatedAt)),
    el("published", toRfc3339(item.publishedAt)),
    author !== null && el("author", [el("name", author)]),
    url !== null && el("link", { rel: "alternate", href: url }),
    ...relatedLinks(item),
    ...entryCategories(item, doc.sourceTitles).map((term) => el("category", { term })),
    publisher !== null && entrySource(publisher),
    summary !== null && textConstruct("summary", summary),
    entryContent(item, url, summary),
    ...mediaImage(item.imageUrl),
  ]);
}

/**
 * Renders a feed page as Atom 1.0. Each entry names its publisher in `<source>` and as its author when the item has
 * none; the feed-level author is the feed's title, so an entry with neither still has an author (RFC 4287); the
 * feed's language is its `xml:lang`; titles, subtitle and summaries are HTML-escaped `type="html"` text constructs;
 * each entry's image is Media RSS `media:content` and `media:thumbnail`.
 * @example renderAtom(doc).includes("<feed xmlns=\"http://www.w3.org/2005/Atom\"") // true
 */
export function renderAtom(doc: FeedDocument): string {
  const description = nonBlank(doc.description);
  const feed = el("feed", { xmlns: ATOM_NS, "xmlns:media": MEDIA_NS, "xml:lang": languageTag(doc.language) }, [
    el("id", doc.feedId),
    textConstruct("title", doc.title),
    description !== null && textConstruct("subtitle", description),
    el("updated", toRfc3339(doc.updatedAt)),
    el("author", [el("name", feedAuthorName(doc))]),
    el("link", { rel: "self", type: "application/atom+xml", href: doc.selfUrl }),
    doc.hubUrl ? el("link", { rel: "hub", href: doc.hubUrl }) : null,
    el("link", { rel: "alternate", type: "text/html", href: doc.homeUrl }),
    doc.nextUrl !== null && el("link", { rel: "next", type: "application/atom+xml", href: doc.nextUrl }),
    optional("generator", nonBlank(doc.generator)),
    ...doc.items.map((item) => atomEntry(item, doc)),
  ]);
  return xmlDocument(feed);
}
