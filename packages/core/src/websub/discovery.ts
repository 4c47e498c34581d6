/** How a topic feed names its hub and itself (W3C WebSub §4, Discovery). */

/**
 * The value of one `Link` header naming the hub and the topic (RFC 8288 syntax; W3C WebSub §4 asks for
 * `rel="hub"` and `rel="self"`, and prefers the header over links in the body).
 * @example discoveryLinkHeader("https://x.example/websub", "https://x.example/feeds/a.rss")
 * // '<https://x.example/websub>; rel="hub", <https://x.example/feeds/a.rss>; rel="self"'
 */
export function discoveryLinkHeader(hub: string, self: string): string {
  return `<${hub}>; rel="hub", <${self}>; rel="self"`;
}
