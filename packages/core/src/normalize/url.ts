/** Item URLs: absolute, without tracking parameters, and their canonical form for identity. */

const TRACKING = /^(?:utm_.*|fbclid|gclid|mc_cid|mc_eid)$/i;

/**
 * A link resolved against `base`, when the result is an http or https URL; null otherwise (relative without
 * base, `mailto:`, `javascript:`, unparseable).
 */
export function absoluteUrl(link: string | null | undefined, base?: string | null): URL | null {
  const trimmed = link?.trim();
  if (!trimmed) return null;
  let url: URL;
  try {
    url = new URL(trimmed, base ?? undefined);
  } catch {
    return null;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url : null;
}

/**
 * The link as `Item.url`: absolute, without fragment and tracking parameters (`utm_*`, `fbclid`, `gclid`,
 * `mc_cid`, `mc_eid`); the rest of the query is kept as it was.
 * @example itemUrl("/a?utm_source=x&id=2#top", "https://example.org/feed") // "https://example.org/a?id=2"
 */
export function itemUrl(link: string | null | undefined, base?: string | null): string | null {
  const url = absoluteUrl(link, base);
  if (!url) return null;
  url.hash = "";
  url.search = query(url.search, false);
  return url.href;
}

/**
 * The canonical form of a link: resolved against `base`, lower-case scheme and host, no default
 * port, no fragment, no tracking parameters, `http` made `https`, remaining query parameters sorted by name.
 * Trailing slashes and `www.` are kept. Null when the link is not http(s).
 * @example canonicalUrl("HTTP://Example.org:80/a/?b=2&a=1&utm_medium=rss#x") // "https://example.org/a/?a=1&b=2"
 */
export function canonicalUrl(link: string, base?: string): string | null {
  const url = absoluteUrl(link, base);
  if (!url) return null;
  url.hash = "";
  url.protocol = "https:";
  url.search = query(url.search, true);
  return url.href;
}

/** The query without tracking parameters, optionally sorted by (decoded) name; stable for repeated names. */
function query(search: string, sort: boolean): string {
  const pairs = search
    .slice(1)
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => ({ pair, name: decodeName(pair) }))
    .filter(({ name }) => !TRACKING.test(name));
  if (sort) pairs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return pairs.length === 0 ? "" : `?${pairs.map(({ pair }) => pair).join("&")}`;
}

function decodeName(pair: string): string {
  const name = pair.split("=", 1)[0]?.replaceAll("+", " ") ?? "";
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
