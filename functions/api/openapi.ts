import type { Context } from "hono";
import { publicOrigin } from "./http/urls.ts";
import type { Services } from "./services.ts";

/** The licence the API description states (SPDX identifier, as OpenAPI 3.1 `info.license.identifier` asks). */
export const API_LICENSE = { name: "MIT", identifier: "MIT" } as const;

/**
 * The top of `/openapi.json` (OpenAPI 3.1): title, version, licence, this server's origin, and `security: []`
 * — the API is public and read-only, no operation asks for credentials. Operations come from the routes.
 */
export function openApiDocument(c: Context, s: Services) {
  return {
    openapi: "3.1.0",
    info: {
      title: `${s.config.title} API`,
      version: "1.0.0",
      description: "Read-only JSON API of Tributary: topics merged from section feeds, their items, and source health.",
      license: API_LICENSE,
    },
    servers: [{ url: publicOrigin(c, s), description: "This server." }],
    security: [],
    tags: [
      { name: "topics", description: "Topics and their merged items." },
      { name: "sources", description: "Section feeds, their health and their items." },
      { name: "items", description: "One article." },
    ],
  };
}
