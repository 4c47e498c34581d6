import type { Context } from "hono";
import type { Config } from "../../../packages/core/src/config/index.ts";

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

/** The request's URL (path and query as sent) on the public origin. */
export function selfUrl(c: Context, settings: OriginSettings): string {
  const url = new URL(c.req.url);
  return `${publicOrigin(c, settings)}${url.pathname}${url.search}`;
}

/** `url` with its `cursor` parameter set to `cursor`, or null when there is no next page. */
export function nextPageUrl(url: string, cursor: string | null): string | null {
  if (!cursor) return null;
  const next = new URL(url);
  next.searchParams.set("cursor", cursor);
  return next.toString();
}

/** Links of a topic's feeds and page. */
export function topicLinks(origin: string, slug: string) {
  return {
    html: `${origin}/topics/${slug}`,
    rss: `${origin}/feeds/${slug}.rss`,
    atom: `${origin}/feeds/${slug}.atom`,
    json: `${origin}/feeds/${slug}.json`,
  };
}
