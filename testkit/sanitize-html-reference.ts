/**
 * The sanitizer `sanitizeContent` replaced, sanitize-html, configured with the same allow-list and URL resolution
 * (`resolveUrlAttributes`, which sanitize-html ran as a transform of every tag):
 * the reference its output is compared with (html-agreement.test.ts) and its speed measured against (bench/parse.ts).
 */

import { removeControls } from "@tributary/core/characters.ts";
import { ATTRIBUTES, NON_TEXT, TAGS, URL_ATTRIBUTES } from "@tributary/core/normalize/allow-list.ts";
import { resolveUrlAttributes } from "@tributary/core/normalize/html-urls.ts";
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
        const out = resolveUrlAttributes(tagName, attribs, base);
        if (tagName === "img" && firstImage === null && out.src && !/^\s*data:/i.test(out.src)) {
          firstImage = absoluteUrl(out.src)?.href ?? null;
        }
        return { tagName, attribs: out };
      },
    },
  });
  const clean = removeControls(sanitized).trim();
  return { html: clean === "" ? null : clean, firstImage };
}
