import { NotFoundError } from "@tributary/core/errors";
import { type FeedDocument, renderAtom, renderJsonFeed, renderOpml, renderRss } from "@tributary/core/render";
import { topicList } from "@tributary/core/store";
import { discoveryLinkHeader, hubUrl, topicUrl } from "@tributary/core/websub";
import { Hono } from "hono";
import { CACHE_LISTS } from "../http/caching.ts";
import { DEFAULT_LIMIT, feedQuery, parseQuery } from "../http/params.ts";
import { serveContent, serveList } from "../http/serve.ts";
import { publicOrigin, topicLinks } from "../http/urls.ts";
import type { Services } from "../services.ts";
import { topicFeedDocument } from "../topic-feed.ts";

/** The feed formats: media type and renderer. */
export const FEED_FORMATS = {
  rss: { type: "application/rss+xml; charset=utf-8", render: renderRss },
  atom: { type: "application/atom+xml; charset=utf-8", render: renderAtom },
  json: { type: "application/feed+json; charset=utf-8", render: renderJsonFeed },
} satisfies Record<string, { type: string; render: (doc: FeedDocument) => string }>;

/** Media type of the OPML list. */
export const OPML_TYPE = "text/x-opml; charset=utf-8";

const FEED_FILE = /^([a-z0-9-]{1,64})\.(rss|atom|json)$/;

/**
 * `/feeds/:slug.(rss|atom|json)` and `/feeds.opml`. A feed costs one GetItem and one Query; a 304 only the GetItem.
 * With WebSub on, every feed page names its hub and topic in `Link` headers and in the document (see README,
 * "Subscribe with WebSub").
 */
export function feedRoutes(s: Services) {
  return new Hono()
    .get("/feeds.opml", (c) => {
      const origin = publicOrigin(c, s);
      const body = renderOpml({
        title: s.config.title,
        topics: s.config.topics.map((topic) => {
          const links = topicLinks(origin, topic.slug);
          return { title: topic.title, description: topic.description ?? null, rssUrl: links.rss, htmlUrl: links.html };
        }),
      });
      return serveContent(c, { body, type: OPML_TYPE, cacheControl: CACHE_LISTS });
    })
    .get("/feeds/:file", (c) => {
      const file = c.req.param("file");
      const [, slug = "", format] = FEED_FILE.exec(file) ?? [];
      if (format !== "rss" && format !== "atom" && format !== "json") throw new NotFoundError(`no feed "${file}"`);
      const topic = s.reader.topic(slug);
      const params = parseQuery(feedQuery, c.req.query());
      const origin = publicOrigin(c, s);
      const hub = s.config.websub.enabled ? hubUrl(origin) : null;
      // WebSub discovery on every page, 304s included: the hub, and the topic (the feed without parameters).
      if (hub) c.header("Link", discoveryLinkHeader(hub, topicUrl(origin, topic.slug, format)));
      return serveList(c, s, {
        list: topicList(topic.slug),
        variant: format,
        path: `/feeds/${file}`,
        params,
        defaultLimit: DEFAULT_LIMIT.feed,
        type: FEED_FORMATS[format].type,
        render: async (view) => {
          const page = await s.reader.topicPage(topic, params);
          const doc = topicFeedDocument({
            ...view,
            topic,
            next: view.next(page.nextCursor),
            page,
            sourceTitles: page.sourceTitles,
            publishers: page.publishers,
            language: page.language,
            hubUrl: hub,
          });
          return FEED_FORMATS[format].render(doc);
        },
      });
    });
}
