import { describe, expect, it } from "vitest";
import { commonFeedUrls, feedLinks } from "./index.ts";

describe("feedLinks", () => {
  it("reads rel as a token list and type without parameters, in document order, each URL once", () => {
    const html = `<html><head>
      <link rel="alternate nofollow" type="application/rss+xml; charset=utf-8" href="/a.rss" title=" A ">
      <link rel="alternate" type="APPLICATION/ATOM+XML" href="/a.rss">
      <link rel="alternate" type="application/json" href="/feed.json">
      <link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">
      <link rel="alternate" type="text/html" href="/print/">
      <link rel="alternate" type="application/rss+xml" href="data:text/xml,<rss/>">
      <link rel="alternate" type="application/rdf+xml" href="//other.example/index.rdf#top">
    </head><body><link rel="alternate" type="application/atom+xml" href="late.atom"></body></html>`;
    expect(feedLinks(html, "https://news.example/section/page")).toEqual([
      { url: "https://news.example/a.rss", title: "A", type: "application/rss+xml" },
      { url: "https://news.example/feed.json", title: null, type: "application/json" },
      { url: "https://other.example/index.rdf", title: null, type: "application/rdf+xml" },
      { url: "https://news.example/section/late.atom", title: null, type: "application/atom+xml" },
    ]);
  });

  it("resolves against <base href> and survives broken markup", () => {
    const html = `<base href="https://cdn.example/feeds/"><link rel=alternate type=application/atom+xml href=x.atom><div <<`;
    expect(feedLinks(html, "https://news.example/")).toEqual([
      { url: "https://cdn.example/feeds/x.atom", title: null, type: "application/atom+xml" },
    ]);
    expect(feedLinks("", "https://news.example/")).toEqual([]);
  });
});

describe("commonFeedUrls", () => {
  it("tries a section's own feeds before the site's, and only the site's for a home page", () => {
    const { section, site } = commonFeedUrls("https://rs.example/regions/europe/?page=2");
    expect(section).toContain("https://rs.example/regions/europe/feed/");
    expect(section).toContain("https://rs.example/feeds/regions/europe.rss");
    expect(site).toContain("https://rs.example/feed/");
    expect(site).toContain("https://rs.example/feeds/feed.rss");
    expect(commonFeedUrls("https://rs.example/").section).toEqual([]);
  });
});
