import { describe, expect, it } from "vitest";
import { rawEntry } from "../../../../tests/helpers/raw-entry.ts";
import type { RawEntry } from "../parse/index.ts";
import { normalizeEntry } from "./entry.ts";
import { itemId } from "./id.ts";

const NOW = new Date("2024-06-01T12:00:00.000Z");
const FEED = "https://example.org/feed/";
const raw = rawEntry;
const normalize = (fields: Partial<RawEntry>, sourceId: string | null = "src") =>
  normalizeEntry(raw(fields), { sourceId, feedUrl: FEED, now: NOW });

describe("link and url", () => {
  it.each([
    ["an absolute link", { link: "https://example.org/a" }, "https://example.org/a"],
    ["a relative link, against the feed URL", { link: "../a/b" }, "https://example.org/a/b"],
    ["a relative link, against xml:base", { link: "b", xmlBase: "https://example.org/x/" }, "https://example.org/x/b"],
    [
      "without fragment and tracking parameters",
      { link: "https://example.org/a?utm_source=rss&id=1&fbclid=x#c" },
      "https://example.org/a?id=1",
    ],
    ["a guid that is an http(s) URL", { guid: "https://example.org/g" }, "https://example.org/g"],
    ["a guid marked isPermaLink", { guid: "https://example.org/g", guidIsPermaLink: true }, "https://example.org/g"],
    ["a relative guid marked isPermaLink", { guid: "/g/1", guidIsPermaLink: true }, "https://example.org/g/1"],
    [
      "the link before the guid",
      { link: "https://example.org/l", guid: "https://example.org/g" },
      "https://example.org/l",
    ],
    [
      "the guid when the link is not http(s)",
      { link: "mailto:a@example.org", guid: "https://example.org/g" },
      "https://example.org/g",
    ],
  ])("takes %s", (_name, fields, expected) => {
    expect(normalize(fields).url).toBe(expected);
  });

  it.each([
    ["a guid marked isPermaLink=false", { guid: "https://example.org/g", guidIsPermaLink: false }],
    ["a guid that is not a URL", { guid: "12345" }],
    ["a tag: guid", { guid: "tag:example.org,2024:1" }],
    ["a javascript: link", { link: "javascript:alert(1)" }],
    ["nothing", {}],
  ])("has no url for %s", (_name, fields) => {
    expect(normalize(fields).url).toBeNull();
  });
});

describe("id", () => {
  it("comes from the canonical URL alone: same article, same id, in any source", () => {
    const a = normalize({ link: "http://Example.org:80/a?b=1&utm_medium=x&a=2#f", guid: "1", title: "A" }, "one");
    const b = normalize({ link: "https://example.org/a?a=2&b=1", guid: "2", title: "B" }, "two");
    expect(a.id).toBe(b.id);
    expect(a.id).toBe(itemId({ canonicalUrl: "https://example.org/a?a=2&b=1", sourceId: "", guid: null, title: null }));
  });

  it("tells apart trailing slashes and www", () => {
    const ids = ["https://example.org/a", "https://example.org/a/", "https://www.example.org/a"].map(
      (link) => normalize({ link }).id,
    );
    expect(new Set(ids).size).toBe(3);
  });

  it("comes from source id + guid without a link", () => {
    const entry = { guid: "post-1", guidIsPermaLink: false, title: "T" };
    expect(normalize(entry).id).toBe(itemId({ canonicalUrl: null, sourceId: "src", guid: "post-1", title: null }));
    expect(normalize(entry, "other").id).not.toBe(normalize(entry).id);
    expect(normalize(entry, null).id).toBe(itemId({ canonicalUrl: null, sourceId: "", guid: "post-1", title: null }));
  });

  it("comes from source id + title with no link nor guid, else from the summary", () => {
    expect(normalize({ title: "<b>Hello</b>" }).id).toBe(
      itemId({ canonicalUrl: null, sourceId: "src", guid: null, title: "Hello" }),
    );
    expect(normalize({ descriptionHtml: "<p>Only text</p>" }).id).toBe(
      itemId({ canonicalUrl: null, sourceId: "src", guid: null, title: "Only text" }),
    );
    expect(normalize({ descriptionHtml: "one" }).id).not.toBe(normalize({ descriptionHtml: "two" }).id);
  });
});

describe("text fields", () => {
  it.each([
    ["Caf&eacute; &mdash; <b>bold</b>", "Café — bold"],
    ["Tom &amp;amp; Jerry", "Tom &amp; Jerry"],
    ["  Many\n\n   spaces\t", "Many spaces"],
    ["1 &lt; 2", "1 < 2"],
    ["a\u0000b\u0007c", "abc"],
    ["<p> </p>", null],
    [null, null],
  ])("title %j is %j", (title, expected) => {
    expect(normalize({ title }).title).toBe(expected);
  });

  it("takes the summary from the description, else the content, as plain text", () => {
    expect(normalize({ descriptionHtml: "<p>Desc</p>", contentHtml: "<p>Content</p>" }).summary).toBe("Desc");
    expect(normalize({ contentHtml: "<p>Content &amp; more</p>" }).summary).toBe("Content & more");
    expect(normalize({ descriptionHtml: "<p> </p>", contentHtml: "<p>C</p>" }).summary).toBe("C");
    expect(normalize({}).summary).toBeNull();
  });

  it("cuts the summary at 300 code points, ellipsis included", () => {
    const summary = normalize({ descriptionHtml: `<p>${"🦀".repeat(500)}</p>` }).summary ?? "";
    expect(Array.from(summary)).toHaveLength(300);
    expect(summary.endsWith("🦀…")).toBe(true);
  });

  it("takes the author's name", () => {
    expect(normalize({ author: "jane@example.org (Jane Doe)" }).author).toBe("Jane Doe");
    expect(normalize({ author: " Jane\u0000 Doe " }).author).toBe("Jane Doe");
    expect(normalize({ author: "jane@example.org" }).author).toBe("jane@example.org");
    expect(normalize({ author: " " }).author).toBeNull();
  });

  it("trims and dedupes categories, dropping empty ones", () => {
    expect(
      normalize({ categories: [" Europe ", "europe", "", "Asia\u0000-Pacific", "  ", "Latest"] }).categories,
    ).toEqual(["Europe", "Asia-Pacific", "Latest"]);
  });

  it("reads categories as plain text, as titles are: markup goes, active tags in any form, words stay", () => {
    expect(
      normalize({
        categories: ["<iframe src=x></iframe>Cat", "&lt;script&gt;x&lt;/script&gt;Dog", "<b>Bold</b> one", "AT&amp;T"],
      }).categories,
    ).toEqual(["Cat", "xDog", "Bold one", "AT&T"]);
  });

  it("lists the source, or none", () => {
    expect(normalize({}).sources).toEqual(["src"]);
    expect(normalize({}, null).sources).toEqual([]);
  });
});

describe("content", () => {
  it("takes the content, else the description, sanitized", () => {
    expect(normalize({ descriptionHtml: "<p>D</p>", contentHtml: "<p>C<script>x</script></p>" }).contentHtml).toBe(
      "<p>C</p>",
    );
    expect(normalize({ descriptionHtml: "<p onclick='x'>D</p>" }).contentHtml).toBe("<p>D</p>");
    expect(normalize({}).contentHtml).toBeNull();
  });

  it.each([
    ["the item link", { link: "https://example.org/posts/1" }, "https://example.org/posts/img.png"],
    [
      "xml:base first",
      { link: "https://example.org/posts/1", xmlBase: "https://cdn.example.org/base/" },
      "https://cdn.example.org/base/img.png",
    ],
    ["the feed URL without a link", {}, "https://example.org/feed/img.png"],
  ])("resolves relative URLs against %s", (_name, fields, src) => {
    expect(normalize({ ...fields, contentHtml: '<img src="img.png">' }).contentHtml).toBe(`<img src="${src}" />`);
  });
});
