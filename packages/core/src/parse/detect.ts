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
 * Whether a body (UTF-8 bytes, `utf8Body`) is an XML feed or JSON, judged by its first element or character.
 * @throws ParseError ("empty body", "not a feed: looks like an HTML page", …) for anything that is not a feed.
 */
export function sniffSyntax(bytes: Buffer): "xml" | "json" {
  const start = firstNonSpace(bytes);
  if (start < 0) throw new ParseError("empty body");
  const first = bytes[start];
  if (first === 0x7b) return "json";
  if (first === 0x5b) throw new ParseError("not a feed: a JSON array");
  const root = firstElement(bytes);
  if (root === null) {
    throw new ParseError(first === 0x3c ? "malformed XML: no root element" : "not a feed: neither XML nor JSON");
  }
  const local = root.slice(root.indexOf(":") + 1);
  if (FEED_ROOTS.has(local)) return "xml";
  const lower = root.toLowerCase();
  if (HTML_PAGE.has(lower)) throw new ParseError("not a feed: looks like an HTML page");
  if (HTML_FRAGMENT.has(lower))
    throw new ParseError(`not a feed: looks like an HTML fragment (starts with <${lower}>)`);
  throw new ParseError(`not a feed: root element <${root}>`);
}

/** The offset of the first byte that is not white space (ASCII, or U+00A0 and the other Unicode spaces); -1 if none. */
function firstNonSpace(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x20 || (byte >= 0x09 && byte <= 0x0d)) continue;
    if (byte < 0x80) return i;
    // A character beyond ASCII: white space as JavaScript's `\s` tells it, or the first character.
    const char = bytes.toString("utf8", i, i + 4).slice(0, 2);
    const code = char.codePointAt(0) as number;
    if (!/^\s/.test(String.fromCodePoint(code))) return i;
    i += Buffer.byteLength(String.fromCodePoint(code)) - 1;
  }
  return -1;
}

/** The name of the first element, past the XML declaration, comments and DOCTYPE. */
function firstElement(bytes: Buffer): string | null {
  const found: { name: string | null } = { name: null };
  scanXml(bytes, {
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
