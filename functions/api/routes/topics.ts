import { createRoute, z } from "@hono/zod-openapi";
import { topicList } from "@tributary/core/store";
import { FEED_FORMATS, topicItemsPath, topicUrls } from "@tributary/core/urls";
import { CACHE_LISTS } from "../http/caching.ts";
import { apiQuery, DEFAULT_LIMIT } from "../http/params.ts";
import { newRouter } from "../http/router.ts";
import { JSON_TYPE, serveContent, serveList } from "../http/serve.ts";
import { publicOrigin } from "../http/urls.ts";
import { clientError, listErrors, TopicItemsSchema, TopicsSchema } from "../schemas.ts";
import type { Services } from "../services.ts";

const listTopics = createRoute({
  method: "get",
  path: "/topics",
  operationId: "listTopics",
  tags: ["topics"],
  summary: "Every configured topic with its feeds",
  responses: {
    200: {
      description: "The topics, in configuration order.",
      content: { "application/json": { schema: TopicsSchema } },
    },
    304: listErrors[304],
    "4XX": clientError,
    503: listErrors[503],
  },
});

const topicItems = createRoute({
  method: "get",
  path: "/topics/{slug}/items",
  operationId: "listTopicItems",
  tags: ["topics"],
  summary: "A page of a topic's items, newest first",
  request: {
    params: z.object({ slug: z.string().openapi({ param: { name: "slug", in: "path" }, example: "ukraine-war" }) }),
    query: apiQuery,
  },
  responses: {
    200: { description: "A page of items.", content: { "application/json": { schema: TopicItemsSchema } } },
    ...listErrors,
  },
});

/** `/api/topics` (one BatchGet) and `/api/topics/:slug/items` (the list path: a GetItem, and a Query when rendered). */
export function topicRoutes(s: Services) {
  return newRouter()
    .openapi(listTopics, async (c) => {
      const origin = publicOrigin(c, s);
      const topics = (await s.reader.topicSummaries()).map(({ slug, title, description, updatedAt }) => {
        const urls = topicUrls(origin, slug);
        const feeds = Object.fromEntries(FEED_FORMATS.map((format) => [format, urls[format]]));
        return { slug, title, description, updatedAt, feeds };
      });
      // Titles and descriptions come from the configuration: the later of its taking and the latest list change.
      const latest = topics.reduce<string>(
        (max, t) => (t.updatedAt && t.updatedAt > max ? t.updatedAt : max),
        s.configuredAt,
      );
      const body = JSON.stringify({ topics });
      return serveContent(c, { body, type: JSON_TYPE, cacheControl: CACHE_LISTS, lastModified: latest });
    })
    .openapi(topicItems, (c) => {
      const topic = s.reader.topic(c.req.valid("param").slug);
      const params = c.req.valid("query");
      return serveList(c, s, {
        list: topicList(topic.slug),
        variant: "api",
        path: topicItemsPath(topic.slug),
        params,
        defaultLimit: DEFAULT_LIMIT.api,
        type: JSON_TYPE,
        render: async () => {
          const { items, nextCursor, dates } = await s.reader.topicPage(topic, params);
          return {
            body: JSON.stringify({ topic: { slug: topic.slug, title: topic.title }, items, nextCursor }),
            dates,
          };
        },
      });
    });
}
