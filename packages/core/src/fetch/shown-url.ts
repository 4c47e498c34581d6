/** How a URL is written in a message (an error, a log line, a command's output). */

/** `scheme://userinfo@` at the start of text that does not parse as a URL: the userinfo goes all the same. */
const USERINFO = /^((?:[a-z][a-z0-9+.-]*:)?\/\/)[^/?#]*@/i;

/**
 * `url` as a message may show it: without its user name and password (`https://user:secret@host/x` →
 * `https://host/x`), which a redirect's `Location` may carry and which must never be shown or logged (SPEC §1:
 * credentials belong in a source's `headers`). Text that does not parse as a URL is returned with anything
 * between `//` and an `@` before the path removed.
 * @example shownUrl("https://alice:pw@example.org/feed?x=1") // "https://example.org/feed?x=1"
 */
export function shownUrl(url: URL | string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.href;
  } catch {
    return String(url).replace(USERINFO, "$1");
  }
}
