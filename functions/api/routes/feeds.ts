import { Hono } from "hono";
import { NotFoundError } from "../../../packages/core/src/errors.ts";
import {
  type FeedDocument,
  renderAtom,
  renderJsonFeed,
  renderOpml,
  renderRss,
} from "../../../packages/core/src/render/index.ts";
import { topicList } from "../../../packages/core/src/store/index.ts";
import { feedLanguage, topicFeedDocument } from "../feed-document.ts";
import { CACHE_LISTS, contentValidators, isNotModified, notModified, setValidators } from "../http/caching.ts";
import { cachedRender, openList, readPage } from "../http/lists.ts";
import { feedQuery, parseQuery } from "../http/params.ts";
import { publicOrigin, topicLinks } from "../http/urls.ts";
import { findTopic, type Services, sourceTitles } from "../services.ts";

/** The feed formats: media type and renderer. */
export const FEED_FORMATS = {
  rss: { type: "application/rss+xml; charset=utf-8", render: renderRss },
  atom: { type: "application/atom+xml; charset=utf-8", render: renderAtom },
  json: { type: "application/feed+json; charset=utf-8", render: renderJsonFeed },
} satisfies Record<string, { type: string; render: (doc: FeedDocument) => string }>;

/** Media type of the OPML list. */
export const OPML_TYPE = "text/x-opml; charset=utf-8";

const FEED_FILE = /^([a-z0-9-]{1,64})\.(rss|atom|json)$/;

/** `/feeds/:slug.(rss|atom|json)` and `/feeds.opml`. A feed costs one GetItem and one Query; a 304 only the GetItem. */
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
      const validators = contentValidators(body);
      if (isNotModified(c.req, validators)) return notModified(c, validators, CACHE_LISTS);
      setValidators(c, validators, CACHE_LISTS);
      return c.body(body, 200, { "Content-Type": OPML_TYPE });
    })
    .get("/feeds/:file", async (c) => {
      const file = c.req.param("file");
      const [, slug = "", format] = FEED_FILE.exec(file) ?? [];
      if (format !== "rss" && format !== "atom" && format !== "json") throw new NotFoundError(`no feed "${file}"`);
      const topic = findTopic(s.config, slug);
      const params = parseQuery(feedQuery, c.req.query());
      const list = topicList(topic.slug);
      const state = await openList(c, s, list, format);
      if (state.fresh) return notModified(c, state.validators, CACHE_LISTS);
      const body = await cachedRender(s, state, async () => {
        const page = await readPage(s, list, params);
        // First: reading the declared languages fills the source titles too.
        const language = await feedLanguage(s, topic);
        const titles = await sourceTitles(s, page.items);
        const origin = publicOrigin(c, s);
        const doc = topicFeedDocument({
          topic,
          origin,
          self: state.self,
          updatedAt: state.updatedAt,
          page,
          sourceTitles: titles,
          language,
        });
        return FEED_FORMATS[format].render(doc);
      });
      setValidators(c, state.validators, CACHE_LISTS);
      return c.body(body, 200, { "Content-Type": FEED_FORMATS[format].type });
    });
}
