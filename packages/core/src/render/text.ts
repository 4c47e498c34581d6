/** Plain-text helpers shared by the renderers: blank checks, text as HTML, display titles. */
import { escapeHtml, removeInvalidXmlChars } from "../characters.ts";
import type { Item } from "../item.ts";

/** `text` when it has something visible once cleaned, else `null`. */
export function nonBlank(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  return removeInvalidXmlChars(text).trim() === "" ? null : text;
}

/**
 * Plain text as HTML that shows exactly its words: `&`, `<` and `>` escaped, characters invalid in XML removed. For
 * elements every reader takes as HTML: RSS `<description>`, Atom `type="html"` text constructs. Even lenient HTML
 * renderers, which take everything from a bare `&` to the next `;` for an entity (newsboat's does), show the words.
 * @example htmlText("Tom & Jerry <b>") // "Tom &amp; Jerry &lt;b&gt;"
 */
export function htmlText(text: string): string {
  return escapeHtml(removeInvalidXmlChars(text));
}

/**
 * Plain text for an element that some readers take as text and others as HTML (RSS titles, authors, categories):
 * changed only where an HTML reader could find markup, so both kinds show the same words wherever they can. Every
 * `<` is escaped (no tag, comment or declaration can start) and every `&` that could start a character reference
 * (followed by a letter, a digit or `#`: the HTML tokenizer's character reference state); a lone `&` ("Tom & Jerry")
 * and `>` are text in HTML and stay. Characters invalid in XML are removed.
 * @example textOrHtml("The <head> element & AT&T") // "The &lt;head> element & AT&amp;T"
 */
export function textOrHtml(text: string): string {
  return removeInvalidXmlChars(text).replace(/<|&(?=[A-Za-z0-9#])/g, (char) => (char === "<" ? "&lt;" : "&amp;"));
}

/** Longest title made from a summary, in code points, the ending ellipsis included. */
const TITLE_FROM_SUMMARY_MAX = 80;

/** The title to show for an item: its own, else the start of its summary, else its URL, else "Untitled". */
export function displayTitle(item: Item): string {
  const title = nonBlank(item.title);
  if (title !== null) return title;
  const summary = nonBlank(item.summary);
  if (summary !== null) {
    const points = [...summary.trim()];
    return points.length <= TITLE_FROM_SUMMARY_MAX
      ? points.join("")
      : `${points.slice(0, TITLE_FROM_SUMMARY_MAX - 1).join("")}…`;
  }
  return nonBlank(item.url) ?? "Untitled";
}
