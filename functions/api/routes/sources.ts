import { createRoute, z } from "@hono/zod-openapi";
import { latestFetch } from "@tributary/core/read";
import { sourceList } from "@tributary/core/store";
import { CACHE_HEALTH } from "../http/caching.ts";
import { apiQuery, DEFAULT_LIMIT, sourcesQuery } from "../http/params.ts";
import { newRouter } from "../http/router.ts";
import { JSON_TYPE, serveContent, serveList } from "../http/serve.ts";
import { clientError, listErrors, SourceItemsSchema, SourcesSchema } from "../schemas.ts";
import type { Services } from "../services.ts";

const listSources = createRoute({
  method: "get",
  path: "/sources",
  operationId: "listSources",
  tags: ["sources"],
  summary: "A page of the configured sources and their health",
  request: { query: sourcesQuery },
  responses: {
    200: {
      description:
        "A page of sources: failing ones first (the longest failing first), then the rest in configuration order.",
      content: { "application/json": { schema: SourcesSchema } },
    },
    304: listErrors[304],
    "4XX": clientError,
    503: listErrors[503],
  },
});

const sourceItems = createRoute({
  method: "get",
  path: "/sources/{id}/items",
  operationId: "listSourceItems",
  tags: ["sources"],
  summary: "A page of one source's items, newest first",
  request: {
    params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" }, example: "rs-ukraine-war" }) }),
    query: apiQuery,
  },
  responses: {
    200: { description: "A page of items.", content: { "application/json": { schema: SourceItemsSchema } } },
    ...listErrors,
  },
});

/** `/api/sources` (a page of source health: `sourceHealthPage`) and `/api/sources/:id/items` (the list path). */
export function sourceRoutes(s: Services) {
  return newRouter()
    .openapi(listSources, async (c) => {
      const params = c.req.valid("query");
      const page = await s.reader.sourceHealthPage({
        limit: params.limit,
        cursor: params.cursor ?? null,
        status: params.status ?? null,
      });
      const sources = page.sources;
      const body = JSON.stringify({ sources, nextCursor: page.nextCursor });
      return serveContent(c, { body, type: JSON_TYPE, cacheControl: CACHE_HEALTH, lastModified: latestFetch(sources) });
    })
    .openapi(sourceItems, (c) => {
      const source = s.reader.source(c.req.valid("param").id);
      const params = c.req.valid("query");
      return serveList(c, s, {
        list: sourceList(source.id),
        variant: "api",
        path: `/api/sources/${encodeURIComponent(source.id)}/items`,
        params,
        defaultLimit: DEFAULT_LIMIT.api,
        type: JSON_TYPE,
        render: async () => {
          const page = await s.reader.sourcePage(source, params);
          const body = JSON.stringify({ source: page.source, items: page.items, nextCursor: page.nextCursor });
          return { body, dates: page.dates };
        },
      });
    });
}
