/** Content HTML: sanitized by an allow-list, every URL made absolute. */
import sanitizeHtml from "sanitize-html";
import { stripControls } from "./text.ts";
import { absoluteUrl } from "./url.ts";

const TAGS = [
  ...["a", "abbr", "address", "article", "aside", "audio", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite"],
  ...["code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure"],
  ...["footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "main", "mark"],
  ...["ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "source", "span"],
  ...["strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "track"],
  ...["u", "ul", "var", "video", "wbr"],
];
const ATTRIBUTES: Record<string, string[]> = {
  a: ["href", "title", "hreflang"],
  abbr: ["title"],
  audio: ["src", "controls", "preload"],
  blockquote: ["cite"],
  col: ["span"],
  colgroup: ["span"],
  del: ["cite", "datetime"],
  img: ["src", "srcset", "sizes", "alt", "title", "width", "height", "loading"],
  ins: ["cite", "datetime"],
  li: ["value"],
  ol: ["start", "reversed", "type"],
  q: ["cite"],
  source: ["src", "srcset", "sizes", "type", "media"],
  td: ["colspan", "rowspan", "headers"],
  th: ["colspan", "rowspan", "headers", "scope"],
  time: ["datetime"],
  track: ["src", "kind", "srclang", "label", "default"],
  video: ["src", "poster", "controls", "width", "height", "preload"],
};
const URL_ATTRIBUTES = ["href", "src", "poster", "cite"];
// Disallowed elements whose text is dropped too, not just their tags.
const NON_TEXT = [
  "script",
  "style",
  "textarea",
  "option",
  "select",
  "title",
  "svg",
  "math",
  "template",
  "iframe",
  "object",
];

/** Sanitized HTML (null when nothing is left) and the first image it shows. */
export interface SanitizedHtml {
  html: string | null;
  firstImage: string | null;
}

/**
 * Sanitizes feed HTML by an allow-list: no script, style, iframe, form, object, embed or svg, no `on*` or
 * `style` attributes, no `javascript:` or `data:` URLs except `data:image/…` on `img src`. Relative `href`,
 * `src`, `srcset`, `poster` and `cite` URLs are resolved against `base`.
 * @example sanitizeContent('<p onclick="x()"><img src="/a.png"></p>', "https://example.org/post").html
 * // '<p><img src="https://example.org/a.png" /></p>'
 */
export function sanitizeContent(html: string | null | undefined, base: string | null): SanitizedHtml {
  if (!html?.trim()) return { html: null, firstImage: null };
  let firstImage: string | null = null;
  const sanitized = sanitizeHtml(stripControls(html), {
    allowedTags: TAGS,
    allowedAttributes: ATTRIBUTES,
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https", "data"] },
    allowedSchemesAppliedToAttributes: URL_ATTRIBUTES,
    nonTextTags: NON_TEXT,
    selfClosing: [...sanitizeHtml.defaults.selfClosing, "col", "source", "track", "wbr"],
    exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src && !frame.attribs.srcset,
    transformTags: {
      "*": (tagName, attribs) => {
        const out = { ...attribs };
        for (const name of URL_ATTRIBUTES) {
          const value = out[name]?.trim();
          if (value === "") delete out[name];
          else if (value !== undefined) out[name] = resolve(value, base);
        }
        if (out.srcset !== undefined) out.srcset = resolveSrcset(out.srcset, base);
        if (tagName === "img" && out.src?.trim().toLowerCase().startsWith("data:")) {
          if (!/^\s*data:image\//i.test(out.src)) delete out.src;
        } else if (tagName === "img" && out.src && firstImage === null) {
          firstImage = absoluteUrl(out.src)?.href ?? null;
        }
        return { tagName, attribs: out };
      },
    },
  });
  // Character references to controls (&#1;) are decoded by the parser, so controls are removed once more.
  const clean = stripControls(sanitized).trim();
  return { html: clean === "" ? null : clean, firstImage };
}

/** A URL made absolute when it can be; left as written otherwise (the scheme check then judges it). */
function resolve(value: string, base: string | null): string {
  const trimmed = value.trim();
  if (base === null || /^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return trimmed;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}

/** Resolves each URL of a `srcset` ("a.jpg 1x, b.jpg 2x"), keeping its descriptors (HTML's parsing rules). */
function resolveSrcset(srcset: string, base: string | null): string {
  const candidates: string[] = [];
  let i = 0;
  while (i < srcset.length) {
    while (i < srcset.length && /[\s,]/.test(srcset[i] ?? "")) i++;
    if (i >= srcset.length) break;
    let end = i;
    while (end < srcset.length && !/\s/.test(srcset[end] ?? "")) end++;
    let url = srcset.slice(i, end);
    let descriptor = "";
    i = end;
    if (url.endsWith(",")) {
      url = url.replace(/,+$/, "");
    } else {
      const comma = srcset.indexOf(",", i);
      const stop = comma < 0 ? srcset.length : comma;
      descriptor = srcset.slice(i, stop).trim();
      i = stop + 1;
    }
    candidates.push(descriptor ? `${resolve(url, base)} ${descriptor}` : resolve(url, base));
  }
  return candidates.join(", ");
}
