/**
 * Content HTML: sanitized by an allow-list (`allow-list.ts`), every URL made absolute. One pass of htmlparser2's
 * HTML parser (entities decoded, end tags implied as HTML implies them) writes back only what is allowed.
 */
import { Parser } from "htmlparser2";
import { escapeHtml, escapeHtmlAttribute, removeControls } from "../characters.ts";
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
import { absoluteUrl } from "./url.ts";

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
  /** For a kept `img`: whether a `src` or `srcset` survived (an image without either is dropped). */
  shows: boolean;
}

// An attribute name that cannot end the attribute or the tag early (HTML's attribute-name characters).
const ATTRIBUTE_NAME = /^[^\0\t\n\f\r /<=>]+$/;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9.\-+]*):/;

/**
 * Sanitizes feed HTML by an allow-list: no script, style, iframe, form, object, embed or svg, no `on*` or
 * `style` attributes, no `javascript:` or `data:` URLs except `data:image/…` on `img src`. Relative `href`,
 * `src`, `srcset`, `poster` and `cite` URLs are resolved against `base`. Text and attribute values are written
 * escaped (`&`, `<`, `>`, and `"` in values); unclosed elements are closed; comments go. Text with no `<` and
 * no `&` holds no markup and is only escaped. Linear in the input.
 * @example sanitizeContent('<p onclick="x()"><img src="/a.png"></p>', "https://example.org/post").html
 * // '<p><img src="https://example.org/a.png" /></p>'
 */
export function sanitizeContent(html: string | null | undefined, base: string | null): SanitizedHtml {
  if (!html?.trim()) return { html: null, firstImage: null };
  const input = removeControls(html);
  if (!input.includes("<") && !input.includes("&")) {
    const text = input.replaceAll(">", "&gt;").trim();
    return { html: text === "" ? null : text, firstImage: null };
  }
  const { html: written, firstImage } = writeAllowed(input, base);
  // Character references to controls (&#1;) are decoded by the parser, so controls are removed once more.
  const clean = removeControls(written).trim();
  return { html: clean === "" ? null : clean, firstImage };
}

/** One pass over `html` writing back the allowed elements, attributes and text. */
function writeAllowed(html: string, base: string | null): { html: string; firstImage: string | null } {
  let out = "";
  let firstImage: string | null = null;
  const stack: Frame[] = [];
  // Depth inside a dropped NON_TEXT element (0: outside): nothing in it is written.
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(tag, attribs) {
        if (skipping > 0) {
          skipping++;
          return;
        }
        const kept = TAGS.has(tag);
        const frame: Frame = { tag, kept, start: out.length, shows: false };
        stack.push(frame);
        if (!kept) {
          if (NON_TEXT.has(tag)) skipping = 1;
          return;
        }
        const resolved = resolveUrlAttributes(tag, attribs, base);
        if (tag === "img" && firstImage === null && resolved.src && !/^\s*data:/i.test(resolved.src)) {
          firstImage = absoluteUrl(resolved.src)?.href ?? null;
        }
        const written = writeAttributes(tag, resolved);
        frame.shows = written.shows;
        out += `<${tag}${written.text}${VOID.has(tag) ? " />" : ">"}`;
      },
      ontext(text) {
        if (skipping === 0) out += escapeHtml(text);
      },
      onclosetag(tag) {
        if (skipping > 0 && --skipping > 0) return;
        const frame = stack.at(-1);
        if (frame?.tag !== tag) return;
        stack.pop();
        if (!frame.kept) return;
        if (tag === "img" && !frame.shows) out = out.slice(0, frame.start);
        else if (!VOID.has(tag)) out += `</${tag}>`;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
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
