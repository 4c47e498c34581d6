// The whole real-world corpus (feedjira's spec/sample_feeds, MIT; see README.txt beside it) through
// readFeed: every item must satisfy the Item contract (item.ts): absolute URLs, URL-safe ids, plain text, safe HTML.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SUMMARY_MAX } from "../item.ts";
import { readFeed } from "./index.ts";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const CORPUS = path.resolve(repoRoot, "tests/fixtures/real-world");
const NOW = new Date("2024-06-01T12:00:00.000Z");
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const files = readdirSync(CORPUS).filter((file) => !/FirstEntry|DuplicateContent|README/.test(file));

describe(`real-world corpus through readFeed (${CORPUS})`, () => {
  it.each(files)("%s gives valid items", async (file) => {
    const { info, items } = await readFeed(readFileSync(path.join(CORPUS, file)), {
      url: `https://example.org/corpus/${file}`,
      sourceId: "corpus",
      now: NOW,
    });
    expect(info.link === null || /^https?:\/\//.test(info.link)).toBe(true);
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    for (const item of items) {
      expect(item.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(item.url === null || /^https?:\/\/[^#]*$/.test(item.url)).toBe(true);
      expect(item.url ?? "").not.toMatch(/[?&](utm_[^=]*|fbclid|gclid|mc_cid|mc_eid)=/i);
      expect(item.title === null || (item.title.trim() === item.title && !/\s{2}|<\w/.test(item.title))).toBe(true);
      expect(Array.from(item.summary ?? "").length).toBeLessThanOrEqual(SUMMARY_MAX);
      expect(item.contentHtml ?? "").not.toMatch(
        /<(script|style|iframe|form|object|embed|svg)\b|\son\w+=|javascript:/i,
      );
      expect(item.imageUrl === null || /^https?:\/\//.test(item.imageUrl)).toBe(true);
      expect(item.publishedAt).toMatch(ISO);
      expect(item.updatedAt).toMatch(ISO);
      expect(item.updatedAt >= item.publishedAt).toBe(true);
      expect(item.sources).toEqual(["corpus"]);
      expect(JSON.stringify([item.title, item.summary, item.author, item.categories])).not.toMatch(/\\u00[01]/);
    }
  });
});
