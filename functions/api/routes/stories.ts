import { createRoute, z } from "@hono/zod-openapi";
import { CACHE_LISTS } from "../http/caching.ts";
import { newRouter } from "../http/router.ts";
import { JSON_TYPE, serveContent } from "../http/serve.ts";
import { listErrors, StoryItemsSchema } from "../schemas.ts";
import type { Services } from "../services.ts";

const getStory = createRoute({
  method: "get",
  path: "/stories/{id}",
  operationId: "getStory",
  tags: ["stories"],
  summary: "Every item of a story, newest first",
  request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: {
    200: {
      description: "The story and its items within retention.",
      content: { "application/json": { schema: StoryItemsSchema } },
    },
    304: listErrors[304],
    404: listErrors[404],
    503: listErrors[503],
  },
});

/** `/api/stories/:id`: a story's items within retention (its member rows and their items), else 404. */
export function storyRoutes(s: Services) {
  return newRouter().openapi(getStory, async (c) => {
    const story = await s.reader.story(c.req.valid("param").id);
    return serveContent(c, { body: JSON.stringify(story), type: JSON_TYPE, cacheControl: CACHE_LISTS });
  });
}
