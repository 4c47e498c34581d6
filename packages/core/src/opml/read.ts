/**
 * Reads an OPML 1.0/2.0 subscription list (what Miniflux, FreshRSS, Feedly and NetNewsWire export) into the
 * feeds it names and the folders they sit in. XML is read by fast-xml-parser; DOCTYPE entities are never
 * expanded and nothing is fetched.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { TributaryError } from "../errors.ts";
import { shownUrl } from "../fetch/shown-url.ts";
import { htmlToText } from "../normalize/text.ts";
import { decodeBody } from "../parse/index.ts";

/** The file is not a readable OPML document; the message says why (and where, for malformed XML). */
export class OpmlError extends TributaryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("opml", message, options);
  }
}

/** One feed outline: its http(s) URL, its title if it has one, and the folder titles it sits in, outermost first. */
export interface OpmlFeed {
  url: string;
  title: string | null;
  folders: string[];
  /** Where it is in the file: `body.outline[2].outline[0]`. */
  at: string;
}

/** An outline with an `xmlUrl` that cannot be a source, and why. */
export interface OpmlSkip {
  at: string;
  title: string | null;
  reason: string;
}

/** What a subscription list holds. */
export interface OpmlDocument {
  title: string | null;
  feeds: OpmlFeed[];
  skipped: OpmlSkip[];
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: true,
  isArray: (name) => name === "outline",
});

/** An attribute by name, matched case-insensitively (`xmlUrl`, `xmlurl`), trimmed; null when absent or blank. */
function attribute(node: Node, name: string): string | null {
  const wanted = `@_${name.toLowerCase()}`;
  for (const [key, value] of Object.entries(node)) {
    if (key.toLowerCase() === wanted && typeof value === "string") return value.trim() || null;
  }
  return null;
}

/**
 * The http(s) URL an `xmlUrl` names, or why it cannot be a source (not http(s), or a user name or password in it,
 * which a source URL may not carry: the reason shows the URL without them). `feed://host/x` and `feed:https://host/x`
 * (the feed URI scheme some readers write) are read as the http(s) URL they wrap.
 */
export function feedUrl(raw: string): { url: string } | { reason: string } {
  const unwrapped = raw.replace(/^feed:(?=https?:)/i, "").replace(/^feed:\/\//i, "http://");
  let url: URL;
  try {
    url = new URL(unwrapped);
  } catch {
    return { reason: `not a URL: "${shownUrl(raw).slice(0, 200)}"` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { reason: `not an http(s) URL (${url.protocol}): "${shownUrl(raw).slice(0, 200)}"` };
  }
  url.hash = "";
  if (url.username || url.password) {
    // A source URL is public (SPEC §1): the credentials belong in its headers, which an OPML file cannot hold.
    url.username = "";
    url.password = "";
    return {
      reason:
        "has a user name or password in its URL, which is shown publicly: " +
        `add ${url.href.slice(0, 200)} by hand, with the credentials in its headers (e.g. an Authorization header)`,
    };
  }
  return { url: url.href };
}

function walk(outlines: unknown, at: string, folders: string[], doc: OpmlDocument): void {
  if (!Array.isArray(outlines)) return;
  outlines.forEach((value, i) => {
    const node: Node = value && typeof value === "object" ? (value as Node) : {};
    const here = `${at}.outline[${i}]`;
    // Plain text, as every title is: an outline title carrying markup keeps its words, never its tags.
    const title = htmlToText(attribute(node, "title") ?? attribute(node, "text"));
    const xmlUrl = attribute(node, "xmlUrl");
    if (xmlUrl) {
      const parsed = feedUrl(xmlUrl);
      if ("url" in parsed) doc.feeds.push({ url: parsed.url, title, folders, at: here });
      else doc.skipped.push({ at: here, title, reason: parsed.reason });
    } else if (attribute(node, "type")?.toLowerCase() === "rss") {
      doc.skipped.push({ at: here, title, reason: "has no xmlUrl" });
    }
    // An outline with children is a folder (a feed outline's children stay in the folder it sits in).
    const inner = xmlUrl ? folders : [...folders, title ?? "Untitled folder"];
    walk(node.outline, here, inner, doc);
  });
}

/** Where a position is in a text: line and column, both from 1. */
function endOf(text: string): { line: number; col: number } {
  const lines = text.split(/\r\n|\r|\n/);
  return { line: lines.length, col: (lines.at(-1) as string).length + 1 };
}

/** What fast-xml-parser's validator says when the file ends with several elements open: `Invalid '["a", "b"]' found.` */
const STILL_OPEN = /^Invalid '(\[.*\])' found\.$/s;
/** … and with one element open, at that element's start tag. */
const ONE_OPEN = /^Unclosed tag '([^']*)'\.$/;

/** The element names of the validator's `STILL_OPEN` list, outermost first; none when it cannot be read. */
function openNames(list: string): string[] {
  try {
    const names = JSON.parse(list) as unknown;
    return Array.isArray(names) ? names.map(String) : [];
  } catch {
    return [];
  }
}

/**
 * The validator's error as one line naming the problem and where it is: "malformed XML at line 3, column 7: …", or
 * no position when none is known. The validator reports a file that ends with elements open as raw JSON at line 1,
 * column 1 (several) or at the open start tag (one): both are said in words, at the end of the file.
 */
function malformed(text: string, err: { code: string; msg: string; line: number; col?: number }): string {
  const end = endOf(text);
  const atEnd = `malformed XML at line ${end.line}, column ${end.col}: the file ends before`;
  const several = STILL_OPEN.exec(err.msg)?.[1];
  if (several !== undefined) {
    const tags = openNames(several)
      .reverse()
      .map((name) => `<${name}>`);
    return tags.length > 0 ? `${atEnd} ${tags.join(", ")} close` : `${atEnd} its elements close`;
  }
  const one = ONE_OPEN.exec(err.msg)?.[1];
  if (one !== undefined) return `${atEnd} <${one}> (opened at line ${err.line}, column ${err.col}) closes`;
  if (err.msg === "Start tag expected.") return "malformed XML: no element (an OPML file is an <opml> element)";
  const message = err.msg.replace(/\s+/g, " ").trim();
  if (err.col === undefined) return `malformed XML: ${message}`;
  return `malformed XML at line ${err.line}, column ${err.col}: ${message}`;
}

/**
 * Reads an OPML subscription list from its bytes (BOM, XML declaration, else UTF-8).
 * Outlines with an `xmlUrl` are feeds; outlines with children are folders, nested at any depth.
 * @throws OpmlError for malformed XML ("malformed XML at line 3, column 7: …"), a root other than
 *   `<opml>`, or no `<body>`.
 * @example const { title, feeds, skipped } = readOpml(await readFile("feeds.opml"));
 */
export function readOpml(bytes: Uint8Array): OpmlDocument {
  const text = decodeBody(bytes, null).text.replace(/^\uFEFF/, "");
  if (text.trim() === "") throw new OpmlError("empty file");
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new OpmlError(malformed(text, valid.err));
  let root: Node;
  try {
    root = parser.parse(text) as Node;
  } catch (error) {
    throw new OpmlError(`malformed XML: ${(error as Error).message}`, { cause: error });
  }
  const elements = Object.keys(root).filter((key) => !key.startsWith("?") && !key.startsWith("!"));
  const opml = root.opml;
  if (!opml || typeof opml !== "object") {
    throw new OpmlError(`not an OPML file: the root element is <${elements[0] ?? "none"}>, not <opml>`);
  }
  const body = (opml as Node).body;
  if (body === undefined) throw new OpmlError("not an OPML file: <opml> has no <body>");
  const head = (opml as Node).head;
  const rawTitle = head && typeof head === "object" ? (head as Node).title : undefined;
  const doc: OpmlDocument = {
    title: typeof rawTitle === "string" && rawTitle.trim() ? rawTitle.trim() : null,
    feeds: [],
    skipped: [],
  };
  if (body && typeof body === "object") walk((body as Node).outline, "body", [], doc);
  return doc;
}
