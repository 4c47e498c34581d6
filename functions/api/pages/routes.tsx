import { latestFetch } from "@tributary/core/read";
import { topicList } from "@tributary/core/store";
import { listUrl, opmlUrl, topicItemsPath, topicPagePath, topicUrls } from "@tributary/core/urls";
import { Hono } from "hono";
import { CACHE_HEALTH, CACHE_LISTS } from "../http/caching.ts";
import { DEFAULT_LIMIT, pageQuery, parseQuery, SOURCES_DEFAULT_LIMIT, sourcesQuery } from "../http/params.ts";
import { serveContent, serveList } from "../http/serve.ts";
import { publicOrigin } from "../http/urls.ts";
import type { Services } from "../services.ts";
import { FAVICON_SVG } from "./favicon.ts";
import { HomePage } from "./home.tsx";
import { renderPage } from "./layout.tsx";
import { SourcesPage } from "./sources.tsx";
import { TopicPage } from "./topic.tsx";

const HTML = "text/html; charset=utf-8";

/** The path of a page of `/sources`: its status filter, page size (left out at its default) and cursor. */
function sourcesPageUrl(page: { status: string | null; limit: number; cursor: string | null }): string {
  const query = new URLSearchParams();
  if (page.status) query.set("status", page.status);
  if (page.limit !== SOURCES_DEFAULT_LIMIT) query.set("limit", String(page.limit));
  if (page.cursor) query.set("cursor", page.cursor);
  const search = query.toString();
  return search ? `/sources?${search}` : "/sources";
}

/** The HTML pages: `/`, `/topics/:slug` and `/sources`, and their icon. No client script. */
export function pageRoutes(s: Services) {
  const site = s.config.title;
  return new Hono()
    .get("/", async (c) => {
      const origin = publicOrigin(c, s);
      // One BatchGet of list versions; the overviews (a BatchGet and a bounded Query per topic) are read and
      // rendered at most once per set of versions each 10 s.
      const summaries = await s.reader.topicSummaries();
      const key = `home\n${origin}\n${summaries.map((topic) => topic.version).join(",")}`;
      let body = s.homes.get(key);
      if (body === undefined) {
        const topics = (await s.reader.topicOverviews(summaries)).map((topic) => ({
          ...topic,
          links: topicUrls(origin, topic.slug),
        }));
        body = await renderPage(<HomePage site={site} topics={topics} opml={opmlUrl(origin)} />);
        s.homes.set(key, body);
      }
      return serveContent(c, { body, type: HTML, cacheControl: CACHE_LISTS });
    })
    .get("/topics/:slug", (c) => {
      const topic = s.reader.topic(c.req.param("slug"));
      const params = parseQuery(pageQuery, c.req.queries());
      return serveList(c, s, {
        list: topicList(topic.slug),
        variant: "html",
        path: topicPagePath(topic.slug),
        params,
        defaultLimit: DEFAULT_LIMIT.page,
        type: HTML,
        render: async (view) => {
          const page = await s.reader.topicPage(topic, params);
          const narrowed = Boolean(params.q || params.since || params.filter || params.filterout);
          const empty = page.items.length === 0 && !narrowed && !params.cursor;
          const body = await renderPage(
            <TopicPage
              site={site}
              title={topic.title}
              description={topic.description ?? null}
              links={topicUrls(view.origin, topic.slug)}
              apiUrl={listUrl(view.origin, topicItemsPath(topic.slug), params, DEFAULT_LIMIT.api)}
              items={page.items}
              sourceTitles={page.sourceTitles}
              publishers={page.publishers}
              nextUrl={view.next(page.nextCursor)}
              firstUrl={params.cursor ? view.first : null}
              q={params.q ?? null}
              narrowed={narrowed}
              checkedAt={empty ? await s.reader.lastChecked(topic) : undefined}
            />,
          );
          return { body, dates: page.dates };
        },
      });
    })
    .get("/sources", async (c) => {
      const params = parseQuery(sourcesQuery, c.req.queries());
      const status = params.status ?? null;
      const page = await s.reader.sourceHealthPage({ limit: params.limit, cursor: params.cursor ?? null, status });
      const sources = page.sources;
      const body = await renderPage(
        <SourcesPage
          site={site}
          sources={sources}
          status={status}
          pageUrl={(cursor) => sourcesPageUrl({ status, limit: params.limit, cursor })}
          filterUrl={(shown) => sourcesPageUrl({ status: shown, limit: params.limit, cursor: null })}
          nextCursor={page.nextCursor}
          first={!params.cursor}
        />,
      );
      return serveContent(c, { body, type: HTML, cacheControl: CACHE_HEALTH, lastModified: latestFetch(sources) });
    })
    .get("/favicon.svg", (c) =>
      serveContent(c, { body: FAVICON_SVG, type: "image/svg+xml", cacheControl: "public, max-age=86400" }),
    )
    .get("/favicon.ico", (c) =>
      serveContent(c, { body: FAVICON_SVG, type: "image/svg+xml", cacheControl: "public, max-age=86400" }),
    );
}
