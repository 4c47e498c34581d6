/** Feed autodiscovery in an HTML page: its `<link rel="alternate">` elements naming RSS, Atom or JSON feeds. */
import { Parser } from "htmlparser2";

/** A feed a page links to: its absolute URL, the link's title, and the media type it declares. */
export interface FeedLink {
  url: string;
  title: string | null;
  type: string;
}

/**
 * Media types that announce a feed. `application/json` is taken only for a URL whose path says "feed"
 * (JSON Feed 1.0 used it; WordPress announces its REST API with it too).
 */
const FEED_TYPES = new Set([
  "application/rss+xml",
  "application/atom+xml",
  "application/feed+json",
  "application/rdf+xml",
  "application/rss+rdf",
  "application/json",
]);

/**
 * The feeds a page announces, in document order, each URL once: `<link>` elements whose `rel` has the
 * token `alternate` (HTML: rel is a case-insensitive token list) and whose `type` is a feed type (RSS
 * Autodiscovery; Atom autodiscovery; JSON Feed 1.1 §"Discovery"). Relative URLs resolve against the page's
 * `<base href>`, else `pageUrl`. Only http(s) URLs are kept. HTML is read by htmlparser2, entities decoded.
 * @example feedLinks('<link rel="alternate" type="application/rss+xml" href="/feed/">', "https://a.org/x")
 * // [{ url: "https://a.org/feed/", title: null, type: "application/rss+xml" }]
 */
export function feedLinks(html: string, pageUrl: string): FeedLink[] {
  let base = pageUrl;
  const found: { href: string; title: string | null; type: string }[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === "base" && attributes.href && found.length === 0) {
          base = resolve(attributes.href, pageUrl) ?? base;
          return;
        }
        if (name !== "link" || !attributes.href) return;
        const rel = (attributes.rel ?? "").toLowerCase().split(/\s+/);
        const type = (attributes.type ?? "").toLowerCase().split(";")[0]?.trim() ?? "";
        if (!rel.includes("alternate") || !FEED_TYPES.has(type)) return;
        found.push({ href: attributes.href.trim(), title: attributes.title?.trim() || null, type });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();

  const links: FeedLink[] = [];
  for (const { href, title, type } of found) {
    const url = resolve(href, base);
    if (!url || links.some((link) => link.url === url)) continue;
    if (type === "application/json" && !/feed/i.test(new URL(url).pathname)) continue;
    links.push({ url, title, type });
  }
  return links;
}

/** `href` made absolute against `base`, without fragment; null unless it is http(s). */
function resolve(href: string, base: string): string | null {
  try {
    const url = new URL(href, base);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    url.hash = "";
    return url.href;
  } catch {
    return null;
  }
}
