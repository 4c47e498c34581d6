import { Hono } from "hono";
import { topicList } from "../../../packages/core/src/store/index.ts";
import {
  CACHE_HEALTH,
  CACHE_LISTS,
  contentValidators,
  isNotModified,
  notModified,
  setValidators,
} from "../http/caching.ts";
import { cachedRender, openList, readPage } from "../http/lists.ts";
import { pageQuery, parseQuery } from "../http/params.ts";
import { nextPageUrl, publicOrigin, topicLinks } from "../http/urls.ts";
import { findTopic, type Services, sourceTitles } from "../services.ts";
import { healthModifiedAt, readSourceHealth } from "../source-health.ts";
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
      const metas = await s.store.getListMetas(s.config.topics.map((topic) => topicList(topic.slug)));
      const topics = s.config.topics.map((topic) => ({
        slug: topic.slug,
        title: topic.title,
        description: topic.description ?? null,
        updatedAt: metas.get(topicList(topic.slug))?.modifiedAt ?? null,
        links: { ...topicLinks(origin, topic.slug), api: `${origin}/api/topics/${topic.slug}/items` },
      }));
      const body = await renderPage(<HomePage site={site} topics={topics} opml={`${origin}/feeds.opml`} />);
      const validators = contentValidators(body);
      if (isNotModified(c.req, validators)) return notModified(c, validators, CACHE_LISTS);
      setValidators(c, validators, CACHE_LISTS);
      return c.body(body, 200, { "Content-Type": HTML });
    })
    .get("/topics/:slug", async (c) => {
      const topic = findTopic(s.config, c.req.param("slug"));
      const params = parseQuery(pageQuery, c.req.query());
      const list = topicList(topic.slug);
      const state = await openList(c, s, list, "html");
      if (state.fresh) return notModified(c, state.validators, CACHE_LISTS);
      const body = await cachedRender(s, state, async () => {
        const page = await readPage(s, list, params);
        const titles = await sourceTitles(s, page.items);
        const links = topicLinks(publicOrigin(c, s), topic.slug);
        return renderPage(
          <TopicPage
            site={site}
            title={topic.title}
            description={topic.description ?? null}
            links={links}
            items={page.items}
            sourceTitles={titles}
            nextUrl={nextPageUrl(state.self, page.nextCursor)}
            firstUrl={params.cursor ? links.html : null}
          />,
        );
      });
      setValidators(c, state.validators, CACHE_LISTS);
      return c.body(body, 200, { "Content-Type": HTML });
    })
    .get("/sources", async (c) => {
      const sources = await readSourceHealth(s);
      const body = await renderPage(<SourcesPage site={site} sources={sources} />);
      const validators = contentValidators(body, healthModifiedAt(sources));
      if (isNotModified(c.req, validators)) return notModified(c, validators, CACHE_HEALTH);
      setValidators(c, validators, CACHE_HEALTH);
      return c.body(body, 200, { "Content-Type": HTML });
    });
}
