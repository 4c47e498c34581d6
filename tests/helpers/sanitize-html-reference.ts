/**
 * The sanitizer `sanitizeContent` replaced, sanitize-html, configured with the same allow-list, URL resolution
 * (`resolveUrlAttributes`, which sanitize-html ran as a transform of every tag) and image rule (`realImage`: lazy
 * images by their real address, placeholders and tracking pixels dropped): the reference its output is compared
 * with (html-agreement.test.ts) and its speed measured against (bench/parse.ts). The one rule it cannot follow is
 * a `<noscript>` fallback's, which depends on the image before it: compare inputs without one.
 */

import { removeControls } from "@tributary/core/characters.ts";
import { ATTRIBUTES, NON_TEXT, TAGS, URL_ATTRIBUTES } from "@tributary/core/normalize/allow-list.ts";
import { resolveUrlAttributes } from "@tributary/core/normalize/html-urls.ts";
import { imageAddress, realImage } from "@tributary/core/normalize/images.ts";
import sanitizeHtml from "sanitize-html";

/** What `sanitizeContent(html, base)` gives, sanitize-html doing the work. */
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
        // An image the rule drops loses its addresses, so the exclusive filter drops it.
        const image = realImage(tagName, attribs).attribs ?? {};
        const out = resolveUrlAttributes(tagName, image, base);
        if (tagName === "img" && firstImage === null && (out.src || out.srcset)) firstImage = imageAddress(out);
        return { tagName, attribs: out };
      },
    },
  });
  const clean = removeControls(sanitized).trim();
  return { html: clean === "" ? null : clean, firstImage };
}
