/** Tells feeds from everything else by looking at the body, never at the Content-Type. */
import { ParseError } from "../errors.ts";
import { scanXml } from "./xml-scan.ts";

// Local names of feed roots: <rss>, <feed> (also <atom:feed>), <rdf:RDF>.
const FEED_ROOTS = new Set(["rss", "feed", "RDF"]);
const HTML_PAGE = new Set(["html", "head", "body"]);
const HTML_FRAGMENT = new Set(
  "a abbr article aside b blockquote br code dd div dl dt em figure font form h1 h2 h3 h4 h5 h6 hr i iframe img li link main meta nav ol p pre script section span strong style table title ul".split(
    " ",
  ),
);

/**
 * Whether decoded text is an XML feed or JSON, judged by its first element or character.
 * @throws ParseError ("empty body", "not a feed: looks like an HTML page", …) for anything that is not a feed.
 */
export function sniffSyntax(text: string): "xml" | "json" {
  const start = text.search(/\S/);
  if (start < 0) throw new ParseError("empty body");
  const first = text[start];
  if (first === "{") return "json";
  if (first === "[") throw new ParseError("not a feed: a JSON array");
  const root = firstElement(text);
  if (root === null) {
    throw new ParseError(first === "<" ? "malformed XML: no root element" : "not a feed: neither XML nor JSON");
  }
  const local = root.slice(root.indexOf(":") + 1);
  if (FEED_ROOTS.has(local)) return "xml";
  const lower = root.toLowerCase();
  if (HTML_PAGE.has(lower)) throw new ParseError("not a feed: looks like an HTML page");
  if (HTML_FRAGMENT.has(lower))
    throw new ParseError(`not a feed: looks like an HTML fragment (starts with <${lower}>)`);
  throw new ParseError(`not a feed: root element <${root}>`);
}

/** The name of the first element, past the XML declaration, comments and DOCTYPE. */
function firstElement(text: string): string | null {
  const found: { name: string | null } = { name: null };
  scanXml(text, {
    get done() {
      return found.name !== null;
    },
    text() {},
    cdata() {},
    open(element) {
      found.name = element;
    },
    close() {},
  });
  return found.name;
}
