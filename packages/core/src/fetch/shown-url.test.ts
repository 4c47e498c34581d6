import { describe, expect, it } from "vitest";
import { shownUrl } from "./shown-url.ts";

describe("shownUrl", () => {
  it.each([
    ["https://alice:hunter2@example.org/feed.xml?x=1", "https://example.org/feed.xml?x=1"],
    ["http://alice@127.0.0.1:18432/feed.xml", "http://127.0.0.1:18432/feed.xml"],
    ["https://:hunter2@example.org/", "https://example.org/"],
    ["ftp://alice:hunter2@example.org/feed", "ftp://example.org/feed"],
    ["https://example.org/@team/feed?by=a@b", "https://example.org/@team/feed?by=a@b"],
    ["feed.rss", "feed.rss"],
    // Text that is not a URL loses what stands between // and an @ all the same.
    ["http://alice:hunter2@[::1/feed", "http://[::1/feed"],
    ["//alice:hunter2@example.org:99999/feed", "//example.org:99999/feed"],
  ])("shows %s as %s", (url, shown) => {
    expect(shownUrl(url)).toBe(shown);
  });

  it("takes a URL object, leaving it as it was", () => {
    const url = new URL("https://bob:pw2@example.org/feed");
    expect(shownUrl(url)).toBe("https://example.org/feed");
    expect(url.password).toBe("pw2");
  });
});
