/**
 * The public URL scheme, built and read in this one place: a topic's page (`/topics/{slug}`), its feeds
 * (`/feeds/{slug}.{rss|atom|json}`, each a WebSub topic, and each with `?group=none` another), its JSON API items
 * (`/api/topics/{slug}/items`), the WebSub hub (`/websub`) and the canonical URL of any list page with its
 * parameters.
 */
import type { Config } from "./config/index.ts";
import { BadRequestError } from "./errors.ts";
import type { PageQuery } from "./read/reader.ts";

/** What a source id or topic slug may be: URL paths and table keys carry it as written. */
export const SLUG_PATTERN = /^[a-z0-9-]{1,64}$/;

/** The formats every topic feed is served in, named by the extension of its URL: the one list of them. */
export const FEED_FORMATS = ["rss", "atom", "json"] as const;

/** One of `FEED_FORMATS`. */
export type FeedFormat = (typeof FEED_FORMATS)[number];

/**
 * The values of a list's `group` parameter, the views of a topic other than its default: `none`, every item of a
 * story on its own (SPEC §4, Stories in lists). The one list of them.
 */
export const LIST_GROUPS = ["none"] as const;

/** One of `LIST_GROUPS`. */
export type ListGroup = (typeof LIST_GROUPS)[number];

/** What a bad `group` value is told, wherever one is read (list parameters, `hub.topic`): `must be "none"`. */
export const LIST_GROUP_RULE = `must be ${LIST_GROUPS.map((group) => `"${group}"`).join(" or ")}`;

/**
 * The list parameters whose empty value means the parameter is absent: `q=` is no search (an empty substring is in
 * every title; a search box submitted empty sends it). An empty value of any other list or source-list parameter is
 * a 400 naming it (the API's parameters, and the CDN, which keeps such a value in the cache key so the app refuses it).
 */
export const EMPTY_MEANS_ABSENT = ["q"] as const;

/**
 * What a list or source-list parameter given more than once (`?q=&q=kyiv`, `?filter=kyiv&filter=`, `?limit=1&limit=1`)
 * is told, in a 400 naming it: no value wins, whatever the values (SPEC §4 Parameters: a bad value answers 400 naming
 * the parameter), as a client that sends two values meant one of them and nothing says which. The app refuses it
 * (`functions/api/http/params.ts`) and the CDN passes such a parameter on with every value as given, an empty one
 * too (`NORMALIZE_QUERY`), so that the app refuses it behind the CDN as well. The WebSub hub refuses a repeated field
 * alike.
 */
export const GIVEN_ONCE = "must be given once";

/** Whether `value` names a list view (`group`). */
export function isListGroup(value: string): value is ListGroup {
  return (LIST_GROUPS as readonly string[]).includes(value);
}

/**
 * One topic feed, which is one WebSub topic: the topic's slug, the format, and the view when it is not the
 * topic's default (`group: "none"`, `/feeds/{slug}.{format}?group=none`); absent: the default view.
 */
export interface FeedRef {
  slug: string;
  format: FeedFormat;
  group?: ListGroup;
}

/** The path the WebSub hub answers on, under the public origin. */
export const HUB_PATH = "/websub";

/** Whether `value` names a feed format. */
export function isFeedFormat(value: string): value is FeedFormat {
  return (FEED_FORMATS as readonly string[]).includes(value);
}

/** An origin without trailing slashes (`https://feeds.example.org/` → `https://feeds.example.org`). */
const bare = (origin: string) => origin.replace(/\/+$/, "");

/**
 * The hub's URL under a public origin.
 * @example hubUrl("https://feeds.example.org/") // "https://feeds.example.org/websub"
 */
export function hubUrl(origin: string): string {
  return `${bare(origin)}${HUB_PATH}`;
}

/**
 * The path of a topic feed, without query.
 * @example feedPath("world", "atom") // "/feeds/world.atom"
 */
export function feedPath(slug: string, format: FeedFormat): string {
  return `/feeds/${slug}.${format}`;
}

/**
 * A topic feed's URL with no parameter but its view (`group`, when given), which is also its WebSub topic URL
 * (`hub.topic`): every page and filtered view of a feed names this one topic, and its `group=none` view another.
 * @example feedUrl("https://feeds.example.org", "world", "rss") // "https://feeds.example.org/feeds/world.rss"
 * @example feedUrl("https://feeds.example.org", "world", "rss", "none")
 * // "https://feeds.example.org/feeds/world.rss?group=none"
 */
export function feedUrl(origin: string, slug: string, format: FeedFormat, group?: ListGroup): string {
  return `${bare(origin)}${feedPath(slug, format)}${group ? `?group=${group}` : ""}`;
}

/**
 * The path of a topic's HTML page.
 * @example topicPagePath("world") // "/topics/world"
 */
export function topicPagePath(slug: string): string {
  return `/topics/${slug}`;
}

/**
 * The path of a topic's items in the JSON API.
 * @example topicItemsPath("world") // "/api/topics/world/items"
 */
export function topicItemsPath(slug: string): string {
  return `/api/topics/${slug}/items`;
}

/** The OPML list of every topic's feed, under a public origin. */
export function opmlUrl(origin: string): string {
  return `${bare(origin)}/feeds.opml`;
}

/** The links of one topic, absolute: its page, each feed, its JSON API items. */
export interface TopicUrls extends Record<FeedFormat, string> {
  html: string;
  api: string;
}

/**
 * Every link of a topic under `origin`.
 * @example topicUrls("https://x.example", "world").atom // "https://x.example/feeds/world.atom"
 */
export function topicUrls(origin: string, slug: string): TopicUrls {
  const feeds = Object.fromEntries(FEED_FORMATS.map((format) => [format, feedUrl(origin, slug, format)]));
  return {
    ...(feeds as Record<FeedFormat, string>),
    html: `${bare(origin)}${topicPagePath(slug)}`,
    api: `${bare(origin)}${topicItemsPath(slug)}`,
  };
}

/**
 * Reads the last path segment of a feed URL, `{slug}.{format}`, or null when it names no feed: an unknown
 * extension, or a slug that no topic could have (`[a-z0-9-]{1,64}`). Whether the topic is configured is the
 * caller's question.
 * @example feedOfFile("world.json") // { slug: "world", format: "json" }
 */
export function feedOfFile(file: string): FeedRef | null {
  const dot = file.lastIndexOf(".");
  const slug = file.slice(0, dot);
  const format = file.slice(dot + 1);
  if (dot < 0 || !SLUG_PATTERN.test(slug) || !isFeedFormat(format)) return null;
  return { slug, format };
}

/**
 * Reads a feed path (`/feeds/{slug}.{format}`, no query), or null when it is none.
 * @example feedOfPath("/feeds/world.rss") // { slug: "world", format: "rss" }
 */
export function feedOfPath(path: string): FeedRef | null {
  const prefix = "/feeds/";
  if (!path.startsWith(prefix) || path.indexOf("/", prefix.length) >= 0) return null;
  return feedOfFile(path.slice(prefix.length));
}

/**
 * The source of a regular expression (no anchors) that matches every feed path and nothing that is not one
 * but may extend past the slug's rule: `feeds\/[^/]+\.(?:rss|atom|json)`. For code that cannot call
 * `feedOfPath`, such as the CDN's edge function (infra/cache-key.ts).
 */
export const FEED_PATH_SOURCE = `feeds\\/[^/]+\\.(?:${FEED_FORMATS.join("|")})`;

/**
 * The path segments a URL path means, read as leniently as any spelling of one of this hub's paths may be written:
 * escapes of ASCII characters (`%XX` up to `%7F`, either case; `%2F` too) decoded, lower-cased (every path this hub
 * builds is lower-case but a `baseUrl` prefix, which is read the same way), empty segments (a doubled or trailing
 * slash) and dot segments dropped (RFC 3986 §5.2.4). For telling which feed a topic means, never for serving.
 * @example meantSegments("/Feeds%2F..%2Ffeeds//w%6frld.rss") // ["feeds", "world.rss"]
 */
function meantSegments(path: string): string[] {
  const decoded = path.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  const segments: string[] = [];
  for (const segment of decoded.toLowerCase().split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return segments;
}

/** A host without the trailing dot of a fully qualified name (`localhost.` and `localhost` are one host). */
const hostOf = (url: URL) => `${url.hostname.replace(/\.$/, "")}:${url.port}`;

/**
 * The one rule for which of this hub's feeds a `hub.topic` URL means, however it is spelt, or null when it means
 * none: its scheme, host (a trailing dot aside) and port are those of `base` (the WHATWG URL parser has already
 * lower-cased scheme and host and dropped a default port); its path, read by `meantSegments`, is `base`'s path
 * then `feeds/{slug}.{format}` of a configured topic; its query, decoded, is empty or `group` once with a view
 * (`none`), as the list routes read it (parameter names and values exact); its fragment and credentials name no
 * other resource and are ignored. Whether the topic is written as that feed names itself is `readTopicUrl`'s
 * question: this only tells which URL to name when it is not.
 */
function feedMeant(url: URL, base: URL, config: Pick<Config, "topics">): FeedRef | null {
  if (url.protocol !== base.protocol || hostOf(url) !== hostOf(base)) return null;
  const prefix = meantSegments(base.pathname);
  const path = meantSegments(url.pathname);
  if (path.length !== prefix.length + 2 || prefix.some((segment, n) => path[n] !== segment)) return null;
  if (path[prefix.length] !== "feeds") return null;
  const feed = feedOfFile(path[prefix.length + 1] as string);
  if (!feed || !config.topics.some((topic) => topic.slug === feed.slug)) return null;
  const params = [...new URLSearchParams(url.search)];
  if (params.length === 0) return feed;
  const [name, group] = params[0] as [string, string];
  return params.length === 1 && name === "group" && isListGroup(group) ? { ...feed, group } : null;
}

/**
 * The feed of this hub an http(s) `url` on another origin than `base`'s would mean on `base`'s origin, its path
 * taken under `base`'s path or, without that prefix, as `base`'s path then its own (`feedMeant`); null when none.
 */
function feedElsewhere(url: URL, base: URL, config: Pick<Config, "topics">): FeedRef | null {
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const here = (path: string) => new URL(`${base.origin}${path}${url.search}`);
  const prefix = base.pathname.replace(/\/+$/, "");
  return (
    feedMeant(here(url.pathname), base, config) ??
    (prefix ? feedMeant(here(`${prefix}${url.pathname}`), base, config) : null)
  );
}

/**
 * The topic feed a `hub.topic` URL names (SPEC §4 WebSub: "one of this server's feed URLs, else 400"; W3C WebSub
 * §5.1). A topic is a feed URL exactly as the feed names itself in its `rel="self"` link (`feedUrl` under this
 * hub's origin: the configured `baseUrl`, path prefix included, else the origin the request came to), for a
 * configured topic, with no parameter but `group=none` (its own topic, the topic's every item). Any other spelling
 * of such a URL — the one rule of `feedMeant`: `HTTP://…`, an upper-case host or path, a default port, dot
 * segments, percent-escapes (`%2F`, `%6f` or `%6F` for `o`), a doubled or trailing slash, a fragment, credentials —
 * is refused with the feed URL to use: the hub echoes the topic as given in verification and denial (W3C WebSub
 * §5.2, §5.3) and names the topic's canonical URL in deliveries (§7), which are then one and the same URL. A topic
 * that means no feed of this hub is refused saying why.
 * @throws BadRequestError naming `hub.topic`, its reason saying what is wrong (not a URL, another origin, not a feed
 *   path, an unknown topic, a parameter other than `group`, a `group` other than `none`, not written as the feed
 *   names itself: then with the feed's URL)
 * @example readTopicUrl("http://127.0.0.1:3000/feeds/world.rss?group=none", "http://127.0.0.1:3000", config)
 * // { slug: "world", format: "rss", group: "none" }
 */
export function readTopicUrl(topic: string, origin: string, config: Pick<Config, "baseUrl" | "topics">): FeedRef {
  const refuse = (reason: string) => new BadRequestError("hub.topic", reason);
  let url: URL;
  try {
    url = new URL(topic);
  } catch {
    throw refuse(`is not an absolute URL: ${topic.slice(0, 200)}`);
  }
  const base = config.baseUrl ?? origin;
  const expected = new URL(base);
  const meant = feedMeant(url, expected, config);
  if (meant) {
    const canonical = feedUrl(base, meant.slug, meant.format, meant.group);
    if (topic !== canonical) {
      throw refuse(`must be the feed URL as the feed names itself (its rel="self" link): ${canonical}`);
    }
    return meant;
  }
  if (url.protocol !== expected.protocol || url.host !== expected.host) {
    // A feed of this hub asked for on another origin (`localhost` for `127.0.0.1`, or without the `baseUrl`'s path):
    // named, as another spelling is.
    const elsewhere = feedElsewhere(url, expected, config);
    if (elsewhere) {
      const canonical = feedUrl(base, elsewhere.slug, elsewhere.format, elsewhere.group);
      throw refuse(`must be a feed of this hub, on ${expected.origin}: ${canonical}`);
    }
    // A URL of no origin (`urn:…`, `data:…`) has the origin "null": it is named as given.
    const given = url.origin === "null" ? url.href : url.origin;
    const on = `${expected.origin}${expected.pathname.replace(/\/+$/, "")}/`;
    throw refuse(`must be a feed of this hub, on ${on}, not ${given.slice(0, 200)}`);
  }
  if (url.hash !== "" || url.username || url.password) throw refuse("must have no fragment and no credentials");
  const prefix = expected.pathname.replace(/\/+$/, "");
  const feed = url.pathname.startsWith(`${prefix}/`) ? feedOfPath(url.pathname.slice(prefix.length)) : null;
  if (!feed)
    throw refuse(
      `is not a topic feed (${prefix}/feeds/{slug}.{${FEED_FORMATS.join("|")}}): ${url.pathname.slice(0, 200)}`,
    );
  if (!config.topics.some((t) => t.slug === feed.slug)) throw refuse(`names no topic "${feed.slug}"`);
  const params = new URLSearchParams(url.search);
  const other = [...params.keys()].find((name) => name !== "group");
  if (other !== undefined) {
    throw refuse(
      `names a page or view of a feed (${other.slice(0, 40)}): a topic is a feed URL with no parameter, or with group=none alone`,
    );
  }
  const groups = params.getAll("group");
  if (groups.length > 1) throw refuse("gives group more than once");
  const group = groups[0];
  if (group !== undefined && !isListGroup(group)) throw refuse(`group ${LIST_GROUP_RULE}, not "${group.slice(0, 40)}"`);
  // Every URL that gets here means a feed (`feedMeant`), so was answered above; refused all the same, never taken.
  throw refuse(`must be the feed URL as the feed names itself (its rel="self" link): ${topic.slice(0, 200)}`);
}

/**
 * The canonical URL of a list page built only from its parsed, normalised parameters — never from the query as
 * sent, so a link (self, next, a CDN-cached page's links) carries no parameter the route does not read. Fixed
 * order: `limit` (only when not `defaultLimit`), `q`, `since` (ISO), `filter`, `filterout` (`|`-joined), `group`,
 * `cursor`.
 * @example listUrl("https://x.example", "/feeds/a.rss", { limit: 10, q: "kyiv" }, 50, "c1")
 * // "https://x.example/feeds/a.rss?limit=10&q=kyiv&cursor=c1"
 */
export function listUrl(
  origin: string,
  path: string,
  params: PageQuery,
  defaultLimit: number,
  cursor: string | null | undefined = params.cursor,
): string {
  const query = new URLSearchParams();
  if (params.limit !== defaultLimit) query.set("limit", String(params.limit));
  if (params.q) query.set("q", params.q);
  if (params.since) query.set("since", params.since);
  if (params.filter?.length) query.set("filter", params.filter.join("|"));
  if (params.filterout?.length) query.set("filterout", params.filterout.join("|"));
  if (params.group) query.set("group", params.group);
  if (cursor) query.set("cursor", cursor);
  const search = query.toString();
  return `${bare(origin)}${path}${search ? `?${search}` : ""}`;
}
