/** The URLs of content HTML made absolute: an element's URL attributes, one URL, the candidates of a `srcset`. */
import { URL_ATTRIBUTES } from "./allow-list.ts";

/**
 * A URL made absolute against `base` when it can be; trimmed and left as written otherwise (a URL with a scheme,
 * or one that does not resolve: the scheme check then judges it).
 * @example resolveUrl("../a.png", "https://example.org/posts/1") // "https://example.org/a.png"
 */
export function resolveUrl(value: string, base: string | null): string {
  const trimmed = value.trim();
  if (base === null || /^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return trimmed;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}

/** One candidate of a `srcset`: its URL and its descriptor ("" when none, else e.g. "2x" or "480w"). */
export interface SrcsetCandidate {
  url: string;
  descriptor: string;
}

/**
 * The candidates of a `srcset`, read by HTML's rules (WHATWG HTML, "parse a srcset attribute"): a URL ends at
 * whitespace (so a `data:` URL keeps its commas), a trailing comma ends a candidate, else its descriptor runs to
 * the next comma. Empty candidates are skipped.
 * @example parseSrcset("a.jpg 1x,b.jpg 2x") // [{ url: "a.jpg", descriptor: "1x" }, { url: "b.jpg", descriptor: "2x" }]
 */
export function parseSrcset(srcset: string): SrcsetCandidate[] {
  const candidates: SrcsetCandidate[] = [];
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
    candidates.push({ url, descriptor });
  }
  return candidates;
}

/**
 * Resolves each URL of a `srcset` ("a.jpg 1x, b.jpg 2x") with `resolveUrl`, keeping its descriptors; candidates
 * are read by `parseSrcset` and joined with ", ".
 * @example resolveSrcset("a.jpg 1x,/b.jpg 2x", "https://example.org/p/")
 * // "https://example.org/p/a.jpg 1x, https://example.org/b.jpg 2x"
 */
export function resolveSrcset(srcset: string, base: string | null): string {
  return parseSrcset(srcset)
    .map(({ url, descriptor }) => (descriptor ? `${resolveUrl(url, base)} ${descriptor}` : resolveUrl(url, base)))
    .join(", ");
}

/**
 * The attributes of an element with their URLs made absolute: `href`, `src`, `poster` and `cite` trimmed and
 * resolved (empty ones dropped), `srcset` resolved candidate by candidate, and an `img src` of `data:` dropped
 * unless it is `data:image/…`. Other attributes are copied as they are.
 * @example resolveUrlAttributes("a", { href: "/x", title: "t" }, "https://example.org/p")
 * // { href: "https://example.org/x", title: "t" }
 */
export function resolveUrlAttributes(
  tag: string,
  attribs: Record<string, string>,
  base: string | null,
): Record<string, string> {
  const out = { ...attribs };
  for (const name of URL_ATTRIBUTES) {
    const value = out[name]?.trim();
    if (value === "") delete out[name];
    else if (value !== undefined) out[name] = resolveUrl(value, base);
  }
  if (out.srcset !== undefined) out.srcset = resolveSrcset(out.srcset, base);
  if (tag === "img" && out.src?.trim().toLowerCase().startsWith("data:") && !/^\s*data:image\//i.test(out.src)) {
    delete out.src;
  }
  return out;
}
