import { describe, expect, it } from "vitest";
import { UniqueIds } from "../config/ids.ts";
import { KnownFeeds } from "./proposals.ts";

const feed = (url: string, title: string | null = null) => ({ url, title, format: "rss" as const });

describe("KnownFeeds.propose", () => {
  it("proposes only feeds neither configured nor proposed before, comparing canonical URLs", () => {
    const known = new KnownFeeds([{ id: "europe", url: "http://Example.org/feeds/europe.rss?utm_medium=rss" }]);
    const taken = new UniqueIds(["europe"]);
    const first = known.propose(
      [feed("https://example.org/feeds/europe.rss#x", "Europe"), feed("https://example.org/asia.rss", "Asia")],
      taken,
    );
    expect(first).toEqual({
      sources: [{ id: "asia", url: "https://example.org/asia.rss", title: "Asia" }],
      configured: [{ url: "https://example.org/feeds/europe.rss#x", id: "europe" }],
      proposedAbove: [],
    });
    const second = known.propose([feed("http://example.org/asia.rss"), feed("https://example.org/asia.rss/")], taken);
    expect(second.proposedAbove).toEqual([{ url: "http://example.org/asia.rss", id: "asia" }]);
    // A trailing slash can name another page: it is another feed.
    expect(second.sources.map((source) => source.url)).toEqual(["https://example.org/asia.rss/"]);
  });
});
