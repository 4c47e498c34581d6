import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT, runScript } from "../helpers/cli.ts";

const TESTDATA = path.join(ROOT, "packages/core/src/parse/testdata");
const parse = (...args: string[]) => runScript("parse.ts", ["--", ...args], {});
const lines = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));

describe("npm run parse", () => {
  it("prints one JSON line per file: the feed and its items in order, sources empty", async () => {
    const result = await parse(path.join(TESTDATA, "rss2.xml"));
    expect(result.code).toBe(0);
    const [line, ...rest] = lines(result.stdout);
    expect(rest).toEqual([]);
    expect(line).toMatchObject({
      input: path.join(TESTDATA, "rss2.xml"),
      ok: true,
      feed: {
        title: "Example & Co",
        link: "https://example.org/",
        description: "The news",
        language: "en-us",
        format: "rss",
      },
    });
    expect(line.error).toBeUndefined();
    expect(line.items.map((item: { title: string | null }) => item.title)).toEqual([
      "Café — opening",
      "Permalink guid",
      null,
    ]);
    expect(line.items[0]).toMatchObject({
      categories: ["Food", "Europe"],
      sources: [],
      publishedAt: "2024-01-05T10:00:00.000Z",
    });
    expect(Object.keys(line.items[0]).sort()).toEqual(
      [
        "author",
        "categories",
        "contentHtml",
        "contentSource",
        "id",
        "imageUrl",
        "publishedAt",
        "sources",
        "story",
        "summary",
        "title",
        "updatedAt",
        "url",
      ].sort(),
    );
    // Nothing is stored, so nothing is grouped: each item is a story of its own.
    for (const item of line.items) expect(item.story).toEqual({ id: item.id, size: 1 });
  });

  it("keeps the order of the inputs and exits 1 when one fails", async () => {
    const notAFeed = path.join(ROOT, "LICENSE");
    const result = await parse(
      path.join(TESTDATA, "jsonfeed-1.1.json"),
      "missing.xml",
      notAFeed,
      path.join(TESTDATA, "atom03.xml"),
    );
    expect(result.code).toBe(1);
    const printed = lines(result.stdout);
    expect(printed.map((line) => [line.input, line.ok])).toEqual([
      [path.join(TESTDATA, "jsonfeed-1.1.json"), true],
      ["missing.xml", false],
      [notAFeed, false],
      [path.join(TESTDATA, "atom03.xml"), true],
    ]);
    expect(printed[1]).toMatchObject({ error: expect.stringMatching(/^read: ENOENT/), feed: null, items: [] });
    expect(printed[2].error).toBe("parse: not a feed: neither XML nor JSON");
    expect(printed[3].items).toHaveLength(3);
  });

  it("fetches URLs", async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/atom+xml; charset=utf-8" });
      response.end(readFileSync(path.join(TESTDATA, "atom10.xml")));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.atom`;
      const result = await parse(url);
      expect(result.code).toBe(0);
      const [line] = lines(result.stdout);
      expect(line).toMatchObject({ input: url, ok: true, feed: { format: "atom", link: "https://example.org/blog/" } });
      expect(line.items[1].url).toBe("https://example.org/second");
    } finally {
      server.close();
    }
  });

  it("reads lazy-loaded images by their real address and never takes a tracking pixel for the image", async () => {
    const result = await parse(path.join(TESTDATA, "lazy-images.rss"));
    expect(result.code).toBe(0);
    const [line] = lines(result.stdout);
    expect(line.items.map((item: { imageUrl: string | null }) => item.imageUrl)).toEqual([
      "https://example.org/photo.jpg",
      "https://example.org/l.jpg",
      null,
    ]);
    expect(line.items.map((item: { contentHtml: string | null }) => item.contentHtml)).toEqual([
      '<p><img src="https://example.org/photo.jpg" /> Words.</p>',
      '<img srcset="https://example.org/s.jpg 480w, https://example.org/l.jpg 1080w" /><p>Words.</p>',
      "<p>Only words.</p>",
    ]);
  });

  it("takes no author from an address that names nobody, and an Atom entry's author from its source", async () => {
    const result = await parse(path.join(TESTDATA, "blogger.rss"), path.join(TESTDATA, "atom-source.xml"));
    expect(result.code).toBe(0);
    const [blogger, planet] = lines(result.stdout);
    expect(blogger.items.map((item: { author: string | null }) => item.author)).toEqual([null, null, "Jane Doe"]);
    expect(planet.items.map((item: { author: string | null }) => item.author)).toEqual([
      "Original Author",
      "Planet Editors",
    ]);
  });

  it("reads a file:// URL as its file", async () => {
    const file = path.join(TESTDATA, "rss2.xml");
    const result = await parse(pathToFileURL(file).href);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)[0]).toMatchObject({ ok: true, feed: { title: "Example & Co" } });
  });
});
