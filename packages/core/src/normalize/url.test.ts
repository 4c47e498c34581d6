import { describe, expect, it } from "vitest";
import { absoluteUrl, canonicalUrl, itemUrl } from "./url.ts";

describe("canonicalUrl", () => {
  it.each([
    ["lower-cases scheme and host", "HTTPS://Example.ORG/Path", "https://example.org/Path"],
    ["treats http as https", "http://example.org/a", "https://example.org/a"],
    ["drops the default http port", "http://example.org:80/a", "https://example.org/a"],
    ["drops the default https port", "https://example.org:443/a", "https://example.org/a"],
    ["drops port 443 given with http", "http://example.org:443/a", "https://example.org/a"],
    ["keeps other ports", "https://example.org:8080/a", "https://example.org:8080/a"],
    ["drops the fragment", "https://example.org/a#top", "https://example.org/a"],
    [
      "drops tracking parameters",
      "https://example.org/a?utm_source=x&UTM_Medium=y&fbclid=1&gclid=2&mc_cid=3&mc_eid=4",
      "https://example.org/a",
    ],
    [
      "keeps other parameters, sorted",
      "https://example.org/a?b=2&utm_campaign=z&a=1&c=3",
      "https://example.org/a?a=1&b=2&c=3",
    ],
    [
      "keeps the order of repeated parameters",
      "https://example.org/a?z=1&a=2&a=1",
      "https://example.org/a?a=2&a=1&z=1",
    ],
    ["drops an empty query", "https://example.org/a?", "https://example.org/a"],
    ["keeps the trailing slash", "https://example.org/a/", "https://example.org/a/"],
    ["keeps www", "https://www.example.org/a", "https://www.example.org/a"],
    ["adds the root path", "https://example.org", "https://example.org/"],
    ["trims whitespace", "  https://example.org/a \n", "https://example.org/a"],
    ["encodes unicode hosts", "https://bücher.example/a", "https://xn--bcher-kva.example/a"],
    [
      "keeps parameters named like tracking ones",
      "https://example.org/a?utm=1&xutm_source=2",
      "https://example.org/a?utm=1&xutm_source=2",
    ],
  ])("%s", (_name, link, expected) => {
    expect(canonicalUrl(link)).toBe(expected);
  });

  it.each([
    ["a path", "/a/b?utm_source=x", "http://Example.org/feed/", "https://example.org/a/b"],
    ["a sibling", "post.html", "https://example.org/blog/feed.xml", "https://example.org/blog/post.html"],
    ["a protocol-relative link", "//cdn.example.org/a", "http://example.org/", "https://cdn.example.org/a"],
  ])("resolves %s against the base", (_name, link, base, expected) => {
    expect(canonicalUrl(link, base)).toBe(expected);
  });

  it.each([
    ["mailto:", "mailto:a@example.org"],
    ["javascript:", "javascript:alert(1)"],
    ["ftp:", "ftp://example.org/a"],
    ["a tag URI", "tag:example.org,2024:1"],
    ["a relative link without base", "/a"],
    ["garbage", "http://"],
    ["an empty string", ""],
  ])("is null for %s", (_name, link) => {
    expect(canonicalUrl(link)).toBeNull();
  });
});

describe("itemUrl", () => {
  it.each([
    [
      "keeps scheme, port and parameter order",
      "http://example.org:8080/a?b=2&a=1",
      "http://example.org:8080/a?b=2&a=1",
    ],
    [
      "drops fragment and tracking parameters",
      "https://example.org/a?utm_source=rss&id=1#c",
      "https://example.org/a?id=1",
    ],
    [
      "keeps encoded parameters as written",
      "https://example.org/s?q=a%20b&x=%2F",
      "https://example.org/s?q=a%20b&x=%2F",
    ],
    ["resolves against the base", "../b", "https://example.org/x/y/feed", "https://example.org/x/b"],
  ])("%s", (_name, link, ...rest) => {
    const [base, expected] = rest.length === 2 ? rest : [undefined, rest[0]];
    expect(itemUrl(link, base)).toBe(expected);
  });

  it("is null for non-http(s) links", () => {
    expect(itemUrl("javascript:alert(1)")).toBeNull();
    expect(absoluteUrl(null)).toBeNull();
  });
});
