/**
 * Elements every format may carry inside an entry: Dublin Core (https://www.dublincore.org/specifications/
 * dublin-core/dcmi-terms/), DC Terms, Media RSS, iTunes, `content:encoded`, `xhtml:body` and Atom elements in
 * RSS. The format adapters use them as fallbacks after their own core elements.
 */
import { firstAuthor } from "./authors.ts";
import type { ImageCandidate } from "./types.ts";
import { NS } from "./xml-names.ts";
import { attributeOf, childOf, childrenOf, innerHtml, markupOf, textOf, urlAt } from "./xml-read.ts";
import type { XmlElement } from "./xml-tree.ts";

/** An HTML value and the `xml:base` in effect where it was found. */
export interface Located {
  html: string | null;
  base: string | null;
}

/** Texts of the children named by `[family, local]` pairs, in that order, empties dropped. */
export function textsOf(element: XmlElement, names: [string, string][]): string[] {
  const out: string[] = [];
  for (const [ns, local] of names) {
    for (const child of childrenOf(element, ns, local)) {
      const text = textOf(child);
      if (text !== null) out.push(text);
    }
  }
  return out;
}

/** The name of the first Atom `author` that names somebody (`firstAuthor`). */
export function atomAuthor(element: XmlElement | undefined): string | null {
  return firstAuthor(childrenOf(element, NS.atom, "author").map((author) => childOf(author, NS.atom, "name")));
}

/** Author fallbacks: `dc:creator`, `dc:author`, `dcterms:creator`, `itunes:author`; the first that names somebody. */
export function extensionAuthor(element: XmlElement): string | null {
  return firstAuthor([
    ...childrenOf(element, NS.dc, "creator"),
    ...childrenOf(element, NS.dc, "author"),
    ...childrenOf(element, NS.dcterms, "creator"),
    ...childrenOf(element, NS.itunes, "author"),
  ]);
}

/** Full content beside the format's own: `content:encoded`, else `xhtml:body` (its markup as HTML). */
export function extensionContent(element: XmlElement): Located {
  const encoded = childOf(element, NS.content, "encoded");
  const html = innerHtml(encoded);
  if (html !== null) return { html, base: encoded?.base ?? null };
  const body = childOf(element, NS.xhtml, "body");
  const markup = body ? markupOf(body).trim() : "";
  return { html: markup === "" ? null : markup, base: body?.base ?? null };
}

/** Description fallbacks: `dc:description`, `dcterms:abstract`, `itunes:summary`, `media:description`. */
export function extensionDescription(element: XmlElement): Located {
  for (const [ns, local] of [
    [NS.dc, "description"],
    [NS.dcterms, "abstract"],
    [NS.dcterms, "description"],
    [NS.itunes, "summary"],
  ] as const) {
    const found = childOf(element, ns, local);
    const html = innerHtml(found);
    if (html !== null) return { html, base: found?.base ?? null };
  }
  return { html: null, base: null };
}

/** Category fallbacks: `dc:subject`, Atom `category` (`label`, else `term`, else text), `media:keywords`. */
export function extensionCategories(element: XmlElement): string[] {
  const atom = childrenOf(element, NS.atom, "category").map(
    (category) => attributeOf(category, "label") ?? attributeOf(category, "term") ?? textOf(category),
  );
  return [...textsOf(element, [[NS.dc, "subject"]]), ...atom].filter((c): c is string => c !== null);
}

/**
 * Image candidates in order of preference: `media:content`, `media:thumbnail` (also inside `media:group`),
 * then `enclosures` (the format's own, resolved), then `itunes:image` (`href`, `url` or text). URLs are
 * resolved against the `xml:base` in effect at their element.
 */
export function extensionImages(element: XmlElement, enclosures: ImageCandidate[]): ImageCandidate[] {
  const groups = childrenOf(element, NS.media, "group");
  const media = (local: string) => [
    ...childrenOf(element, NS.media, local),
    ...groups.flatMap((group) => childrenOf(group, NS.media, local)),
  ];
  const itunes = childrenOf(element, NS.itunes, "image").map((image) =>
    candidate(image, attributeOf(image, "href") ?? attributeOf(image, "url") ?? textOf(image), "itunes:image"),
  );
  return [
    ...media("content").map((node) => candidate(node, attributeOf(node, "url"), "media:content")),
    ...media("thumbnail").map((node) => candidate(node, attributeOf(node, "url"), "media:thumbnail")),
    ...enclosures,
    ...itunes,
  ].filter((image): image is ImageCandidate => image !== null);
}

/** An image candidate from an element, its URL resolved against the element's `xml:base`. */
export function candidate(
  element: XmlElement,
  url: string | null,
  source: ImageCandidate["source"],
): ImageCandidate | null {
  if (!url) return null;
  const width = attributeOf(element, "width");
  const height = attributeOf(element, "height");
  return {
    url: urlAt(element, url) ?? url,
    source,
    type: attributeOf(element, "type")?.toLowerCase() ?? null,
    medium: attributeOf(element, "medium"),
    ...(width === null ? {} : { width }),
    ...(height === null ? {} : { height }),
  };
}

/** The item link among Atom `link` elements: `rel="alternate"` or no rel, `href` or text; never an enclosure. */
export function alternateLink(links: XmlElement[]): string | null {
  for (const link of links) {
    const rel = attributeOf(link, "rel")?.toLowerCase() ?? "alternate";
    if (rel !== "alternate" && rel !== "http://www.iana.org/assignments/relation/alternate") continue;
    const href = attributeOf(link, "href") ?? textOf(link);
    if (href) return urlAt(link, href);
  }
  return null;
}

/** Atom `link rel="enclosure"` elements as image candidates. */
export function enclosureLinks(links: XmlElement[]): ImageCandidate[] {
  return links
    .filter((link) => attributeOf(link, "rel")?.toLowerCase() === "enclosure")
    .map((link) => candidate(link, attributeOf(link, "href"), "enclosure"))
    .filter((image): image is ImageCandidate => image !== null);
}
