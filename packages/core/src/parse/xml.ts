/** RSS 0.9x/1.0/2.0 and Atom 0.3/1.0: one forgiving pass into a namespace-aware tree, then one adapter each. */
import { ParseError } from "../errors.ts";
import { readAtom } from "./atom.ts";
import { isDateElement } from "./entry-dates.ts";
import { readRdf } from "./rdf.ts";
import { readRss } from "./rss.ts";
import { MAX_ENTRIES, type ParsedFeed } from "./types.ts";
import { NS } from "./xml-names.ts";
import { readXml } from "./xml-tree.ts";

/**
 * Parses the XML of an RSS, RDF or Atom feed, as UTF-8 bytes (`utf8Body`); the root element (by namespace and local name, whatever
 * its prefix) tells the format. `url` is the base of relative `xml:base` values. Entries whose hash is in `known`
 * are hashed but not read.
 * @throws ParseError when the XML is beyond repair, truncated, or its root is not a feed.
 */
export function parseXmlFeed(bytes: Buffer, url: string, known?: ReadonlySet<string>): ParsedFeed {
  // Known entries are only hashed: their content is built only for those read (`expandEntry`); their dates are
  // built all the same, for the entry cap.
  const document = readXml(bytes, {
    url,
    builtEntries: MAX_ENTRIES,
    lazyEntries: (known?.size ?? 0) > 0,
    builtChild: isDateElement,
  });
  const { ns, local } = document.root;
  if (local === "rss") return readRss(document, url, known);
  if (local === "RDF" && (ns === NS.rdf || !ns.startsWith("http"))) return readRdf(document, url, known);
  if (local === "feed" && ns === NS.atom) return readAtom(document, url, known);
  throw new ParseError(`not a feed: root element <${local}>`);
}
