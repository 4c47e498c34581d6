/**
 * A web page's bytes as text and as a document: the encoding told as browsers tell it (HTML's encoding sniffing:
 * a byte order mark, the Content-Type charset, a `<meta charset>` in the first 1024 bytes or later in the head),
 * parsed by linkedom.
 */
import { isUtf8 } from "node:buffer";
import sniffHtmlEncoding from "html-encoding-sniffer";
import { parseHTML } from "linkedom";
import {
  type DefaultTreeAdapterMap,
  defaultTreeAdapter,
  Parser as Html5Parser,
  serialize as serializeHtml5,
} from "parse5";
import { decodeAs, headerCharset } from "../parse/index.ts";
import { MAX_PAGE_DEPTH, MAX_PAGE_ELEMENTS, markupBeyondLimits } from "./page-limits.ts";

/** What the sniffer gives when nothing declares an encoding (no encoding has this name). */
const UNDECLARED = "undeclared";
/** How far a late `<meta>` declaration is looked for, in bytes, when the head does not end before. */
const HEAD_SCAN_BYTES = 64 * 1024;

/**
 * Decodes a page as browsers do, by HTML's encoding sniffing algorithm
 * (https://html.spec.whatwg.org/#encoding-sniffing-algorithm): a byte order mark; else UTF-8 when the bytes
 * hold non-ASCII characters and are all valid UTF-8 (text in a legacy encoding practically never is, while saved
 * and proxied pages are often re-encoded to UTF-8 keeping their old declaration, as browsers' detectors
 * find); else the Content-Type `charset`; else a `<meta charset>` or `http-equiv` declaration in the first 1024
 * bytes (the prescan), else one later in the head, which makes a browser's parser change the encoding when it
 * meets it (https://html.spec.whatwg.org/#changing-the-encoding-while-parsing); else UTF-8 when the bytes are
 * valid UTF-8 and windows-1252 when not (the standard's default for most locales). Invalid bytes become U+FFFD;
 * a byte order mark is dropped.
 * @example decodePage(bytes, "text/html; charset=iso-8859-1")
 */
export function decodePage(body: Uint8Array, contentType?: string | null): string {
  const utf8 = isUtf8(body);
  let label = sniffHtmlEncoding(body.subarray(0, 3), { defaultEncoding: UNDECLARED });
  if (label === UNDECLARED && utf8 && !isAscii(body)) label = "UTF-8";
  if (label === UNDECLARED) {
    label = sniffHtmlEncoding(body, {
      transportLayerEncodingLabel: headerCharset(contentType) ?? undefined,
      defaultEncoding: UNDECLARED,
    });
  }
  if (label === UNDECLARED) label = lateDeclaration(body) ?? (utf8 ? "UTF-8" : "windows-1252");
  // UTF-16 declared by a <meta> is read as UTF-8, as the standard says; the sniffer gives the name to decode with.
  const encoding = new TextDecoder(label).encoding;
  const text = decodeAs(body, encoding);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Whether all bytes are ASCII. */
function isAscii(body: Uint8Array): boolean {
  for (const byte of body) if (byte > 0x7f) return false;
  return true;
}

/**
 * The encoding a `<meta>` declares in the head, within its first 64 KiB (comments and scripts, whose `<meta>`
 * text is no element, skipped), as the sniffer reads a declaration; null when there is none.
 */
function lateDeclaration(body: Uint8Array): string | null {
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, HEAD_SCAN_BYTES)).toString("latin1");
  const end = head.search(/<body[\s>]/i);
  // Comments and scripts blanked to spaces of the same length, so offsets stay those of the bytes.
  const blank = (match: string) => " ".repeat(match.length);
  const scanned = (end < 0 ? head : head.slice(0, end))
    .replace(/<!--[\s\S]*?(?:-->|$)/g, blank)
    .replace(/<script\b[\s\S]*?(?:<\/script\s*>|$)/gi, blank);
  for (const match of scanned.matchAll(/<meta[\s/]/gi)) {
    const label = sniffHtmlEncoding(body.subarray(match.index, match.index + 1024), { defaultEncoding: UNDECLARED });
    if (label !== UNDECLARED) return label;
  }
  return null;
}

/** A parsed page and the address its relative URLs resolve against. */
export interface Page {
  document: Document;
  /** The page's URL, or its `<base href>` resolved against it (http(s) only). */
  base: string;
}

/**
 * Parses page HTML with linkedom (through parse5 first when linkedom's tree is not an html element holding a head
 * and a body, as browsers' tree construction always makes: https://html.spec.whatwg.org/#tree-construction, unless
 * parse5's tree would pass the page limits: see `html5Tree`). `url` is the page's address: its `<base href>`, when
 * http(s), becomes `base`.
 * @example parsePage("<p>Hi</p>", "https://example.org/a").document.body.textContent // "Hi"
 */
export function parsePage(html: string, url: string): Page {
  let { document } = parseHTML(wholeDocument(html)) as unknown as { document: Document };
  if (!isWellFormed(document)) {
    // linkedom builds no HTML tree for some broken pages (a second <html>, text before it, elements between head
    // and body): parse5 builds the tree browsers build, which linkedom then reads back.
    const tree = html5Tree(html);
    if (tree !== null) ({ document } = parseHTML(serializeHtml5(tree)) as unknown as { document: Document });
  }
  let base = url;
  const href = document.querySelector("base[href]")?.getAttribute("href");
  if (href) {
    try {
      const resolved = new URL(href.trim(), url);
      if (resolved.protocol === "http:" || resolved.protocol === "https:") base = resolved.href;
    } catch {
      // An unreadable <base> is ignored, as browsers ignore it.
    }
  }
  return { document, base };
}

/** Thrown inside parse5 to stop a tree past the page limits. */
class BeyondLimits extends Error {}

type Html5Node = DefaultTreeAdapterMap["node"];

/**
 * parse5's tree of `html`, or null when it would pass the page limits: more than `MAX_PAGE_ELEMENTS` elements
 * (the standard's tree construction clones formatting elements, so its tree may hold more than the markup), open
 * elements more than `MAX_PAGE_DEPTH` deep (the standard's adoption agency nests what htmlparser2 closes:
 * `<b><div></b>` repeated), or a tree deeper than that. The parse stops at the first element past a limit, so its
 * work is bounded as the markup's is; its serializer, which recurses per level, only sees a tree within them.
 */
function html5Tree(html: string): DefaultTreeAdapterMap["document"] | null {
  let elements = 0;
  const treeAdapter = {
    ...defaultTreeAdapter,
    createElement(...args: Parameters<typeof defaultTreeAdapter.createElement>) {
      elements++;
      // The element goes on top of the open elements (stackTop is the index of the top one, the html element 0).
      if (elements > MAX_PAGE_ELEMENTS || parser.openElements.stackTop + 2 > MAX_PAGE_DEPTH) throw new BeyondLimits();
      return defaultTreeAdapter.createElement(...args);
    },
  };
  const parser: Html5Parser<DefaultTreeAdapterMap> = new Html5Parser({ treeAdapter });
  try {
    parser.tokenizer.write(html, true);
  } catch (error) {
    if (error instanceof BeyondLimits) return null;
    throw error;
  }
  // The tree's own depth, without recursion: nodes moved by the adoption agency may sit deeper than the stack was.
  const pending: [Html5Node, number][] = [[parser.document, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (depth > MAX_PAGE_DEPTH) return null;
    if ("childNodes" in node) for (const child of node.childNodes) pending.push([child, depth + 1]);
  }
  return parser.document;
}

/** Whether a parsed document is as HTML's tree construction makes one: an html element holding a head and a body. */
function isWellFormed(document: Document): boolean {
  const children = document.documentElement?.children;
  return children?.length === 2 && children[0]?.tagName === "HEAD" && children[1]?.tagName === "BODY";
}

/**
 * HTML with the `<html>`, `<head>` and `<body>` elements HTML implies made explicit when one of the `<html>` and
 * `<body>` start tags is missing (linkedom's parser does not imply them): what comes before `</head>` or `<body>`,
 * if written, stays the head.
 */
function wholeDocument(html: string): string {
  if (/<html[\s>]/i.test(html) && /<body[\s>]/i.test(html)) return html;
  let split = html.search(/<\/head\s*>/i);
  if (split < 0) split = html.search(/<body[\s>]/i);
  const head = split < 0 ? "" : html.slice(0, split);
  const body = split < 0 ? html : html.slice(split);
  const strip = (part: string) => part.replace(/<!doctype[^>]*>|<\/?(?:html|head|body)(?:\s[^>]*)?>/gi, "");
  return `<!DOCTYPE html><html><head>${strip(head)}</head><body>${strip(body)}</body></html>`;
}

/**
 * Reveals content pages ship inside `<script type="text/template">` for scripts to insert (Blogger's posts):
 * each such template holding paragraphs is replaced by its HTML, in place, so the article is seen as a reader sees
 * it. The HTML is sanitized later with the rest. A template beyond the page limits (`markupBeyondLimits`) stays a
 * script: parsing it would cost what the limits bound.
 */
export function revealTemplates(document: Document): void {
  for (const script of Array.from(document.querySelectorAll('script[type="text/template" i]'))) {
    const html = script.textContent ?? "";
    if (!/<p[\s>]/i.test(html) || markupBeyondLimits(html) !== null) continue;
    const holder = document.createElement("div");
    holder.innerHTML = html;
    script.replaceWith(holder);
  }
}
