/** Plain text: from HTML, without control characters, collapsed, truncated by code points. */
import { removeControls } from "../characters.ts";
import { markupToText } from "./markup.ts";

/** Collapses runs of whitespace to one space and trims; null when nothing is left. */
export function collapse(text: string | null | undefined): string | null {
  // Only runs that are not already one space are replaced: text is mostly words between single spaces.
  const collapsed = removeControls(text ?? "")
    .replace(/\s{2,}|[^\S ]/g, " ")
    .trim();
  return collapsed === "" ? null : collapsed;
}

/**
 * The plain text of an HTML fragment (see `markupToText`): markup removed, words kept,
 * entities decoded, whitespace collapsed; null when nothing is left. Linear in the input.
 * @example htmlToText("<p>Caf&eacute;</p><p>au <b>lait</b></p>") // "Café au lait"
 * @example htmlToText("A tour of the &lt;head&gt; element") // "A tour of the <head> element"
 */
export function htmlToText(html: string | null | undefined): string | null {
  if (!html) return null;
  return collapse(markupToText(html));
}

/**
 * Cuts text to at most `max` code points, an ending "…" included, preferring a word boundary near the end.
 * Reads at most the first `2 × max` UTF-16 units (no more can hold `max` code points): the cost of cutting a
 * 450 KB title is that of its first few KB.
 * @example truncate("😀".repeat(400), 300) // 299 emoji and "…"
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text.length > 2 * max + 2 ? text.slice(0, 2 * max + 2) : text);
  if (points.length <= max) return text;
  let cut = points.slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  if (space > cut.length * 0.8) cut = cut.slice(0, space);
  return `${cut.trimEnd().replace(/[\u200d\ufe0f]+$/, "")}…`;
}
