import { createRoute, z } from "@hono/zod-openapi";
import { NotFoundError } from "../../../packages/core/src/errors.ts";
import { toItem } from "../../../packages/core/src/store/index.ts";
import { CACHE_LISTS, contentValidators, isNotModified, notModified, setValidators } from "../http/caching.ts";
import { newRouter } from "../http/params.ts";
import { ItemSchema, listErrors } from "../schemas.ts";
import { retentionCutoff, type Services } from "../services.ts";

const ITEM_ID = /^[A-Za-z0-9_-]{1,128}$/;

const getItem = createRoute({
  method: "get",
  path: "/items/{id}",
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
    const { id } = c.req.valid("param");
    const stored = ITEM_ID.test(id) ? await s.store.getItem(id) : null;
    if (!stored || stored.pending || stored.publishedAt < retentionCutoff(s))
      throw new NotFoundError(`no item "${id}"`);
    const item = toItem(stored);
    const validators = contentValidators(JSON.stringify(item));
    if (isNotModified(c.req, validators)) return notModified(c, validators, CACHE_LISTS);
    setValidators(c, validators, CACHE_LISTS);
    return c.json(item, 200);
  });
}
