/**
 * The article of a web page as Tributary stores it: found by Mozilla's Readability on a linkedom document, then
 * sanitized by the same allow-list as feed content.
 */
import { Readability } from "@mozilla/readability";
import { sanitizeContent } from "../normalize/html.ts";
import { htmlToText } from "../normalize/text.ts";
import { removeFurniture } from "./furniture.ts";
import { parsePage } from "./page.ts";
import { countWords } from "./words.ts";

/** Why a page gave no article. */
export type NotArticleKind = "no-article";

/** Why a page gave no article: its kind and a sentence for people. */
export interface NotArticle {
  kind: NotArticleKind;
  message: string;
}

/** What `extractArticle` found: the article, or why there is none. */
export type Extraction =
  | { ok: true; title: string | null; contentHtml: string; imageUrl: string | null; words: number }
  | { ok: false; title: string | null; contentHtml: null; imageUrl: null; words: number; reason: NotArticle };

/** Options of `extractArticle`. */
export interface ExtractOptions {
  /** A CSS selector naming the article's element on the page (a source's `fullText: { selector }`). */
  selector?: string;
  /** The feed's own text of the entry (its content, else its description), as plain text. */
  feedText?: string | null;
}

/**
 * Takes the article out of a web page: `html` is the page, `url` its address (relative URLs resolve against it,
 * or its `<base href>`). The article's HTML is sanitized like feed content (allow-list, absolute URLs).
 * @example const found = extractArticle(html, "https://example.org/2025/talks");
 * if (found.ok) store(found.contentHtml);
 */
export function extractArticle(html: string, url: string, options: ExtractOptions = {}): Extraction {
  void options;
  const { document, base } = parsePage(html, url);
  removeFurniture(document);
  const article = new Readability(document).parse();
  const title = article?.title?.trim() || null;
  const { html: contentHtml, firstImage } = sanitizeContent(article?.content ?? null, base);
  const words = countWords(htmlToText(contentHtml));
  if (contentHtml === null || words === 0) {
    return { ok: false, title, contentHtml: null, imageUrl: null, words, reason: noArticle("no article found") };
  }
  return { ok: true, title, contentHtml: spaced(contentHtml), imageUrl: firstImage, words };
}

function noArticle(message: string): NotArticle {
  return { kind: "no-article", message };
}

const BLOCK_END =
  /(<\/(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|table|tr|figure|figcaption|section|article|header|footer|aside|details|summary)>|<br \/>|<hr \/>)(?!\n)/g;

/** Sanitized HTML with a line break after each block's end, so its text never runs two blocks' words together. */
function spaced(html: string): string {
  return html.replace(BLOCK_END, "$1\n");
}
