/** Atom 1.0 (RFC 4287) and Atom 0.3 mapped into `ParsedFeed`. */
import { keptEntries } from "./entry-cap.ts";
import { entryDates } from "./entry-dates.ts";
import { entryHash, mapUnknown } from "./entry-hash.ts";
import {
  alternateLink,
  atomAuthor,
  enclosureLinks,
  extensionAuthor,
  extensionCategories,
  extensionContent,
  extensionDescription,
  extensionImages,
} from "./extensions.ts";
import { absolute } from "./rss.ts";
import type { ParsedFeed, RawEntry } from "./types.ts";
import { NS } from "./xml-names.ts";
import { attributeOf, childOf, childrenOf, firstText, textConstructHtml } from "./xml-read.ts";
import { expandEntry, type XmlDocument, type XmlElement } from "./xml-tree.ts";

/**
 * Reads an Atom `feed`: its own text constructs and links, and its entries (which inherit its author) that
 * `keptEntries` keeps and whose hash is not in `known`.
 */
export function readAtom(document: XmlDocument, url: string, known?: ReadonlySet<string>): ParsedFeed {
  const feed = document.root;
  const entries = keptEntries(childrenOf(feed, NS.atom, "entry"), entryDates);
  const feedAuthor = atomAuthor(feed) ?? extensionAuthor(feed);
  const hashes = entries.map((entry) =>
    entryHash(document.source.subarray(entry.start, entry.end), [url, entry.base, entry.inherited, feedAuthor]),
  );
  return {
    info: {
      title: textConstructHtml(childOf(feed, NS.atom, "title") ?? childOf(feed, NS.dc, "title"), "text"),
      link: absolute(alternateLink(childrenOf(feed, NS.atom, "link")), url),
      description:
        textConstructHtml(childOf(feed, NS.atom, "subtitle") ?? childOf(feed, NS.atom, "tagline"), "text") ??
        extensionDescription(feed).html,
      language: attributeOf(feed, "lang", NS.xml) ?? firstText([childOf(feed, NS.dc, "language")]),
      format: "atom",
    },
    entries: mapUnknown(entries, hashes, known, (entry) => readEntry(expandEntry(document, entry), feedAuthor)),
    entryHashes: hashes,
  };
}

/** One Atom `entry` as a `RawEntry`; an entry without an author takes its `<source>`'s, else the feed's. */
function readEntry(entry: XmlElement, feedAuthor: string | null): RawEntry {
  const own = (local: string) => childOf(entry, NS.atom, local);
  const links = childrenOf(entry, NS.atom, "link");
  const summary = own("summary");
  const summaryHtml = textConstructHtml(summary, "text");
  const fallbackDescription = extensionDescription(entry);
  const content = own("content");
  const contentHtml = attributeOf(content, "src") ? null : textConstructHtml(content, "text");
  const fallbackContent = extensionContent(entry);
  return {
    link: alternateLink(links),
    guid: firstText([own("id")]),
    guidIsPermaLink: null,
    title: textConstructHtml(own("title"), "text") ?? textConstructHtml(childOf(entry, NS.dc, "title"), "html"),
    descriptionHtml: summaryHtml ?? fallbackDescription.html,
    contentHtml: contentHtml ?? fallbackContent.html,
    // RFC 4287 §4.2.1: an entry without an author takes its source's, else the feed's.
    author: atomAuthor(entry) ?? extensionAuthor(entry) ?? sourceAuthor(own("source")) ?? feedAuthor,
    categories: extensionCategories(entry),
    ...entryDates(entry),
    images: extensionImages(entry, enclosureLinks(links)),
    xmlBase: entry.base,
    contentBase: contentHtml !== null ? (content?.base ?? null) : fallbackContent.base,
    descriptionBase: summaryHtml !== null ? (summary?.base ?? null) : fallbackDescription.base,
  };
}

/** The author of an entry's `<source>` (the feed it was copied from): its Atom authors, else its extension authors. */
function sourceAuthor(source: XmlElement | undefined): string | null {
  return source === undefined ? null : (atomAuthor(source) ?? extensionAuthor(source));
}
