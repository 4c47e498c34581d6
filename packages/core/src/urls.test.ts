import { describe, expect, it } from "vitest";
import {
  FEED_FORMATS,
  FEED_PATH_SOURCE,
  feedOfFile,
  feedOfPath,
  feedPath,
  feedUrl,
  hubUrl,
  isFeedFormat,
  listUrl,
  readTopicUrl,
  topicUrls,
} from "./urls.ts";

describe("the URL scheme", () => {
  it("builds every link of a topic under an origin, trailing slashes dropped", () => {
    expect(topicUrls("https://x.example/", "world")).toEqual({
      html: "https://x.example/topics/world",
      rss: "https://x.example/feeds/world.rss",
      atom: "https://x.example/feeds/world.atom",
      json: "https://x.example/feeds/world.json",
      api: "https://x.example/api/topics/world/items",
    });
    expect(hubUrl("https://x.example//")).toBe("https://x.example/websub");
    expect(feedUrl("https://x.example", "world", "json")).toBe("https://x.example/feeds/world.json");
    // A feed's group=none view is a topic URL of its own, and reads back as one.
    const none = feedUrl("https://x.example", "world", "json", "none");
    expect(none).toBe("https://x.example/feeds/world.json?group=none");
    expect(readTopicUrl(none, "https://x.example", { topics: [{ slug: "world" }] } as never)).toEqual({
      slug: "world",
      format: "json",
      group: "none",
    });
  });

  it("reads back every feed path it builds, and nothing else", () => {
    for (const format of FEED_FORMATS) {
      expect(feedOfPath(feedPath("ukraine-war", format))).toEqual({ slug: "ukraine-war", format });
      expect(feedOfFile(`ukraine-war.${format}`)).toEqual({ slug: "ukraine-war", format });
    }
    for (const file of [
      "world.xml",
      "world",
      ".rss",
      "World.rss",
      "world.rss.rss",
      "wo_rld.rss",
      `${"a".repeat(65)}.rss`,
    ])
      expect(feedOfFile(file), file).toBeNull();
    for (const path of ["/feeds/a/world.rss", "/topics/world.rss", "/feeds.opml", "/feeds/world.rss/"])
      expect(feedOfPath(path), path).toBeNull();
    expect(isFeedFormat("atom")).toBe(true);
    expect(isFeedFormat("rdf")).toBe(false);
  });

  it("gives the edge a pattern that matches every feed path and no other extension", () => {
    const edge = new RegExp(`^\\/${FEED_PATH_SOURCE}$`);
    for (const format of FEED_FORMATS) expect(edge.test(feedPath("world", format))).toBe(true);
    expect(edge.test("/feeds/world.xml")).toBe(false);
    expect(edge.test("/feeds/a/b.rss")).toBe(false);
  });

  it("orders list parameters and leaves out the default limit and empty ones", () => {
    const url = listUrl(
      "https://x.example",
      "/feeds/a.rss",
      { limit: 50, q: "kyiv", filter: ["a", "b"], filterout: [], cursor: "c1" },
      50,
    );
    expect(url).toBe("https://x.example/feeds/a.rss?q=kyiv&filter=a%7Cb&cursor=c1");
    expect(listUrl("https://x.example", "/feeds/a.rss", { limit: 10, cursor: "c1" }, 50, null)).toBe(
      "https://x.example/feeds/a.rss?limit=10",
    );
  });
});
