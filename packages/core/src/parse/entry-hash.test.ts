import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseFeed } from "./index.ts";

const URL_ = "https://example.org/feed.xml";
const encode = (text: string) => new TextEncoder().encode(text);
const parse = (body: string | Uint8Array, knownEntries?: ReadonlySet<string>) =>
  parseFeed(typeof body === "string" ? encode(body) : body, { url: URL_, knownEntries });
const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));
const item = (n: number, text = `Body ${n}`) =>
  `<item><title>Item ${n}</title><guid>urn:${n}</guid><dc:creator>A</dc:creator><description>${text}</description></item>`;
const rss = (items: string, { base = "", dc = "http://purl.org/dc/elements/1.1/", title = "T" } = {}) =>
  `<rss version="2.0" xmlns:dc="${dc}"><channel${base}><title>${title}</title>${items}</channel></rss>`;

describe("entry hashes", () => {
  it("stay the same for an unchanged entry when the feed around it changes", async () => {
    const before = await parse(rss(item(1) + item(2)));
    const after = await parse(rss(item(0) + item(1) + item(2), { title: "Renamed" }));
    expect(after.entryHashes.slice(1)).toEqual(before.entryHashes);
    expect(before.entryHashes).not.toContain(after.entryHashes[0]);
  });

  it("change when the entry's own content changes", async () => {
    const before = await parse(rss(item(1) + item(2)));
    const after = await parse(rss(item(1, "Edited") + item(2)));
    expect(after.entryHashes[0]).not.toBe(before.entryHashes[0]);
    expect(after.entryHashes[1]).toBe(before.entryHashes[1]);
  });

  it("change when an inherited xml:base or namespace declaration changes what the entry means", async () => {
    const plain = await parse(rss(item(1)));
    const based = await parse(rss(item(1), { base: ' xml:base="https://elsewhere.example/"' }));
    const renamed = await parse(rss(item(1), { dc: "https://unknown.example/ns" }));
    expect(based.entryHashes[0]).not.toBe(plain.entryHashes[0]);
    expect(renamed.entryHashes[0]).not.toBe(plain.entryHashes[0]);
    expect(plain.entries[0]?.author).toBe("A");
    expect(renamed.entries[0]?.author).toBeNull();
  });

  it("leave known entries unread and read the others exactly as a full read does", async () => {
    const bodies = [
      fixture("rss2.xml"),
      fixture("rss1.rdf"),
      fixture("atom10.xml"),
      fixture("atom03.xml"),
      // Items left open (closed by the next item or the channel's end), declarations and xml:base on items.
      rss(
        `<item xml:base="https://a.example/x/"><title>One</title><link>p/1</link>` +
          `<item xmlns:x="http://purl.org/dc/elements/1.1/"><x:creator>B</x:creator><description><p>two</description>` +
          `<item><title>Three</title><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<b>3</b>]]></content:encoded></item>`,
        { base: ' xml:base="https://b.example/"' },
      ),
    ];
    for (const body of bodies) {
      const full = await parse(body);
      expect(full.entries.length).toBeGreaterThan(1);
      const known = new Set(full.entryHashes.filter((_, index) => index % 2 === 0));
      const partial = await parse(body, known);
      expect(partial.entryHashes).toEqual(full.entryHashes);
      expect(partial.info).toEqual(full.info);
      expect(partial.entries).toEqual(full.entries.filter((_, index) => index % 2 === 1));
    }
  });
});
