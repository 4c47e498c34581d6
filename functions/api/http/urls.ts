import type { Config } from "@tributary/core/config";
import type { PageQuery } from "@tributary/core/read";
import type { Context } from "hono";

/** What decides the public origin. */
export interface OriginSettings {
  config: Config;
  /** Behind a proxy that sets X-Forwarded-Host itself (CloudFront in AWS), the origin the reader used. */
  trustForwardedHost: boolean;
}

const HOST = /^[a-z0-9.-]+(?::\d{1,5})?$/i;

/**
 * The public origin of self links: `baseUrl` when configured, else the forwarded host when trusted and
 * well-formed, else the request's own origin.
 */
export function publicOrigin(c: Context, settings: OriginSettings): string {
  if (settings.config.baseUrl) return settings.config.baseUrl.replace(/\/+$/, "");
  const forwarded = settings.trustForwardedHost ? c.req.header("X-Forwarded-Host")?.split(",")[0]?.trim() : undefined;
  if (forwarded && HOST.test(forwarded)) {
    const proto = c.req.header("X-Forwarded-Proto")?.split(",")[0]?.trim() === "http" ? "http" : "https";
    return `${proto}://${forwarded.toLowerCase()}`;
  }
  return new URL(c.req.url).origin;
}

/**
 * The URL of a list request built only from its parsed, normalised parameters — never from the query as sent,
 * so a link (self, next, a CDN-cached page's links) carries no parameter the route does not read. Fixed order:
 * `limit` (only when not `defaultLimit`), `q`, `since` (ISO), `filter`, `filterout` (`|`-joined), `cursor`.
 * @example listUrl("https://x.example", "/feeds/a.rss", { limit: 10, q: "kyiv" }, 50, "c1")
 * // "https://x.example/feeds/a.rss?limit=10&q=kyiv&cursor=c1"
 */
export function listUrl(
  origin: string,
  path: string,
  params: PageQuery,
  defaultLimit: number,
  cursor: string | null | undefined = params.cursor,
): string {
  const query = new URLSearchParams();
  if (params.limit !== defaultLimit) query.set("limit", String(params.limit));
  if (params.q) query.set("q", params.q);
  if (params.since) query.set("since", params.since);
  if (params.filter?.length) query.set("filter", params.filter.join("|"));
  if (params.filterout?.length) query.set("filterout", params.filterout.join("|"));
  if (cursor) query.set("cursor", cursor);
  const search = query.toString();
  return `${origin}${path}${search ? `?${search}` : ""}`;
}

/** Links of a topic's feeds and page. */
export function topicLinks(origin: string, slug: string) {
  return {
    html: `${origin}/topics/${slug}`,
    rss: `${origin}/feeds/${slug}.rss`,
    atom: `${origin}/feeds/${slug}.atom`,
    json: `${origin}/feeds/${slug}.json`,
    api: `${origin}/api/topics/${slug}/items`,
  };
}
