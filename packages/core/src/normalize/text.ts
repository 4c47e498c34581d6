/** Plain text: from HTML, without control characters, collapsed, truncated by code points. */
import { decodeHTML } from "entities";

// C0 controls but tab, line feed and carriage return; DEL and C1 controls; lone surrogates; U+FFFE, U+FFFF.
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SKIPPED = new Set(["script", "style", "noscript", "template", "svg", "math", "head", "title", "textarea"]);
const BLOCK = new Set(
  "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split(
    " ",
  ),
);
const TAG_NAME = /[A-Za-z][A-Za-z0-9:-]*/y;

/** Removes control characters (tab, line feed and carriage return stay), lone surrogates and non-characters. */
export function stripControls(text: string): string {
  return text.replace(CONTROL, "");
}

/** Collapses runs of whitespace to one space and trims; null when nothing is left. */
export function collapse(text: string | null | undefined): string | null {
  const collapsed = stripControls(text ?? "")
    .replace(/\s+/g, " ")
    .trim();
  return collapsed === "" ? null : collapsed;
}

/**
 * The plain text of an HTML fragment: tags and comments removed (blocks separated by a space), the contents of
 * script, style and the like dropped, entities decoded, whitespace collapsed. Linear in the input.
 * @example htmlToText("<p>Caf&eacute;</p><p>au <b>lait</b></p>") // "Café au lait"
 */
export function htmlToText(html: string | null | undefined): string | null {
  if (!html) return null;
  let out = "";
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt < 0) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    i = skipMarkup(html, lt, (gap) => {
      out += gap;
    });
  }
  return collapse(decodeHTML(out));
}

/** Skips the markup at `lt`, reporting a space for block boundaries; a `<` that starts nothing is text. */
function skipMarkup(html: string, lt: number, emit: (text: string) => void): number {
  if (html.startsWith("<!--", lt)) return end(html.indexOf("-->", lt + 4), 3, html);
  const next = html[lt + 1];
  if (next === "!" || next === "?") return end(html.indexOf(">", lt + 2), 1, html);
  const closing = next === "/";
  TAG_NAME.lastIndex = closing ? lt + 2 : lt + 1;
  const name = TAG_NAME.exec(html)?.[0].toLowerCase();
  if (name === undefined) {
    emit("<");
    return lt + 1;
  }
  const after = tagEnd(html, TAG_NAME.lastIndex);
  if (BLOCK.has(name)) emit(" ");
  if (closing || !SKIPPED.has(name)) return after;
  const closeTag = new RegExp(`</${name}`, "gi");
  closeTag.lastIndex = after;
  const close = closeTag.exec(html);
  return close === null ? html.length : tagEnd(html, close.index + 2 + name.length);
}

/** The position after the `>` ending a tag, past quoted attribute values; the end of input if unterminated. */
function tagEnd(html: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < html.length; i++) {
    const ch = html[i];
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ">") {
      return i + 1;
    }
  }
  return html.length;
}

function end(at: number, length: number, html: string): number {
  return at < 0 ? html.length : at + length;
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
