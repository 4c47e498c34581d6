/**
 * Content HTML: sanitized by an allow-list (`allow-list.ts`), every URL made absolute. One pass of htmlparser2's
 * HTML parser (entities decoded, end tags implied as HTML implies them) writes back only what is allowed.
 */
import { Parser } from "htmlparser2";
import { escapeHtml, escapeHtmlAttribute, removeControls } from "../characters.ts";
import { CONTENT_MAX_BYTES } from "../item.ts";
import {
  ATTRIBUTES,
  BOOLEAN_ATTRIBUTES,
  IMAGE_SCHEMES,
  NON_TEXT,
  SCHEMES,
  TAGS,
  URL_ATTRIBUTES,
  VOID,
} from "./allow-list.ts";
import { resolveUrlAttributes } from "./html-urls.ts";
import { imageAddress, noscriptFallback, type RealImage, realImage } from "./images.ts";
import { markupToText } from "./markup.ts";
import { MAX_MARKUP_DEPTH } from "./nesting.ts";
import { collapse } from "./text.ts";

/** Sanitized HTML (null when nothing is left) and the first image it shows. */
export interface SanitizedHtml {
  html: string | null;
  firstImage: string | null;
}

/** An open element: its name, whether its tags are written, where its start tag begins in the output. */
interface Frame {
  tag: string;
  kept: boolean;
  start: number;
  /** UTF-8 bytes written before its start tag. */
  startBytes: number;
}

/** The image last read, while nothing but whitespace follows it: what a `<noscript>` right after it falls back for. */
interface LastImage {
  image: RealImage;
  /** Where it was written in the output (`start === end` when it was dropped). */
  start: number;
  end: number;
  startBytes: number;
}

// An attribute name that cannot end the attribute or the tag early (HTML's attribute-name characters).
const ATTRIBUTE_NAME = /^[^\0\t\n\f\r /<=>]+$/;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9.\-+]*):/;

/**
 * Sanitizes feed HTML by an allow-list: no script, style, iframe, form, object, embed or svg, no `on*` or
 * `style` attributes, no `javascript:` or `data:` URLs except `data:image/…` on `img src`. Images follow the
 * image rule (`images.ts`): a lazy-loaded image by its real address, its placeholder and a `<noscript>` copy
 * of it dropped (the `<noscript>` image replaces an image that had no real address), tracking pixels dropped;
 * `firstImage` is the first image left with an http(s) address (its `src`, else its widest `srcset` candidate).
 * Relative `href`,
 * `src`, `srcset`, `poster` and `cite` URLs are resolved against `base`. Text and attribute values are written
 * escaped (`&`, `<`, `>`, and `"` in values); unclosed elements are closed; comments go. Text with no `<` and
 * no `&` holds no markup and is only escaped. Content whose elements nest deeper than `MAX_MARKUP_DEPTH` keeps
 * its text only (`markupToText`, escaped): HTML's parsers grow costlier with the nesting (100,000 nested `<div>`s,
 * 1.1 MB, took htmlparser2 11 s), and no article nests so deep. Linear in the input.
 * The result is at most `maxBytes` UTF-8 bytes (default `CONTENT_MAX_BYTES`): longer content is cut after the
 * last element or word that fits (never inside a tag or a character reference), "…" is added and the elements
 * still open are closed, so the cut HTML is well formed.
 * @example sanitizeContent('<p onclick="x()"><img src="/a.png"></p>', "https://example.org/post").html
 * // '<p><img src="https://example.org/a.png" /></p>'
 */
export function sanitizeContent(
  html: string | null | undefined,
  base: string | null,
  maxBytes = CONTENT_MAX_BYTES,
): SanitizedHtml {
  if (!html?.trim()) return { html: null, firstImage: null };
  const input = removeControls(html);
  if (!input.includes("<") && !input.includes("&")) {
    let text = input.replaceAll(">", "&gt;").trim();
    if (Buffer.byteLength(text) > maxBytes) text = `${cutText(text, maxBytes - ELLIPSIS_BYTES)}${ELLIPSIS}`;
    return { html: text === "" ? null : text, firstImage: null };
  }
  const allowed = writeAllowed(input, base, maxBytes);
  if (allowed === null) {
    let text = escapeHtml(collapse(markupToText(input)) ?? "");
    if (Buffer.byteLength(text) > maxBytes) text = `${cutText(text, maxBytes - ELLIPSIS_BYTES)}${ELLIPSIS}`;
    return { html: text === "" ? null : text, firstImage: null };
  }
  const { html: written, firstImage } = allowed;
  // Character references to controls (&#1;) are decoded by the parser, so controls are removed once more.
  const clean = removeControls(written).trim();
  return { html: clean === "" ? null : clean, firstImage };
}

const ELLIPSIS = "…";
const ELLIPSIS_BYTES = Buffer.byteLength(ELLIPSIS);

/** A run without spaces longer than this is no word (CJK text, base64): it may be cut inside. */
const LONGEST_WORD = 64;

/**
 * The longest beginning of escaped HTML text within `maxBytes` UTF-8 bytes that ends between words (after its
 * last whole word; inside a run of more than `LONGEST_WORD` characters without spaces, as near the end as fits),
 * never inside a character reference nor a surrogate pair.
 */
function cutText(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const point of text) {
    const size = Buffer.byteLength(point);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += point.length;
  }
  let cut = text.slice(0, end);
  const amp = cut.lastIndexOf("&");
  if (amp >= 0 && !cut.includes(";", amp)) cut = cut.slice(0, amp);
  if (cut.length === text.length || /\s/.test(text[cut.length] ?? "")) return cut;
  const space = Math.max(cut.lastIndexOf(" "), cut.lastIndexOf("\n"));
  const rest = text.slice(cut.length).search(/\s/);
  const word = cut.length - space - 1 + (rest < 0 ? text.length - cut.length : rest);
  if (word > LONGEST_WORD) return cut;
  return space < 0 ? "" : cut.slice(0, space);
}

/**
 * One pass over `html` writing back the allowed elements, attributes and text, within `maxBytes` UTF-8 bytes:
 * once a tag or text would not fit with the end tags of the open elements and an ellipsis, it is cut there. Null
 * when elements nest deeper than `MAX_MARKUP_DEPTH` (the parser stops there).
 */
function writeAllowed(
  html: string,
  base: string | null,
  maxBytes: number,
): { html: string; firstImage: string | null } | null {
  let out = "";
  /** Elements open in the parser (those dropped or past the output's end included). */
  let depth = 0;
  let tooDeep = false;
  let bytes = 0;
  /** UTF-8 bytes of the end tags the open kept elements need. */
  let closing = 0;
  /** Set once the output is full: nothing more is written but the end tags. */
  let full = false;
  let firstImage: string | null = null;
  const stack: Frame[] = [];
  // Depth inside a dropped NON_TEXT element (0: outside): nothing in it is written.
  let skipping = 0;
  let lastImage: LastImage | null = null;
  // Inside a <noscript> that copies the image before it: its images are dropped.
  let droppingFallback = false;
  const endTag = (tag: string) => `</${tag}>`;
  /** Takes a written image back out of the output (what followed it, whitespace only, stays). */
  const unwrite = (image: LastImage) => {
    const removed = out.slice(image.start, image.end);
    out = out.slice(0, image.start) + out.slice(image.end);
    bytes -= Buffer.byteLength(removed);
  };
  /** Writes `piece` when it fits with the end tags and an ellipsis; else marks the output full. */
  const write = (piece: string, extraClosing = 0): boolean => {
    const size = Buffer.byteLength(piece);
    if (bytes + size + closing + extraClosing + ELLIPSIS_BYTES > maxBytes) {
      full = true;
      return false;
    }
    out += piece;
    bytes += size;
    return true;
  };
  const parser = new Parser(
    {
      onopentag(tag, attribs) {
        if (++depth > MAX_MARKUP_DEPTH) {
          tooDeep = true;
          parser.pause();
          return;
        }
        if (full) return;
        if (skipping > 0) {
          skipping++;
          return;
        }
        const before = lastImage;
        lastImage = null;
        const frame: Frame = { tag, kept: TAGS.has(tag), start: out.length, startBytes: bytes };
        if (tag === "noscript") {
          const fallback = noscriptFallback(before?.image ?? null);
          droppingFallback = fallback === "drop";
          if (fallback === "replace" && before !== null) unwrite(before);
        }
        let attributes = attribs;
        if (tag === "img" || tag === "source") {
          const image = realImage(tag, attribs);
          if (droppingFallback || image.attribs === null) frame.kept = false;
          else attributes = image.attribs;
          if (tag === "img") lastImage = { image, start: out.length, end: out.length, startBytes: bytes };
        }
        if (!frame.kept) {
          stack.push(frame);
          if (NON_TEXT.has(tag)) skipping = 1;
          return;
        }
        const resolved = resolveUrlAttributes(tag, attributes, base);
        const written = writeAttributes(tag, resolved);
        if (tag === "img" && !written.shows) {
          frame.kept = false;
          stack.push(frame);
          return;
        }
        const end = VOID.has(tag) ? 0 : Buffer.byteLength(endTag(tag));
        if (!write(`<${tag}${written.text}${end === 0 ? " />" : ">"}`, end)) return;
        closing += end;
        stack.push(frame);
        if (tag === "img") {
          if (lastImage !== null) lastImage.end = out.length;
          if (firstImage === null) firstImage = imageAddress(resolved);
        }
      },
      ontext(text) {
        if (full || skipping > 0) return;
        if (text.trim() !== "") lastImage = null;
        const escaped = escapeHtml(text);
        if (!write(escaped)) write(cutText(escaped, maxBytes - bytes - closing - ELLIPSIS_BYTES));
      },
      onclosetag(tag) {
        depth--;
        if (full) return;
        if (skipping > 0 && --skipping > 0) return;
        const frame = stack.at(-1);
        if (frame?.tag !== tag) return;
        stack.pop();
        if (tag === "noscript") droppingFallback = false;
        if (tag !== "img") lastImage = null;
        if (!frame.kept) return;
        if (!VOID.has(tag)) {
          closing -= Buffer.byteLength(endTag(tag));
          write(endTag(tag));
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  if (tooDeep) return null;
  parser.end();
  if (full) {
    out += ELLIPSIS;
    for (const frame of stack.reverse()) if (frame.kept && !VOID.has(frame.tag)) out += endTag(frame.tag);
  }
  return { html: out, firstImage };
}

/** The allowed attributes of a kept element, written ` name="value"`; `shows` when a `src` or `srcset` stays. */
function writeAttributes(tag: string, attribs: Record<string, string>): { text: string; shows: boolean } {
  const allowed = ATTRIBUTES[tag];
  if (allowed === undefined) return { text: "", shows: false };
  let text = "";
  let shows = false;
  for (const name of Object.keys(attribs)) {
    let value = attribs[name] ?? "";
    if (!ATTRIBUTE_NAME.test(name) || !allowed.includes(name)) continue;
    if (value === "" && name !== "alt" && !BOOLEAN_ATTRIBUTES.has(name)) continue;
    if (URL_ATTRIBUTES.includes(name) && forbiddenScheme(value, tag === "img" ? IMAGE_SCHEMES : SCHEMES)) continue;
    if (name === "srcset") {
      value = allowedSrcset(value);
      if (value === "") continue;
    }
    if (name === "src" || name === "srcset") shows = true;
    text += value === "" ? (name === "alt" ? ' alt=""' : ` ${name}`) : ` ${name}="${escapeHtmlAttribute(value)}"`;
  }
  return { text, shows };
}

/**
 * Whether a URL names a scheme not in `schemes`, read as browsers read it: controls and spaces anywhere and
 * comments (`<!-- -->`) removed first. A URL without a scheme (relative, `//host/…`) is allowed.
 */
function forbiddenScheme(url: string, schemes: ReadonlySet<string>): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore these characters in a scheme
  let cleaned = url.replace(/[\x00-\x20]+/g, "");
  for (let open = cleaned.indexOf("<!--"); open >= 0; open = cleaned.indexOf("<!--")) {
    const close = cleaned.indexOf("-->", open + 4);
    if (close < 0) break;
    cleaned = cleaned.slice(0, open) + cleaned.slice(close + 3);
  }
  const scheme = SCHEME.exec(cleaned)?.[1]?.toLowerCase();
  return scheme !== undefined && !schemes.has(scheme);
}

/** A resolved `srcset` without its candidates of a forbidden scheme; "" when none is left. */
function allowedSrcset(srcset: string): string {
  return srcset
    .split(", ")
    .filter((candidate) => candidate !== "" && !forbiddenScheme(candidate.split(" ")[0] ?? "", SCHEMES))
    .join(", ");
}
