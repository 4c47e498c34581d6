/** RSS 0.9x and 2.0 (https://www.rssboard.org/rss-specification) mapped into `ParsedFeed`. */
import { ParseError } from "../errors.ts";
import { firstAuthor } from "./authors.ts";
import { keptEntries } from "./entry-cap.ts";
import { itemDates } from "./entry-dates.ts";
import { entryHash, mapUnknown } from "./entry-hash.ts";
import {
  alternateLink,
  atomAuthor,
  candidate,
  enclosureLinks,
  extensionAuthor,
  extensionCategories,
  extensionContent,
  extensionDescription,
  extensionImages,
  textsOf,
} from "./extensions.ts";
import { scheduleHints } from "./schedule-hints.ts";
import type { FeedFormat, ImageCandidate, ParsedFeed, RawEntry } from "./types.ts";
import { NS } from "./xml-names.ts";
import { attributeOf, childOf, childrenOf, firstText, textConstructHtml, textOf, urlAt } from "./xml-read.ts";
import { expandEntry, type XmlDocument, type XmlElement } from "./xml-tree.ts";

/** `link` resolved against the feed's URL; null when it is not a URL. */
export function absolute(link: string | null, url: string): string | null {
  if (link === null) return null;
  try {
    return new URL(link, url).href;
  } catch {
    return null;
  }
}

/**
 * Reads an RSS 0.9x/2.0 document: its `channel` and the channel's items (those whose hash is not in `known`).
 * @throws ParseError when the root has no `channel`.
 */
export function readRss(document: XmlDocument, url: string, known?: ReadonlySet<string>): ParsedFeed {
  const channel = childOf(document.root, NS.rss, "channel");
  if (!channel) throw new ParseError("not a feed: <rss> has no <channel>");
  return readChannel(document, channel, childrenOf(channel, NS.rss, "item"), url, "rss", known);
}

/** The feed info of an RSS or RDF `channel` and its items as entries (those `keptEntries` keeps). */
export function readChannel(
  document: XmlDocument,
  channel: XmlElement,
  items: XmlElement[],
  url: string,
  format: FeedFormat,
  known?: ReadonlySet<string>,
): ParsedFeed {
  items = keptEntries(items, itemDates);
  const hashes = items.map((item) =>
    entryHash(document.source.subarray(item.start, item.end), [url, item.base, item.inherited]),
  );
  return {
    info: {
      title: textConstructHtml(childOf(channel, NS.rss, "title") ?? childOf(channel, NS.dc, "title"), "html"),
      link: absolute(linkText(channel) ?? alternateLink(childrenOf(channel, NS.atom, "link")), url),
      description:
        textConstructHtml(childOf(channel, NS.rss, "description"), "html") ?? extensionDescription(channel).html,
      language:
        firstText([childOf(channel, NS.rss, "language"), childOf(channel, NS.dc, "language")]) ??
        attributeOf(document.root, "lang", NS.xml),
      format,
      ...withSchedule(channel),
    },
    entries: mapUnknown(items, hashes, known, (item) => readItem(expandEntry(document, item))),
    entryHashes: hashes,
  };
}

/** `{ schedule }` when the channel gives schedule hints, else nothing (the info keeps no empty field). */
function withSchedule(channel: XmlElement): { schedule?: ReturnType<typeof scheduleHints> } {
  const schedule = scheduleHints(channel);
  return schedule ? { schedule } : {};
}

/** One RSS `item` (any version) as a `RawEntry`. */
export function readItem(item: XmlElement): RawEntry {
  const own = (local: string) => childOf(item, NS.rss, local);
  const guid = own("guid");
  const permaLink = attributeOf(guid, "isPermaLink")?.toLowerCase();
  const atomLinks = childrenOf(item, NS.atom, "link");
  const description = own("description");
  const fallbackDescription = extensionDescription(item);
  const content = extensionContent(item);
  const atomContent = childOf(item, NS.atom, "content");
  const enclosures: ImageCandidate[] = [
    ...childrenOf(item, NS.rss, "enclosure").map((node) => candidate(node, attributeOf(node, "url"), "enclosure")),
    ...enclosureLinks(atomLinks),
  ].filter((image): image is ImageCandidate => image !== null);
  const descriptionHtml = textConstructHtml(description, "html");
  const contentHtml = content.html ?? textConstructHtml(atomContent, "text");
  return {
    link: linkText(item) ?? alternateLink(atomLinks),
    guid: textOf(guid) ?? textOf(childOf(item, NS.atom, "id")) ?? attributeOf(item, "about", NS.rdf),
    guidIsPermaLink: permaLink === "true" ? true : permaLink === "false" ? false : null,
    title: textConstructHtml(own("title") ?? childOf(item, NS.dc, "title") ?? childOf(item, NS.atom, "title"), "html"),
    descriptionHtml: descriptionHtml ?? fallbackDescription.html,
    contentHtml,
    author:
      atomAuthor(item) ??
      firstAuthor([...childrenOf(item, NS.dc, "creator"), ...childrenOf(item, NS.dc, "author"), own("author")]) ??
      extensionAuthor(item),
    categories: [...textsOf(item, [[NS.rss, "category"]]), ...extensionCategories(item)],
    ...itemDates(item),
    images: extensionImages(item, enclosures),
    xmlBase: item.base,
    contentBase: content.html !== null ? content.base : (atomContent?.base ?? null),
    descriptionBase: descriptionHtml !== null ? (description?.base ?? null) : fallbackDescription.base,
  };
}

/** The first RSS `link` text, resolved against the `xml:base` in effect at that link. */
function linkText(parent: XmlElement): string | null {
  for (const link of childrenOf(parent, NS.rss, "link")) {
    const text = textOf(link);
    if (text !== null) return urlAt(link, text);
  }
  return null;
}
