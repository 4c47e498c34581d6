/** The URLs of content HTML made absolute: one URL, and the candidates of a `srcset`. */

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

/**
 * Resolves each URL of a `srcset` ("a.jpg 1x, b.jpg 2x") with `resolveUrl`, keeping its descriptors; candidates
 * are read by HTML's rules (a URL ends at whitespace; a trailing comma ends a candidate) and joined with ", ".
 * @example resolveSrcset("a.jpg 1x,/b.jpg 2x", "https://example.org/p/") // "https://example.org/p/a.jpg 1x, https://example.org/b.jpg 2x"
 */
export function resolveSrcset(srcset: string, base: string | null): string {
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
    candidates.push(descriptor ? `${resolveUrl(url, base)} ${descriptor}` : resolveUrl(url, base));
  }
  return candidates.join(", ");
}
