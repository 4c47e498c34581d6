/**
 * What a page must be before its article is looked for: text, and a tree whose size keeps the extractor's work
 * bounded. Readability's scoring and cleaning cost grows with the elements times the square of their nesting (each
 * element's text density reads the text of each of its descendants), and HTML's parsers keep a stack as deep as
 * the nesting: 3,000 nested `<div>`s around one paragraph (34 KB) cost Readability half a minute. Every check
 * here is one pass without recursion, made before anything costlier runs.
 */
import { MAX_MARKUP_DEPTH, markupPastLimits } from "../normalize/nesting.ts";
import type { NotArticle } from "./not-article.ts";

/** The deepest nesting of elements a page is read to (the html element is level 1): `MAX_MARKUP_DEPTH`. */
export const MAX_PAGE_DEPTH = MAX_MARKUP_DEPTH;

/**
 * The most elements a page may hold to be read (Readability's `maxElemsToParse`). The development pages hold
 * at most 9,888 (an encyclopedia article with its tables); extraction costs about a second per 3,000.
 */
export const MAX_PAGE_ELEMENTS = 25_000;

/** A NUL this early makes a body binary, as git and GNU grep tell a binary file (by its first 8,000 bytes). */
const NUL_WINDOW = 8_000;
/** More than this share of characters that no text holds (controls, U+FFFD) makes a body no text. */
const MAX_NON_TEXT_SHARE = 0.01;

/**
 * Why a decoded page body is not text, or null when it is: a NUL among its first 8,000 characters, or more than
 * 1% of its characters controls (C0 but tab, line feed, form feed and carriage return; DEL; C1) or U+FFFD (bytes
 * its encoding could not decode). Binary data (an image, an archive, random bytes) served as HTML is both; a
 * real page, in whatever encoding, has next to none.
 * @example nonText("\u0000PNG…")?.kind // "not-text"
 */
export function nonText(html: string): NotArticle | null {
  let odd = 0;
  for (let i = 0; i < html.length; i++) {
    const code = html.charCodeAt(i);
    if (code === 0 && i < NUL_WINDOW) {
      return { kind: "not-text", message: "not an article: the page is not text (it holds NUL characters)" };
    }
    if (isNonText(code)) odd++;
  }
  if (odd > html.length * MAX_NON_TEXT_SHARE) {
    const percent = Math.round((100 * odd) / html.length);
    return {
      kind: "not-text",
      message: `not an article: the page is not text (${percent}% of its characters are controls or undecodable bytes)`,
    };
  }
  return null;
}

function isNonText(code: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d;
  return (code >= 0x7f && code <= 0x9f) || code === 0xfffd;
}

/**
 * Why markup is beyond the page limits (`MAX_PAGE_DEPTH`, `MAX_PAGE_ELEMENTS`), or null when it is within them.
 * Read with htmlparser2's tokenizer and its implied end tags (the tree linkedom builds), and stopped at the first
 * element past a limit: linear in the markup read, whatever its nesting. `html` need not be a whole page (a
 * template's content).
 */
export function markupBeyondLimits(html: string): NotArticle | null {
  const past = markupPastLimits(html, { maxDepth: MAX_PAGE_DEPTH, maxElements: MAX_PAGE_ELEMENTS });
  return past === "depth" ? TOO_DEEP : past === "elements" ? TOO_MANY : null;
}

/**
 * Why a parsed document is beyond the page limits, or null when it is within them: its elements walked in tree
 * order without recursion, up to the first one past a limit.
 */
export function documentBeyondLimits(document: Document): NotArticle | null {
  const root = document.documentElement;
  if (!root) return null;
  let element: Element = root;
  let depth = 1;
  let elements = 1;
  for (;;) {
    const beyond = beyondLimits(depth, elements);
    if (beyond !== null) return beyond;
    const child = element.firstElementChild;
    if (child) {
      element = child;
      depth++;
      elements++;
      continue;
    }
    // Up to the nearest ancestor-or-self with a next sibling; none: the walk is over.
    while (element !== root && !element.nextElementSibling && element.parentElement) {
      element = element.parentElement;
      depth--;
    }
    const sibling = element === root ? null : element.nextElementSibling;
    if (!sibling) return null;
    element = sibling;
    elements++;
  }
}

const TOO_DEEP: NotArticle = {
  kind: "too-deep",
  message: `not an article: elements nested more than ${MAX_PAGE_DEPTH} deep`,
};
const TOO_MANY: NotArticle = {
  kind: "too-many-elements",
  message: `not an article: more than ${MAX_PAGE_ELEMENTS.toLocaleString("en")} elements`,
};

function beyondLimits(depth: number, elements: number): NotArticle | null {
  return depth > MAX_PAGE_DEPTH ? TOO_DEEP : elements > MAX_PAGE_ELEMENTS ? TOO_MANY : null;
}
