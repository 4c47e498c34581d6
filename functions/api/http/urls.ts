import type { Context } from "hono";
import type { Config } from "../../../packages/core/src/config/index.ts";

/** The public origin of self links: `baseUrl` when configured, else the request's own origin. */
export function publicOrigin(c: Context, config: Config): string {
  return config.baseUrl ? config.baseUrl.replace(/\/+$/, "") : new URL(c.req.url).origin;
}

/** The request's URL (path and query as sent) on the public origin. */
export function selfUrl(c: Context, config: Config): string {
  const url = new URL(c.req.url);
  return `${publicOrigin(c, config)}${url.pathname}${url.search}`;
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
