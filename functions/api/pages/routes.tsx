import { Hono } from "hono";
import { latestFetch } from "../../../packages/core/src/read/index.ts";
import { topicList } from "../../../packages/core/src/store/index.ts";
import { CACHE_HEALTH, CACHE_LISTS } from "../http/caching.ts";
import { DEFAULT_LIMIT, pageQuery, parseQuery } from "../http/params.ts";
import { serveContent, serveList } from "../http/serve.ts";
import { publicOrigin, topicLinks } from "../http/urls.ts";
import type { Services } from "../services.ts";
import { HomePage } from "./home.tsx";
import { renderPage } from "./layout.tsx";
import { SourcesPage } from "./sources.tsx";
import { TopicPage } from "./topic.tsx";

const HTML = "text/html; charset=utf-8";

/** The HTML pages: `/`, `/topics/:slug` and `/sources`. No client script. */
export function pageRoutes(s: Services) {
  const site = s.config.title;
  return new Hono()
    .get("/", async (c) => {
      const origin = publicOrigin(c, s);
      const topics = (await s.reader.topicSummaries()).map((topic) => ({
        ...topic,
        links: topicLinks(origin, topic.slug),
      }));
      const body = await renderPage(<HomePage site={site} topics={topics} opml={`${origin}/feeds.opml`} />);
      return serveContent(c, { body, type: HTML, cacheControl: CACHE_LISTS });
    })
    .get("/topics/:slug", (c) => {
      const topic = s.reader.topic(c.req.param("slug"));
      const params = parseQuery(pageQuery, c.req.query());
      return serveList(c, s, {
        list: topicList(topic.slug),
        variant: "html",
        path: `/topics/${topic.slug}`,
        params,
        defaultLimit: DEFAULT_LIMIT.page,
        type: HTML,
        render: async (view) => {
          const page = await s.reader.topicPage(topic, params);
          return renderPage(
            <TopicPage
              site={site}
              title={topic.title}
              description={topic.description ?? null}
              links={topicLinks(view.origin, topic.slug)}
              items={page.items}
              sourceTitles={page.sourceTitles}
              nextUrl={view.next(page.nextCursor)}
              firstUrl={params.cursor ? topicLinks(view.origin, topic.slug).html : null}
            />,
          );
        },
      });
    })
    .get("/sources", async (c) => {
      const sources = await s.reader.sourceHealth();
      const body = await renderPage(<SourcesPage site={site} sources={sources} />);
      return serveContent(c, { body, type: HTML, cacheControl: CACHE_HEALTH, lastModified: latestFetch(sources) });
    });
}
