/** When two configured sources name the same feed. */

/**
 * The identity of a feed URL: equal for two URLs that are equal after lower-casing scheme and host and dropping
 * a default port and the fragment, `http` and `https` alike (SPEC §1). Null when `url` is not an http(s) URL.
 * @example feedIdentity("HTTP://Example.org:80/feed#top") === feedIdentity("https://example.org/feed") // true
 */
export function feedIdentity(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  // URL parsing lower-cases scheme and host and drops the port its own scheme has by default.
  const port = parsed.port === "" ? "" : `:${parsed.port}`;
  return `${parsed.username}:${parsed.password}@${parsed.hostname}${port}${parsed.pathname}${parsed.search}`;
}
