import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/index.ts";
import type { Article } from "../item.ts";
import { READING_RULES_VERSION } from "../parse/index.ts";
import type { StoredItem } from "../store/index.ts";
import { copyHash, plan } from "./merge-plan.ts";

const config = validateConfig({
  title: "T",
  sources: [{ id: "a", url: "https://news.example/a.rss" }],
  topics: [{ slug: "all", title: "All", sources: ["*"] }],
});
const now = new Date("2026-11-29T12:00:00.000Z");
const found = (existing: StoredItem) => ({ existing, firstSeen: undefined, raced: undefined });

const copy: Article = {
  id: "item",
  url: "https://news.example/talks",
  title: "Talks",
  summary: "Talks resumed.",
  contentHtml: "<p>Talks resumed.</p>",
  contentSource: "feed",
  author: null,
  categories: [],
  imageUrl: null,
  publishedAt: "2026-11-29T10:00:00.000Z",
  updatedAt: "2026-11-29T10:00:00.000Z",
  sources: ["a"],
};

/** The item as stored once its page's article replaced the feed's teaser. */
function withPage(copies: Record<string, string>): StoredItem {
  return {
    ...copy,
    contentHtml: "<p>The whole article, several paragraphs long.</p>",
    contentSource: "page",
    feedWords: 2,
    imageUrl: "https://news.example/photo.jpg",
    copies,
    seenAt: { a: "2026-11-29T11:00:00.000Z" },
    rev: 2,
    firstSeenAt: "2026-11-29T11:00:00.000Z",
  };
}

describe("a page's article in the merge", () => {
  it("stays through an edit of the feed's copy: title and summary follow the feed", () => {
    const edited = { ...copy, title: "Talks, updated", summary: "Talks resumed on Friday, officials said." };
    const p = plan(config, "a", edited, found(withPage({ a: copyHash(copy) })), now, "2026-01-01");
    expect(p?.outcome).toBe("updated");
    expect(p?.next).toMatchObject({
      title: "Talks, updated",
      summary: "Talks resumed on Friday, officials said.",
      contentHtml: "<p>The whole article, several paragraphs long.</p>",
      contentSource: "page",
      imageUrl: "https://news.example/photo.jpg",
    });
    expect(p?.relinked).toBeUndefined();
  });

  it("stays through a re-read under newer reading rules (not an edit)", () => {
    const older = `${Number(READING_RULES_VERSION) - 1}:old-hash`;
    const p = plan(config, "a", copy, found(withPage({ a: older })), now, "2026-01-01");
    expect(p?.outcome).toBe("unchanged");
    expect(p?.next.contentSource).toBe("page");
    expect(p?.next.contentHtml).toBe("<p>The whole article, several paragraphs long.</p>");
  });

  it("is marked to be fetched again when an edit moves the entry's link", () => {
    const moved = { ...copy, title: "Talks moved", url: "https://news.example/talks-2" };
    const p = plan(config, "a", moved, found(withPage({ a: copyHash(copy) })), now, "2026-01-01");
    expect(p?.relinked).toBe(true);
    expect(p?.next.url).toBe("https://news.example/talks-2");
  });

  it("an item whose content is the feed's follows the feed's edit as before", () => {
    const stored: StoredItem = { ...copy, copies: { a: copyHash(copy) }, rev: 1, firstSeenAt: copy.publishedAt };
    const edited = { ...copy, contentHtml: "<p>Talks resumed, then stalled.</p>" };
    const p = plan(config, "a", edited, found(stored), now, "2026-01-01");
    expect(p?.next).toMatchObject({ contentHtml: "<p>Talks resumed, then stalled.</p>", contentSource: "feed" });
    expect(p?.next.feedWords).toBeUndefined();
  });
});
