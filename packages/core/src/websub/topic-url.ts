/** Which of this hub's feeds a topic URL names. */
import type { Config } from "../config/index.ts";

/** The formats a topic feed is served in, by the extension of its URL. */
export type FeedFormat = "rss" | "atom" | "json";

/** One topic feed: the topic's slug and the format. */
export interface FeedRef {
  slug: string;
  format: FeedFormat;
}

const FEED_PATH = /^\/feeds\/([a-z0-9-]{1,64})\.(rss|atom|json)$/;

/**
 * The topic feed a `hub.topic` URL names, or null when it names none of this hub's feeds: it must be
 * `{origin}/feeds/{slug}.{rss|atom|json}` for a configured topic, on this hub's origin (the configured
 * `baseUrl`, else the origin the request came to), without query or fragment.
 */
export function feedOfTopicUrl(
  topic: string,
  origin: string,
  config: Pick<Config, "baseUrl" | "topics">,
): FeedRef | null {
  let url: URL;
  try {
    url = new URL(topic);
  } catch {
    return null;
  }
  const expected = new URL(config.baseUrl ?? origin);
  if (url.protocol !== expected.protocol || url.host !== expected.host) return null;
  if (url.search !== "" || url.hash !== "" || url.username || url.password) return null;
  const match = FEED_PATH.exec(url.pathname);
  if (!match) return null;
  const [, slug = "", format] = match;
  if (!config.topics.some((t) => t.slug === slug)) return null;
  return { slug, format: format as FeedFormat };
}
