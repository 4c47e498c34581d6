/**
 * Prose: the paragraphs of running text on a page, and the element that holds most of them. Evidence of where
 * the article is, independent of Readability's scoring: an extraction that leaves out most of the page's prose
 * took a part of the article (a table, a list of names) for all of it.
 */
import { countWords } from "./words.ts";

/** A paragraph of running text: its element, its text (whitespace collapsed) and its word count. */
export interface Paragraph {
  element: Element;
  text: string;
  words: number;
}

/** Fewer words than this make no paragraph of prose (a caption, a label, a button). */
const MIN_WORDS = 12;
/** A paragraph whose text is more than this share link text is a list of links, not prose. */
const MAX_LINK_SHARE = 0.5;

/**
 * The paragraphs of prose under `root`: `p` elements (and `div`s holding only text and inline elements) with at
 * least 12 words, no more than half of their text in links, and at least one sentence punctuation mark.
 */
export function proseParagraphs(root: Element): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  for (const element of Array.from(root.querySelectorAll("p, pre, blockquote > div, td > div"))) {
    const text = (element.textContent ?? "").replace(/\s+/g, " ").trim();
    const words = countWords(text);
    if (words < MIN_WORDS || !/[.!?。！？,;:،]/.test(text)) continue;
    let linked = 0;
    for (const link of Array.from(element.querySelectorAll("a"))) linked += (link.textContent ?? "").trim().length;
    if (linked > text.length * MAX_LINK_SHARE) continue;
    paragraphs.push({ element, text, words });
  }
  return paragraphs;
}

/**
 * The element holding the page's main run of prose: the parent with the most prose words in paragraphs that are
 * its own children (an article's paragraphs are siblings; teasers, comments and cards each sit in their own
 * box), and those paragraphs; null when there is no prose.
 */
export function proseContainer(paragraphs: Paragraph[]): { element: Element; paragraphs: Paragraph[] } | null {
  const byParent = new Map<Element, Paragraph[]>();
  for (const paragraph of paragraphs) {
    const parent = paragraph.element.parentElement;
    if (!parent) continue;
    const group = byParent.get(parent);
    if (group) group.push(paragraph);
    else byParent.set(parent, [paragraph]);
  }
  let best: { element: Element; paragraphs: Paragraph[] } | null = null;
  let bestWords = 0;
  for (const [element, group] of byParent) {
    const words = group.reduce((sum, p) => sum + p.words, 0);
    if (words > bestWords) {
      best = { element, paragraphs: group };
      bestWords = words;
    }
  }
  return best;
}

/**
 * The share of the words of `paragraphs` whose paragraph appears in `text`, 0 to 1 (1 when there are none).
 * Whitespace is ignored on both sides: markup that separates words in one text may not in the other.
 */
export function proseCoverage(paragraphs: Paragraph[], text: string): number {
  const total = paragraphs.reduce((sum, p) => sum + p.words, 0);
  if (total === 0) return 1;
  const haystack = text.replace(/\s+/g, "");
  let found = 0;
  for (const paragraph of paragraphs) {
    if (haystack.includes(paragraph.text.replace(/\s+/g, "").slice(0, 60))) found += paragraph.words;
  }
  return found / total;
}

// Where a line of text ends in HTML: a line break or the start or end of a block.
const LINE_END =
  /<(?:br|hr|\/?(?:p|div|li|ul|ol|dl|dt|dd|td|th|tr|table|h[1-6]|blockquote|pre|section|article|header|footer|aside|figure|figcaption|details|summary))\b[^>]*>/gi;

/**
 * The words of an HTML fragment that are running text: words of its lines (text between line breaks and block
 * boundaries) of at least 12 words with a sentence punctuation mark, as `proseParagraphs` tells prose. A list of
 * names or a table, a few words to a line, has next to none.
 * @example proseWords("<p>One two.</p>") // 0
 */
export function proseWords(html: string | null): number {
  let total = 0;
  for (const line of (html ?? "").split(LINE_END)) {
    const text = line.replace(/<[^>]*>/g, "").replace(/&#?\w+;/g, " ");
    const words = countWords(text);
    if (words >= MIN_WORDS && /[.!?。！？,;:،]/.test(text)) total += words;
  }
  return total;
}
