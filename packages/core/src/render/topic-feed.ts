/**
 * A topic's feed as it is served: the HTTP route and WebSub deliveries both take it from here, so a delivery is
 * byte for byte what `GET /feeds/{slug}.{format}` answers — media type, `Link` header, body.
 */
import { type Config, type PageRetention, pageRetention, type TopicConfig } from "../config/index.ts";
import type { PageQuery, Reader } from "../read/reader.ts";
import { type ListMeta, type PageDates, topicList } from "../store/index.ts";
import { type FeedFormat, type FeedRef, feedPath, feedUrl, hubUrl, listUrl, topicUrls } from "../urls.ts";
import { discoveryLinkHeader } from "../websub/discovery.ts";
import { renderAtom } from "./atom.ts";
import type { FeedDocument } from "./feed-document.ts";
import { renderJsonFeed } from "./json-feed.ts";
import { renderRss } from "./rss.ts";

/** The media type each feed format is served with. */
export const FEED_MEDIA_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

const RENDERERS: Readonly<Record<FeedFormat, (doc: FeedDocument) => string>> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/** Items on a feed page when the request gives no `limit`. */
export const FEED_PAGE_LIMIT = 50;

/** Names this software in the feeds it renders. */
export const GENERATOR = "Tributary";

/** When a list that has never changed last changed: one fixed time, stable across instances and restarts. */
export const NEVER_MODIFIED = "1970-01-01T00:00:00.000Z";

/** When a list last changed (ISO 8601), from its version record (`Reader.listVersion`). */
export function listChangedAt(meta: ListMeta | null): string {
  return meta?.modifiedAt ?? NEVER_MODIFIED;
}

/**
 * When a page of a list last changed (ISO 8601): its list's change time (`listChangedAt`), or later, when something
 * the page showed or counted has passed the retention cutoff since (reads hide it at once; a sweep moves the list's
 * version at its next cycle). Last-Modified counts removals (SPEC §4 Caching).
 */
export function pageChangedAt(listChanged: string, retention: PageRetention): string {
  return retention.changedAt !== null && retention.changedAt > listChanged ? retention.changedAt : listChanged;
}

/**
 * The `Link` header of every page of a topic feed, 304s included: the hub and the topic (the feed's URL with no
 * parameter but its view, `feedUrl`: a `group=none` page names the `group=none` feed), as W3C WebSub §4 asks; null
 * when WebSub is off.
 * @example topicFeedLink(config, "https://x.example", { slug: "world", format: "rss" })
 * // '<https://x.example/websub>; rel="hub", <https://x.example/feeds/world.rss>; rel="self"'
 */
export function topicFeedLink(config: Pick<Config, "websub">, origin: string, feed: FeedRef): string | null {
  if (!config.websub.enabled) return null;
  return discoveryLinkHeader(hubUrl(origin), feedUrl(origin, feed.slug, feed.format, feed.group));
}

/** One page of a topic feed to render. */
export interface TopicFeedRequest {
  topic: TopicConfig;
  format: FeedFormat;
  /** The public origin the links are built under (`https://feeds.example.org`). */
  origin: string;
  /** The page's parsed parameters (`limit`, `cursor`, `q`, `since`, `filter`, `filterout`). */
  params: PageQuery;
  /** When the list last changed (ISO 8601, `listChangedAt`): the feed's own updated time when it has no item. */
  updatedAt: string;
}

/** A topic feed page as served: what `Content-Type` and `Link` say, and the body. */
export interface TopicFeed {
  contentType: string;
  /** The `Link` header value (hub and self), or null when WebSub is off. */
  link: string | null;
  body: string;
  /** What the page depends on through retention (`ListPage.dates`): its validators follow it. */
  dates: PageDates;
}

/**
 * Renders one page of a topic feed: one page read (`Reader.topicPage`), its document — the topic's title and
 * description, its page as home, the page's canonical URL as self, the next page (RFC 5005 / `next_url`), the
 * hub when WebSub is on, the sources' titles and the feed's language — in the requested format.
 * @throws StorageError, InvalidCursorError (a cursor of another list)
 */
export async function renderTopicFeed(reader: Reader, request: TopicFeedRequest): Promise<TopicFeed> {
  const { topic, format, origin, params } = request;
  const page = await reader.topicPage(topic, params);
  const path = feedPath(topic.slug, format);
  const home = topicUrls(origin, topic.slug).html;
  const doc: FeedDocument = {
    title: topic.title,
    description: topic.description ?? null,
    homeUrl: home,
    selfUrl: listUrl(origin, path, params, FEED_PAGE_LIMIT),
    nextUrl: page.nextCursor ? listUrl(origin, path, params, FEED_PAGE_LIMIT, page.nextCursor) : null,
    // The `group=none` view is a feed of its own (its own WebSub topic): its own id, its page's URL.
    feedId: params.group === "none" ? `${home}?group=none` : home,
    updatedAt: pageChangedAt(request.updatedAt, pageRetention(reader.config, page.dates)),
    generator: GENERATOR,
    items: page.items,
    sourceTitles: page.sourceTitles,
    publishers: page.publishers,
    language: page.language,
    hubUrl: reader.config.websub.enabled ? hubUrl(origin) : null,
  };
  return {
    contentType: FEED_MEDIA_TYPES[format],
    link: topicFeedLink(reader.config, origin, { slug: topic.slug, format, group: params.group }),
    body: RENDERERS[format](doc),
    dates: page.dates,
  };
}

/**
 * The first page of a topic feed as `GET {origin}/feeds/{slug}.{format}` (with `?group=none` for that view) answers
 * it at this moment (no cache: the topic's version, which both views share, is read first, so a page rendered right
 * after a poll's commit is never an older one). What a WebSub delivery sends.
 * @throws NotFoundError (a topic no longer configured), StorageError
 */
export async function renderFirstFeedPage(reader: Reader, feed: FeedRef & { origin: string }): Promise<TopicFeed> {
  const topic = reader.topic(feed.slug);
  const meta = await reader.listVersion(topicList(topic.slug));
  return renderTopicFeed(reader, {
    topic,
    format: feed.format,
    origin: feed.origin,
    params: feed.group ? { limit: FEED_PAGE_LIMIT, group: feed.group } : { limit: FEED_PAGE_LIMIT },
    updatedAt: listChangedAt(meta),
  });
}
