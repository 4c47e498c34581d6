import { describe, expect, it } from "vitest";
import { rawEntry } from "../../../../tests/helpers/raw-entry.ts";
import type { ImageCandidate, RawEntry } from "../parse/index.ts";
import { normalizeEntry } from "./entry.ts";

const NOW = new Date("2024-06-01T12:00:00.000Z");
const FEED = "https://example.org/feed/";
const raw = rawEntry;
const normalize = (fields: Partial<RawEntry>, sourceId: string | null = "src") =>
  normalizeEntry(raw(fields), { sourceId, feedUrl: FEED, now: NOW });

describe("imageUrl", () => {
  const image = (
    source: ImageCandidate["source"],
    url: string,
    type: string | null = null,
    medium: string | null = null,
  ) => ({
    url,
    source,
    type,
    medium,
  });
  it.each([
    [
      "media:content with medium=image",
      [image("media:thumbnail", "t.jpg"), image("media:content", "m.jpg", null, "image")],
      "m.jpg",
    ],
    ["media:content with an image type", [image("media:content", "m", "image/png")], "m"],
    ["media:content that looks like an image file", [image("media:content", "m.JPG?w=1")], "m.JPG?w=1"],
    [
      "media:thumbnail over video media:content",
      [image("media:content", "v.mp4", "video/mp4"), image("media:thumbnail", "t.jpg")],
      "t.jpg",
    ],
    [
      "an image enclosure",
      [image("enclosure", "a.mp3", "audio/mpeg"), image("enclosure", "e.png", "image/png")],
      "e.png",
    ],
    ["a JSON image", [image("json", "j.png")], "j.png"],
    ["itunes:image", [image("itunes:image", "i.jpg")], "i.jpg"],
  ])("prefers %s", (_name, images, expected) => {
    expect(normalize({ images, link: "https://example.org/p/1" }).imageUrl).toBe(
      `https://example.org/feed/${expected}`,
    );
  });

  it("falls back to the first image of the content, then to null", () => {
    const contentHtml = '<p><img src="/first.png"><img src="/second.png"></p>';
    expect(normalize({ contentHtml, images: [image("enclosure", "a.mp3", "audio/mpeg")] }).imageUrl).toBe(
      "https://example.org/first.png",
    );
    expect(normalize({ images: [image("media:content", "javascript:alert(1)", null, "image")] }).imageUrl).toBeNull();
  });

  it("is never a tracking pixel: a beacon or a declared 1×1 candidate, or a pixel in the content", () => {
    const pixel = { ...image("media:content", "https://example.org/t.gif", null, "image"), width: "1", height: "1" };
    const beacon = image("media:thumbnail", "https://pixel.wp.com/b.gif?v=1");
    const contentHtml =
      '<img src="http://feeds.feedburner.com/~r/X/~4/abc" width="1" height="1"><img src="/photo.jpg">';
    expect(normalize({ images: [pixel, beacon], contentHtml }).imageUrl).toBe("https://example.org/photo.jpg");
    expect(normalize({ images: [pixel, beacon, image("json", "j.png")] }).imageUrl).toBe(
      "https://example.org/feed/j.png",
    );
  });

  it("takes a lazy-loaded image of the content by its real address, never its placeholder", () => {
    const gif = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
    expect(normalize({ contentHtml: `<img src="/spinner.svg" data-src="/real.jpg">` }).imageUrl).toBe(
      "https://example.org/real.jpg",
    );
    expect(normalize({ contentHtml: `<img src="${gif}" data-srcset="/a.jpg 1x, /b.jpg 2x">` }).imageUrl).toBe(
      "https://example.org/b.jpg",
    );
  });
});

describe("dates", () => {
  it.each([
    ["published", { published: ["2024-05-01T10:00:00Z"] }, "2024-05-01T10:00:00.000Z", "2024-05-01T10:00:00.000Z"],
    [
      "published and updated",
      { published: ["2024-05-01T10:00:00Z"], updated: ["2024-05-02T10:00:00Z"] },
      "2024-05-01T10:00:00.000Z",
      "2024-05-02T10:00:00.000Z",
    ],
    [
      "the first usable published date",
      { published: ["garbage", "Wed, 01 May 2024 10:00:00 +0200"] },
      "2024-05-01T08:00:00.000Z",
      "2024-05-01T08:00:00.000Z",
    ],
    ["updated only", { updated: ["2024-05-02T10:00:00Z"] }, "2024-05-02T10:00:00.000Z", "2024-05-02T10:00:00.000Z"],
    [
      "an unusable published date and a usable updated one",
      { published: ["soon"], updated: ["2024-05-02"] },
      "2024-05-02T00:00:00.000Z",
      "2024-05-02T00:00:00.000Z",
    ],
    ["no date: now", {}, NOW.toISOString(), NOW.toISOString()],
    ["no usable date: now", { published: ["x"], updated: ["y"] }, NOW.toISOString(), NOW.toISOString()],
    ["more than a day ahead: now", { published: ["2024-06-02T12:00:01Z"] }, NOW.toISOString(), NOW.toISOString()],
    [
      "less than a day ahead: kept",
      { published: ["2024-06-02T11:00:00Z"] },
      "2024-06-02T11:00:00.000Z",
      "2024-06-02T11:00:00.000Z",
    ],
    [
      "an update before publication: publication",
      { published: ["2024-05-02T10:00:00Z"], updated: ["2024-05-01T10:00:00Z"] },
      "2024-05-02T10:00:00.000Z",
      "2024-05-02T10:00:00.000Z",
    ],
    [
      "an update far ahead: publication",
      { published: ["2024-05-01T10:00:00Z"], updated: ["2030-01-01T00:00:00Z"] },
      "2024-05-01T10:00:00.000Z",
      "2024-05-01T10:00:00.000Z",
    ],
  ])("%s", (_name, fields, publishedAt, updatedAt) => {
    expect(normalize(fields)).toMatchObject({ publishedAt, updatedAt });
  });
});
