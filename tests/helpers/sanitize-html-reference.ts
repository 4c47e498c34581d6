/**
 * The sanitizer `sanitizeContent` replaced, sanitize-html, configured with the same allow-list and URL resolution:
 * the reference its output is compared with (html-agreement.test.ts) and its speed measured against (bench/parse.ts).
 */

import { removeControls } from "@tributary/core/characters.ts";
import { ATTRIBUTES, NON_TEXT, TAGS, URL_ATTRIBUTES } from "@tributary/core/normalize/allow-list.ts";
import { resolveSrcset, resolveUrl } from "@tributary/core/normalize/html-urls.ts";
import { absoluteUrl } from "@tributary/core/normalize/url.ts";
import sanitizeHtml from "sanitize-html";

/** What `sanitizeContent(html, base)` gave when sanitize-html did the work. */
export function sanitizeHtmlReference(
  html: string | null | undefined,
  base: string,
): { html: string | null; firstImage: string | null } {
  if (!html?.trim()) return { html: null, firstImage: null };
  let firstImage: string | null = null;
  const sanitized = sanitizeHtml(removeControls(html), {
    allowedTags: [...TAGS],
    allowedAttributes: Object.fromEntries(Object.entries(ATTRIBUTES).map(([tag, names]) => [tag, [...names]])),
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https", "data"] },
    allowedSchemesAppliedToAttributes: [...URL_ATTRIBUTES],
    nonTextTags: [...NON_TEXT],
    selfClosing: [...sanitizeHtml.defaults.selfClosing, "col", "source", "track", "wbr"],
    exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src && !frame.attribs.srcset,
    transformTags: {
      "*": (tagName, attribs) => {
        const out = { ...attribs };
        for (const name of URL_ATTRIBUTES) {
          const value = out[name]?.trim();
          if (value === "") delete out[name];
          else if (value !== undefined) out[name] = resolveUrl(value, base);
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
  const clean = removeControls(sanitized).trim();
  return { html: clean === "" ? null : clean, firstImage };
}
