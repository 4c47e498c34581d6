/**
 * The article of a web page as Tributary stores it. Page furniture is removed, Mozilla's Readability finds the
 * article on a linkedom document, the page's prose checks that it took the whole article, and the result is
 * sanitized by the same allow-list as feed content. Pages that are no article are recognised and refused.
 */
import { Readability } from "@mozilla/readability";
import { sanitizeContent } from "../normalize/html.ts";
import { htmlToText } from "../normalize/text.ts";
import { isTheArticle } from "./article-rule.ts";
import { namesFurniture, removeFurniture, visibleText } from "./furniture.ts";
import { type PageMetadata, pageMetadata } from "./metadata.ts";
import { type NotArticle, notArticle } from "./not-article.ts";
import { parsePage, revealTemplates } from "./page.ts";
import { documentBeyondLimits, markupBeyondLimits, nonText } from "./page-limits.ts";
import { type Paragraph, proseContainer, proseCoverage, proseParagraphs, proseWords } from "./prose.ts";
import { selectorWithoutComments } from "./selector.ts";
import { countWords } from "./words.ts";

/** What `extractArticle` found: the article, or why there is none. */
export type Extraction =
  | { ok: true; title: string | null; contentHtml: string; imageUrl: string | null; words: number }
  | { ok: false; title: string | null; contentHtml: null; imageUrl: null; words: number; reason: NotArticle };

/** Options of `extractArticle`. */
export interface ExtractOptions {
  /**
   * A CSS selector naming the article's element on the page (a source's `fullText: { selector }`): its content is
   * the article when it matches an element with words; otherwise the article is found as without it.
   */
  selector?: string;
  /** The entry's own text in the feed (its content, else its description), plain text: see `isTheArticle`. */
  feedText?: string | null;
  /** The entry's summary in the feed, plain text (default: `feedText`): see `isTheArticle`. */
  feedSummary?: string | null;
  /** The number of words of the entry's own text, when `feedText` is not at hand: see `isTheArticle`. */
  feedWords?: number | null;
}

/** Readability's share of the page's prose under which the prose's own container is tried instead. */
const MIN_COVERAGE = 0.35;
/** Prose words the container must hold for that: fewer are no evidence against Readability. */
const MIN_CONTAINER_WORDS = 150;

/**
 * Takes the article out of a web page. `html` is the page, `url` its address (relative URLs resolve against it,
 * or against its `<base href>`). The article is sanitized like feed content (allow-list, absolute URLs, nothing
 * active) with a line break after each block; `imageUrl` is the page's declared image (`og:image`, JSON-LD),
 * else the article's first image; `words` counts the article's words. With `feedText` or `feedSummary`, the
 * article must also pass the full-text rule (`isTheArticle`). A page that is not text, or whose elements nest deeper
 * or are more than the page limits allow (`MAX_PAGE_DEPTH`, `MAX_PAGE_ELEMENTS`), is refused before it is read,
 * so the work of one extraction is bounded for any input. Never throws for any input.
 * @example const found = extractArticle(html, "https://example.org/2025/talks");
 * if (found.ok) store(found.contentHtml); else log(found.reason.message);
 */
export function extractArticle(html: string, url: string, options: ExtractOptions = {}): Extraction {
  const unreadable = nonText(html) ?? markupBeyondLimits(html);
  if (unreadable !== null)
    return { ok: false, title: null, contentHtml: null, imageUrl: null, words: 0, reason: unreadable };
  const { document, base } = parsePage(html, url);
  const metadata = pageMetadata(document);
  const pageTitle = `${document.title ?? ""} ${document.querySelector("h1")?.textContent ?? ""}`.replace(/\s+/g, " ");
  revealTemplates(document);
  // The tree read, templates revealed: as big as the markup said, unless the parser built it otherwise.
  const beyond = documentBeyondLimits(document);
  if (beyond !== null) return { ok: false, title: null, contentHtml: null, imageUrl: null, words: 0, reason: beyond };
  const pageWords = document.body ? countWords(visibleText(document.body)) : 0;
  const found = (options.selector ? bySelector(document, options.selector) : null) ?? byReadability(url, document);
  const title = found.title?.replace(/\s+/g, " ").trim() || metadata.headline;
  const { html: clean, firstImage } = sanitizeContent(found.html, base);
  const text = htmlToText(clean) ?? "";
  const words = countWords(text);
  const refused =
    clean === null
      ? ({ kind: "no-article", message: "no article found" } as const)
      : notArticle({ url, pageTitle, text, words, linkChars: linkTextLength(clean), pageWords, metadata });
  if (clean === null || refused !== null) {
    return { ok: false, title, contentHtml: null, imageUrl: null, words, reason: refused ?? noArticle() };
  }
  if (options.feedText != null || options.feedSummary != null || options.feedWords != null) {
    const verdict = isTheArticle(text, options);
    if (!verdict.ok) {
      const reason: NotArticle = { kind: "not-the-article", message: `not the feed's article: ${verdict.reason}` };
      return { ok: false, title, contentHtml: null, imageUrl: null, words, reason };
    }
  }
  return { ok: true, title, contentHtml: spaced(clean), imageUrl: pageImage(metadata, base) ?? firstImage, words };
}

function noArticle(): NotArticle {
  return { kind: "no-article", message: "no article found" };
}

/** An article's HTML (unsanitized) and title as found on the page. */
interface Found {
  html: string | null;
  title: string | null;
}

/**
 * The content of the element a selector names (its comments aside, `selectorWithoutComments`), furniture removed;
 * null when it names none or none with text.
 */
function bySelector(document: Document, selector: string): Found | null {
  const plain = selectorWithoutComments(selector);
  if (plain === null) return null; // an invalid selector names nothing
  let element: Element | null;
  try {
    element = document.querySelector(plain);
  } catch {
    return null; // an invalid selector names nothing
  }
  if (!element || countWords(element.textContent) === 0) return null;
  const { document: part } = parsePage(
    `<!DOCTYPE html><html><head></head><body>${element.outerHTML}</body></html>`,
    "about:blank",
  );
  removeFurniture(part);
  return { html: part.body.innerHTML, title: document.title || null };
}

/**
 * The article Readability finds once furniture is gone; when it holds less than `MIN_COVERAGE` of the words of
 * the page's main run of prose (see `proseContainer`; not in furniture, at least `MIN_CONTAINER_WORDS`), the
 * article Readability finds in that run's element alone, else that element itself.
 */
function byReadability(url: string, document: Document): Found {
  removeFurniture(document);
  const paragraphs = proseParagraphs(document.body);
  const container = proseContainer(paragraphs);
  const article = readability(document);
  if (container === null || isFurniture(container.element)) return article;
  const held = container.paragraphs;
  const heldWords = wordsOf(held);
  const text = htmlToText(article.html) ?? "";
  if (heldWords < MIN_CONTAINER_WORDS || proseCoverage(held, text) >= MIN_COVERAGE) return article;
  // An article with prose of its own elsewhere on the page (a chapter beside a long author's note) stands.
  if (proseCoverage(paragraphs, text) * wordsOf(paragraphs) >= heldWords * 0.5) return article;
  // An article as long in running text as the prose's container, or twice as long in all, stands.
  if (countWords(text) >= heldWords * 2 || proseWords(article.html) >= heldWords) return article;
  // Readability took a part for the whole (a table, a list of names): the prose's container is the article.
  // Its content in a div: the element may be a table cell or list item, which no body holds directly.
  const containerHtml = `<div>${container.element.innerHTML}</div>`;
  const { document: part } = parsePage(`<!DOCTYPE html><html><head></head><body>${containerHtml}</body></html>`, url);
  const again = readability(part);
  if (proseCoverage(held, htmlToText(again.html) ?? "") >= 1 - MIN_COVERAGE) return { ...again, title: article.title };
  return { html: containerHtml, title: article.title };
}

function readability(document: Document): Found {
  const article = new Readability(document).parse();
  return { html: article?.content ?? null, title: article?.title ?? null };
}

function wordsOf(paragraphs: Paragraph[]): number {
  return paragraphs.reduce((sum, p) => sum + p.words, 0);
}

/** Whether an element or one of its ancestors is named as furniture (a big comment thread kept whole). */
function isFurniture(element: Element): boolean {
  for (let e: Element | null = element; e && e.tagName !== "BODY"; e = e.parentElement) {
    if (namesFurniture(e.getAttribute("class") ?? "") || namesFurniture(e.getAttribute("id") ?? "")) return true;
  }
  return false;
}

/** The page's declared image made absolute, when it is an http(s) URL. */
function pageImage(metadata: PageMetadata, base: string): string | null {
  if (!metadata.image) return null;
  try {
    const url = new URL(metadata.image, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Characters of link text in sanitized HTML. */
function linkTextLength(html: string): number {
  let length = 0;
  for (const match of html.matchAll(/<a\b[^>]*>([\s\S]*?)<\/a>/g)) length += (htmlToText(match[1]) ?? "").length;
  return length;
}

const BLOCK_END =
  /(<\/(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|table|tr|figure|figcaption|section|article|header|footer|aside|details|summary)>|<br \/>|<hr \/>)(?!\n)/g;

/** Sanitized HTML with a line break after each block's end, so its text never runs two blocks' words together. */
function spaced(html: string): string {
  return html.replace(BLOCK_END, "$1\n");
}
