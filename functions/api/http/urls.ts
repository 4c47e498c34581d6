import type { Config } from "@tributary/core/config";
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
