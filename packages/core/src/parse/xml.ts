/** RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 through rss-parser, read into the format-neutral `ParsedFeed`. */
import Parser from "rss-parser";
import { ParseError } from "../errors.ts";
import { type FeedFormat, MAX_ENTRIES, type ParsedFeed } from "./types.ts";
import { cleanXml } from "./xml-clean.ts";
import { readEntry } from "./xml-entry.ts";
import {
  attributeOf,
  firstText,
  nodesOf,
  rawKey,
  resolveUrl,
  textConstructHtml,
  textOf,
  type XmlNode,
} from "./xml-nodes.ts";

// rss-parser post-processes a few elements unsafely: it throws on an Atom date it cannot read or a <link>
// without attributes, and strips markup from descriptions with regexes that turn quadratic on hostile input.
// These elements are renamed as they are parsed, so it never sees them; they are read raw below instead.
const HIDDEN = new Set(["link", "published", "updated", "content", "summary", "description", "content:encoded"]);
const ITEM_ELEMENTS = [
  ...HIDDEN,
  ...["guid", "id", "title", "dc:title", "author", "dc:creator", "itunes:author", "category", "dc:subject"],
  ...["atom:link", "atom:author"],
  ...["pubDate", "dc:date", "issued", "created", "modified", "dc:modified", "atom:updated", "itunes:summary"],
  ...["media:content", "media:thumbnail", "media:group", "enclosure", "itunes:image", "$"],
];
const FEED_ELEMENTS = [
  "title",
  "link",
  "atom:link",
  "description",
  "subtitle",
  "tagline",
  "language",
  "dc:language",
  "author",
];

type RawFields = Record<string, unknown>;

/**
 * Parses decoded XML text of an RSS, RDF or Atom feed.
 * @throws ParseError when the XML is beyond repair or its root is not a feed.
 */
export async function parseXmlFeed(text: string, url: string): Promise<ParsedFeed> {
  const { xml, root } = cleanXml(text, { maxEntries: MAX_ENTRIES });
  const format = formatOf(root.name);
  if (format !== "atom" && !root.children.has("channel"))
    throw new ParseError(`not a feed: <${root.name}> has no <channel>`);
  const parser = new Parser<RawFields, RawFields>({
    defaultRSS: 2,
    xml2js: { tagNameProcessors: [(name: string) => (HIDDEN.has(name) ? rawKey(name) : name)] },
    customFields: {
      item: ITEM_ELEMENTS.map((name) => [HIDDEN.has(name) ? rawKey(name) : name, rawKey(name), { keepArray: true }]),
      // rss-parser accepts [from, to, options] for feed fields too, though its typings only list names.
      feed: FEED_ELEMENTS.map((name) => [
        HIDDEN.has(name) ? rawKey(name) : name,
        rawKey(name),
        { keepArray: true },
      ]) as never,
    },
  });
  let output: Parser.Output<RawFields> & RawFields;
  try {
    output = await parser.parseString(xml);
  } catch (error) {
    throw new ParseError(`malformed XML: ${firstLine(error)}`, { cause: error });
  }
  const base = resolveUrl(root.attributes["xml:base"], url);
  const atom = format === "atom";
  const feedAuthor = atom ? firstText(nodesOf(output[rawKey("author")]).flatMap(nameNodes)) : null;
  const entries = output.items.map((item) => readEntry(item, { atom, base, feedAuthor, url }));
  return {
    info: {
      title: textConstructHtml(nodesOf(output[rawKey("title")])[0], atom ? "text" : "html"),
      link: resolveUrl(
        feedLink([...nodesOf(output[rawKey("link")]), ...nodesOf(output[rawKey("atom:link")])]),
        base ?? url,
      ),
      description: textConstructHtml(
        nodesOf(output[rawKey(atom ? "subtitle" : "description")] ?? output[rawKey("tagline")])[0],
        atom ? "text" : "html",
      ),
      language:
        firstText(output[rawKey("language")]) ??
        firstText(output[rawKey("dc:language")]) ??
        root.attributes["xml:lang"] ??
        null,
      format,
    },
    entries,
  };
}

function formatOf(root: string): FeedFormat {
  if (root === "rss") return "rss";
  if (root === "rdf:RDF") return "rdf";
  if (root === "feed") return "atom";
  throw new ParseError(`not a feed: root element <${root}>`);
}

function nameNodes(author: XmlNode): XmlNode[] {
  return typeof author === "object" ? nodesOf(author.name) : [];
}

/** The feed's own web page: an Atom `alternate` link or the RSS `link` text. */
function feedLink(links: XmlNode[]): string | null {
  for (const link of links) {
    const text = textOf(link);
    if (text !== null) return text;
    const href = attributeOf(link, "href");
    if (href && (attributeOf(link, "rel") ?? "alternate") === "alternate") return href;
  }
  return null;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}
