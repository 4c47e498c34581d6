/**
 * The character rules every stage shares, each stated once: what XML 1.0 forbids (parsing drops it, rendering
 * never writes it), controls (never text), and escaping text into HTML.
 */

// XML 1.0 `Char` (https://www.w3.org/TR/xml/#charsets) leaves out C0 controls but tab, line feed and carriage
// return, the surrogates and U+FFFE, U+FFFF; a surrogate is kept only as half of a pair (a character above U+FFFF).
const XML_FORBIDDEN = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff";
// DEL and the C1 controls: allowed by XML, never text.
const C1_CONTROLS = "\\u007f-\\u009f";
const LONE_SURROGATE = "[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]";

const INVALID_XML = new RegExp(`[${XML_FORBIDDEN}]|${LONE_SURROGATE}`, "g");
const CONTROL = new RegExp(`[${XML_FORBIDDEN}${C1_CONTROLS}]|${LONE_SURROGATE}`, "g");
// Quick looks for any character those could match (surrogates included, paired or not): most text has none.
const MAYBE_INVALID_XML = new RegExp(`[${XML_FORBIDDEN}\\ud800-\\udfff]`);
const MAYBE_CONTROL = new RegExp(`[${XML_FORBIDDEN}${C1_CONTROLS}\\ud800-\\udfff]`);

/**
 * Whether XML 1.0 allows the character with code point `code`: tab, line feed, carriage return, and everything
 * from U+0020 to U+10FFFF but the surrogates, U+FFFE and U+FFFF.
 * @example isXmlChar(0x1) // false
 */
export function isXmlChar(code: number): boolean {
  if (code === 0x9 || code === 0xa || code === 0xd) return true;
  if (code < 0x20) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  if (code === 0xfffe || code === 0xffff) return false;
  return code <= 0x10ffff;
}

/**
 * Removes the characters XML 1.0 forbids (see `isXmlChar`); a surrogate pair stays, a lone half goes.
 * @example removeInvalidXmlChars("a\u0000b\ud800c😀") // "abc😀"
 */
export function removeInvalidXmlChars(text: string): string {
  return MAYBE_INVALID_XML.test(text) ? text.replace(INVALID_XML, "") : text;
}

/**
 * Removes control characters — what XML 1.0 forbids, and DEL and the C1 controls too (tab, line feed and
 * carriage return stay) — lone surrogates and U+FFFE, U+FFFF.
 * @example removeControls("a\u0085b\u0007c") // "abc"
 */
export function removeControls(text: string): string {
  return MAYBE_CONTROL.test(text) ? text.replace(CONTROL, "") : text;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/**
 * Text escaped for HTML content (`&`, `<`, `>`), so that an HTML reader shows it verbatim.
 * @example escapeHtml(`<b>&"`) // `&lt;b&gt;&amp;"`
 */
export function escapeHtml(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/[&<>]/g, (char) => HTML_ESCAPES[char] ?? char) : text;
}

/**
 * Text escaped for a double-quoted HTML attribute value, or HTML content: `&`, `<`, `>` and `"`.
 * @example escapeHtmlAttribute(`a "b" & c`) // "a &quot;b&quot; &amp; c"
 */
export function escapeHtmlAttribute(text: string): string {
  return /[&<>"]/.test(text) ? text.replace(/[&<>"]/g, (char) => HTML_ESCAPES[char] ?? char) : text;
}
