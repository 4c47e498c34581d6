import { createRoute, z } from "@hono/zod-openapi";
import { sourceList } from "../../../packages/core/src/store/index.ts";
import {
  CACHE_HEALTH,
  CACHE_LISTS,
  contentValidators,
  isNotModified,
  notModified,
  setValidators,
} from "../http/caching.ts";
import { cachedPage, openList } from "../http/lists.ts";
import { apiQuery, newRouter } from "../http/params.ts";
import { listErrors, SourceItemsSchema, SourcesSchema } from "../schemas.ts";
import { findSource, type Services } from "../services.ts";
import { healthModifiedAt, readSourceHealth } from "../source-health.ts";

const listSources = createRoute({
  method: "get",
  path: "/sources",
  tags: ["sources"],
  summary: "Every configured source and its health",
  responses: {
    200: {
      description: "The sources, in configuration order.",
      content: { "application/json": { schema: SourcesSchema } },
    },
    304: listErrors[304],
    503: listErrors[503],
  },
});

const sourceItems = createRoute({
  method: "get",
  path: "/sources/{id}/items",
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

/** `/api/sources` and `/api/sources/:id/items`. */
export function sourceRoutes(s: Services) {
  return newRouter()
    .openapi(listSources, async (c) => {
      const sources = await readSourceHealth(s);
      const validators = contentValidators(JSON.stringify(sources), healthModifiedAt(sources));
      if (isNotModified(c.req, validators)) return notModified(c, validators, CACHE_HEALTH);
      setValidators(c, validators, CACHE_HEALTH);
      return c.json({ sources }, 200);
    })
    .openapi(sourceItems, async (c) => {
      const source = findSource(s.config, c.req.valid("param").id);
      const params = c.req.valid("query");
      const list = sourceList(source.id);
      const state = await openList(c, s, list, "api");
      if (state.fresh) return notModified(c, state.validators, CACHE_LISTS);
      const page = await cachedPage(s, list, state, params);
      const title = source.title ?? (await s.store.getSourceStates([source.id])).get(source.id)?.title ?? null;
      setValidators(c, state.validators, CACHE_LISTS);
      return c.json({ source: { id: source.id, title }, ...page }, 200);
    });
}
