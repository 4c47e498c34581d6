import { brotliCompressSync, constants } from "node:zlib";
import { describe, expect, it } from "vitest";
import { brotliParams, fromItemRecord, itemRecord } from "./item-record.ts";
import type { StoredItem } from "./records.ts";

function item(contentHtml: string | null): StoredItem {
  const publishedAt = "2026-11-20T12:00:00.000Z";
  return {
    id: "x",
    url: "https://example.org/x",
    title: "Title",
    summary: "a summary",
    contentHtml,
    contentSource: "feed",
    author: null,
    categories: [],
    imageUrl: null,
    publishedAt,
    updatedAt: publishedAt,
    sources: ["a"],
    copies: { a: "h" },
    rev: 1,
    firstSeenAt: publishedAt,
  };
}

/** Article-like HTML of about `bytes` bytes (seeded words, multi-byte characters: UTF-8 bytes exceed length). */
function html(bytes: number, seed = bytes): string {
  const words = ["Genève", "talks", "ended", "without", "agreement", "über", "minister", "said", "«quote»", "today"];
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state;
  };
  let out = "<p>";
  while (Buffer.byteLength(out) < bytes - 4) {
    out += next() % 9 === 0 ? `</p>\n<p>${next() % 1000} ` : `${words[next() % words.length]} `;
  }
  return `${out}</p>`;
}

describe("item records", () => {
  it("compresses with the 64 KB window content that fits in it (RFC 7932 §9.1: (1 << 16) - 16 bytes)", () => {
    const window = constants.BROTLI_PARAM_LGWIN;
    expect(brotliParams(200)[window]).toBe(16);
    expect(brotliParams(65_520)[window]).toBe(16);
    expect(brotliParams(65_521)[window]).toBeUndefined();
    expect(brotliParams(65_521)[constants.BROTLI_PARAM_QUALITY]).toBe(9);
  });

  it("reads back every content whole", () => {
    for (const bytes of [200, 1008, 1600, 65_520, 65_521, 100_000]) {
      const content = html(bytes);
      const record = itemRecord(item(content), 90);
      expect(record.contentHtml).toBeUndefined();
      expect(fromItemRecord(record).contentHtml, `${bytes} bytes`).toBe(content);
    }
  });

  it("stores articles in about as many bytes as brotli's default window did (within 1%)", () => {
    let stored = 0;
    let before = 0;
    for (let bytes = 200; bytes < 40_000; bytes = Math.ceil(bytes * 1.3)) {
      for (let seed = 0; seed < 5; seed++) {
        const content = html(bytes, seed);
        stored += (itemRecord(item(content), 90).contentBr as Uint8Array).byteLength;
        const size = Buffer.byteLength(content);
        const params = { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: size };
        before += brotliCompressSync(content, { params }).byteLength;
      }
    }
    expect(Math.abs(stored - before)).toBeLessThan(before / 100);
  });

  it("keeps content under 200 bytes, empty or absent as it is", () => {
    for (const content of ["<p>short</p>", "", null]) {
      const record = itemRecord(item(content), 90);
      expect(record.contentBr).toBeUndefined();
      expect(fromItemRecord(record).contentHtml).toBe(content);
    }
  });
});
