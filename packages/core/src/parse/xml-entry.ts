/** One RSS item or Atom entry, read from the raw elements rss-parser copied, into a `RawEntry`. */
import type { ImageCandidate, RawEntry } from "./types.ts";
import {
  attributeOf,
  childrenOf,
  firstText,
  nodesOf,
  rawKey,
  resolveUrl,
  textConstructHtml,
  textOf,
  type XmlNode,
} from "./xml-nodes.ts";

/** What an entry inherits from its feed. */
export interface EntryContext {
  atom: boolean;
  /** The feed's resolved `xml:base`, if any. */
  base: string | null;
  /** The feed's author; Atom entries without one inherit it. */
  feedAuthor: string | null;
  url: string;
}

/** Reads an item or entry. */
export function readEntry(item: Record<string, unknown>, context: EntryContext): RawEntry {
  const raw = (element: string): XmlNode[] => nodesOf(item[rawKey(element)]);
  const attributes = item[rawKey("$")] as Record<string, string> | undefined;
  const declaredBase = resolveUrl(attributes?.["xml:base"], context.base ?? context.url) ?? context.base;
  const textType = context.atom ? "text" : "html";
  const guid = raw("guid")[0];
  const permaLink = attributeOf(guid, "isPermaLink")?.toLowerCase();
  return {
    link: entryLink([...raw("link"), ...raw("atom:link")]),
    guid: textOf(guid) ?? firstText(raw("id")) ?? attributes?.["rdf:about"]?.trim() ?? null,
    guidIsPermaLink: permaLink === "true" ? true : permaLink === "false" ? false : null,
    title: textConstructHtml(raw("title")[0] ?? raw("dc:title")[0], textType),
    descriptionHtml:
      textConstructHtml(raw(context.atom ? "summary" : "description")[0], textType) ??
      textConstructHtml(raw("itunes:summary")[0], "text"),
    contentHtml: contentHtml(raw(context.atom ? "content" : "content:encoded")[0], textType),
    author: author(raw, context),
    categories: [...raw("category"), ...raw("dc:subject")]
      .map((node) => attributeOf(node, "label") ?? attributeOf(node, "term") ?? textOf(node))
      .filter((category): category is string => category !== null),
    published: texts(raw, ["published", "pubDate", "dc:date", "issued", "created"]),
    updated: texts(raw, ["updated", "atom:updated", "modified", "dc:modified"]),
    images: images(raw),
    xmlBase: declaredBase,
  };
}

/** The first `alternate` link (Atom), or the first link text (RSS). */
function entryLink(links: XmlNode[]): string | null {
  for (const link of links) {
    const text = textOf(link);
    if (text !== null) return text;
    const rel = attributeOf(link, "rel") ?? "alternate";
    const href = attributeOf(link, "href");
    if (rel === "alternate" && href) return href;
  }
  return null;
}

/** Atom content given by reference (`src`) has no inline content. */
function contentHtml(node: XmlNode | undefined, textType: string): string | null {
  if (attributeOf(node, "src")) return null;
  return textConstructHtml(node, textType);
}

function author(raw: (element: string) => XmlNode[], context: EntryContext): string | null {
  const atomName = firstText(
    [...raw("author"), ...raw("atom:author")].flatMap((node) => [
      ...childrenOf(node, "name"),
      ...childrenOf(node, "atom:name"),
    ]),
  );
  return (
    atomName ??
    firstText(raw("dc:creator")) ??
    firstText(raw("author")) ??
    firstText(raw("itunes:author")) ??
    (context.atom ? context.feedAuthor : null)
  );
}

function texts(raw: (element: string) => XmlNode[], elements: string[]): string[] {
  return elements.flatMap((element) => raw(element).map(textOf)).filter((text): text is string => text !== null);
}

/** Image candidates in order of preference: media:content, media:thumbnail, enclosures, itunes:image. */
function images(raw: (element: string) => XmlNode[]): ImageCandidate[] {
  const groups = raw("media:group");
  const media = [...raw("media:content"), ...groups.flatMap((group) => childrenOf(group, "media:content"))];
  const thumbnails = [...raw("media:thumbnail"), ...groups.flatMap((group) => childrenOf(group, "media:thumbnail"))];
  const enclosureLinks = [...raw("link"), ...raw("atom:link")].filter(
    (link) => attributeOf(link, "rel") === "enclosure",
  );
  const candidates: (ImageCandidate | null)[] = [
    ...media.map((node) => candidate(attributeOf(node, "url"), "media:content", node)),
    ...thumbnails.map((node) => candidate(attributeOf(node, "url"), "media:thumbnail", node)),
    ...raw("enclosure").map((node) => candidate(attributeOf(node, "url"), "enclosure", node)),
    ...enclosureLinks.map((node) => candidate(attributeOf(node, "href"), "enclosure", node)),
    ...raw("itunes:image").map((node) => candidate(attributeOf(node, "href") ?? textOf(node), "itunes:image", node)),
  ];
  return candidates.filter((image): image is ImageCandidate => image !== null);
}

function candidate(url: string | null, source: ImageCandidate["source"], node: XmlNode): ImageCandidate | null {
  if (!url) return null;
  return { url, source, type: attributeOf(node, "type")?.toLowerCase() ?? null, medium: attributeOf(node, "medium") };
}
