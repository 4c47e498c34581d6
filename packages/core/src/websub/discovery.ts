/** How a topic feed names its hub and itself (W3C WebSub §4, Discovery). */

/** The path the hub answers on, under the public origin. */
export const HUB_PATH = "/websub";

/**
 * The hub's URL under a public origin (`https://feeds.example.org` → `https://feeds.example.org/websub`).
 * @example hubUrl("https://feeds.example.org/") // "https://feeds.example.org/websub"
 */
export function hubUrl(origin: string): string {
  return `${origin.replace(/\/+$/, "")}${HUB_PATH}`;
}

/**
 * The topic URL of a feed: the feed's path without any query (`{origin}/feeds/{slug}.{rss|atom|json}`), which
 * is what `hub.topic` must be — every page and filtered view of a feed names the same topic.
 */
export function topicUrl(origin: string, slug: string, format: "rss" | "atom" | "json"): string {
  return `${origin.replace(/\/+$/, "")}/feeds/${slug}.${format}`;
}

/**
 * The value of one `Link` header naming the hub and the topic (RFC 8288 syntax; W3C WebSub §4 asks for
 * `rel="hub"` and `rel="self"`, and prefers the header over links in the body).
 * @example discoveryLinkHeader("https://x.example/websub", "https://x.example/feeds/a.rss")
 * // '<https://x.example/websub>; rel="hub", <https://x.example/feeds/a.rss>; rel="self"'
 */
export function discoveryLinkHeader(hub: string, self: string): string {
  return `<${hub}>; rel="hub", <${self}>; rel="self"`;
}
