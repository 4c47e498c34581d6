/** When two configured sources name the same feed, and what a source URL may not carry. */

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

/**
 * Whether `url` carries a user name or a password (`https://user:secret@host/…`). A source URL is public (SPEC §1:
 * it is shown in `/api/sources`, the pages and every entry's `<source>`), so credentials belong in the source's
 * `headers`, which are never shown. False for text that is not a URL, and for an `@` in the path or query.
 * @example hasCredentials("https://alice:pw@example.org/feed") // true
 */
export function hasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== "" || parsed.password !== "";
  } catch {
    return false;
  }
}
