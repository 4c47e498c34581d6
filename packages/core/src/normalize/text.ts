/** Plain text: from HTML, without control characters, collapsed, truncated by code points. */
import { markupToText } from "./markup.ts";

// C0 controls but tab, line feed and carriage return; DEL and C1 controls; lone surrogates; U+FFFE, U+FFFF.
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Removes control characters (tab, line feed and carriage return stay), lone surrogates and non-characters. */
export function stripControls(text: string): string {
  return MAYBE_CONTROL.test(text) ? text.replace(CONTROL, "") : text;
}
// A quick look for any character CONTROL could match (surrogates included, paired or not).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const MAYBE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/;

/** Collapses runs of whitespace to one space and trims; null when nothing is left. */
export function collapse(text: string | null | undefined): string | null {
  const collapsed = stripControls(text ?? "")
    .replace(/\s+/g, " ")
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
 * @example truncate("😀".repeat(400), 300) // 299 emoji and "…"
 */
export function truncate(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  let cut = points.slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  if (space > cut.length * 0.8) cut = cut.slice(0, space);
  return `${cut.trimEnd().replace(/[\u200d\ufe0f]+$/, "")}…`;
}
