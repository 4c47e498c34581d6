import { createRoute, z } from "@hono/zod-openapi";
import { CACHE_LISTS } from "../http/caching.ts";
import { newRouter } from "../http/router.ts";
import { JSON_TYPE, serveContent } from "../http/serve.ts";
import { ItemSchema, listErrors } from "../schemas.ts";
import type { Services } from "../services.ts";

const getItem = createRoute({
  method: "get",
  path: "/items/{id}",
  operationId: "getItem",
  tags: ["items"],
  summary: "One item",
  request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: {
    200: { description: "The item.", content: { "application/json": { schema: ItemSchema } } },
    304: listErrors[304],
    404: listErrors[404],
    503: listErrors[503],
  },
});

/** `/api/items/:id`: an item within retention (and not still being stored), else 404. */
export function itemRoutes(s: Services) {
  return newRouter().openapi(getItem, async (c) => {
    const item = await s.reader.item(c.req.valid("param").id);
    return serveContent(c, { body: JSON.stringify(item), type: JSON_TYPE, cacheControl: CACHE_LISTS });
  });
}
