import { createRoute, z } from "@hono/zod-openapi";
import { topicList } from "../../../packages/core/src/store/index.ts";
import {
  CACHE_LISTS,
  contentValidators,
  isNotModified,
  NEVER_MODIFIED,
  notModified,
  setValidators,
} from "../http/caching.ts";
import { cachedPage, openList } from "../http/lists.ts";
import { apiQuery, newRouter } from "../http/params.ts";
import { publicOrigin, topicLinks } from "../http/urls.ts";
import { listErrors, TopicItemsSchema, TopicsSchema } from "../schemas.ts";
import { findTopic, type Services } from "../services.ts";

const listTopics = createRoute({
  method: "get",
  path: "/topics",
  tags: ["topics"],
  summary: "Every configured topic with its feeds",
  responses: {
    200: {
      description: "The topics, in configuration order.",
      content: { "application/json": { schema: TopicsSchema } },
    },
    304: listErrors[304],
    503: listErrors[503],
  },
});

const topicItems = createRoute({
  method: "get",
  path: "/topics/{slug}/items",
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

/** `/api/topics` and `/api/topics/:slug/items`. */
export function topicRoutes(s: Services) {
  return newRouter()
    .openapi(listTopics, async (c) => {
      const keys = s.config.topics.map((topic) => topicList(topic.slug));
      const metas = await s.store.getListMetas(keys);
      const origin = publicOrigin(c, s);
      const topics = s.config.topics.map((topic) => {
        const { rss, atom, json } = topicLinks(origin, topic.slug);
        const updatedAt = metas.get(topicList(topic.slug))?.modifiedAt ?? null;
        return {
          slug: topic.slug,
          title: topic.title,
          description: topic.description ?? null,
          updatedAt,
          feeds: { rss, atom, json },
        };
      });
      const latest = topics.reduce<string>(
        (max, t) => (t.updatedAt && t.updatedAt > max ? t.updatedAt : max),
        NEVER_MODIFIED,
      );
      const validators = contentValidators(JSON.stringify(topics), latest);
      if (isNotModified(c.req, validators)) return notModified(c, validators, CACHE_LISTS);
      setValidators(c, validators, CACHE_LISTS);
      return c.json({ topics }, 200);
    })
    .openapi(topicItems, async (c) => {
      const topic = findTopic(s.config, c.req.valid("param").slug);
      const params = c.req.valid("query");
      const list = topicList(topic.slug);
      const state = await openList(c, s, list, "api");
      if (state.fresh) return notModified(c, state.validators, CACHE_LISTS);
      const page = await cachedPage(s, list, state, params);
      setValidators(c, state.validators, CACHE_LISTS);
      return c.json({ topic: { slug: topic.slug, title: topic.title }, ...page }, 200);
    });
}
