import { NotFoundError } from "@tributary/core/errors";
import { FEED_MEDIA_TYPES, renderOpml, renderTopicFeed, topicFeedLink } from "@tributary/core/render";
import { topicList } from "@tributary/core/store";
import { feedOfFile, feedPath, topicUrls } from "@tributary/core/urls";
import { Hono } from "hono";
import { CACHE_LISTS } from "../http/caching.ts";
import { DEFAULT_LIMIT, feedQuery, parseQuery } from "../http/params.ts";
import { serveContent, serveList } from "../http/serve.ts";
import { publicOrigin } from "../http/urls.ts";
import type { Services } from "../services.ts";

/** Media type of the OPML list. */
export const OPML_TYPE = "text/x-opml; charset=utf-8";

/**
 * The route of a topic feed: one path segment ending in the extension of a feed format (`FEED_FORMATS`: `world.rss`),
 * so a method it does not take at any other path under `/feeds/` is a 404, not a 405.
 */
const FEED_FILE_ROUTE = "/feeds/:file{[^/]+\\.(?:rss|atom|json)}";

/**
 * `/feeds/:slug.(rss|atom|json)` and `/feeds.opml`. A feed costs one GetItem, one Query and one BatchGetItem; a 304 to its ETag only the GetItem.
 * Every feed page is `renderTopicFeed`'s, as WebSub deliveries are: with WebSub on it names its hub and topic in
 * `Link` headers (304s too) and in the document (see README, "Subscribe with WebSub").
 */
export function feedRoutes(s: Services) {
  return new Hono()
    .get("/feeds.opml", (c) => {
      const origin = publicOrigin(c, s);
      const body = renderOpml({
        title: s.config.title,
        topics: s.config.topics.map((topic) => {
          const urls = topicUrls(origin, topic.slug);
          return { title: topic.title, description: topic.description ?? null, rssUrl: urls.rss, htmlUrl: urls.html };
        }),
      });
      // Made of the configuration alone: it last changed when the app took it.
      return serveContent(c, { body, type: OPML_TYPE, cacheControl: CACHE_LISTS, lastModified: s.configuredAt });
    })
    .get(FEED_FILE_ROUTE, (c) => {
      const file = c.req.param("file");
      const feed = feedOfFile(file);
      if (!feed) throw new NotFoundError(`no feed "${file}"`);
      const topic = s.reader.topic(feed.slug);
      const { format } = feed;
      const params = parseQuery(feedQuery, c.req.queries());
      const origin = publicOrigin(c, s);
      const link = topicFeedLink(s.config, origin, { slug: topic.slug, format, group: params.group });
      if (link) c.header("Link", link);
      return serveList(c, s, {
        list: topicList(topic.slug),
        variant: format,
        path: feedPath(topic.slug, format),
        params,
        defaultLimit: DEFAULT_LIMIT.feed,
        type: FEED_MEDIA_TYPES[format],
        render: async (view) => {
          const feed = await renderTopicFeed(s.reader, { topic, format, origin, params, updatedAt: view.updatedAt });
          return { body: feed.body, dates: feed.dates };
        },
      });
    });
}
