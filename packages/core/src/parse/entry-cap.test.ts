import { describe, expect, it } from "vitest";
import { keptEntries } from "./entry-cap.ts";
import { MAX_ENTRIES, parseFeed } from "./index.ts";

const url = "https://example.org/feed";
const parse = (text: string, knownEntries?: ReadonlySet<string>) =>
  parseFeed(new TextEncoder().encode(text), { url, knownEntries });

const BASE = Date.UTC(2026, 0, 1);
/** The date of entry `n`: `n` minutes after BASE. */
const at = (n: number) => new Date(BASE + n * 60_000);
/** 0…count-1 in the order a feed lists them. */
const numbers = (count: number, oldestFirst: boolean) =>
  Array.from({ length: count }, (_, i) => (oldestFirst ? i : count - 1 - i));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

const rssItem = (n: number, dated = true) =>
  `<item><title>${n}</title><guid>${n}</guid>${dated ? `<pubDate>${at(n).toUTCString()}</pubDate>` : ""}</item>`;
const rssFeed = (items: string[]) => `<rss version="2.0"><channel><title>T</title>${items.join("\n")}</channel></rss>`;
const titles = (feed: { entries: { title: string | null }[] }) => feed.entries.map((entry) => Number(entry.title));

describe("the entry cap", () => {
  it("keeps the newest entries of an RSS feed listing them oldest first, in document order", async () => {
    const feed = await parse(rssFeed(numbers(MAX_ENTRIES + 30, true).map((n) => rssItem(n))));
    expect(titles(feed)).toEqual(range(30, MAX_ENTRIES + 30));
    expect(feed.entryHashes).toHaveLength(MAX_ENTRIES);
  });

  it("keeps the first entries of a feed listing them newest first, as before", async () => {
    const feed = await parse(rssFeed(numbers(MAX_ENTRIES + 30, false).map((n) => rssItem(n))));
    expect(titles(feed)).toEqual(range(30, MAX_ENTRIES + 30).reverse());
  });

  it("keeps the newest whatever the order, by the published date, else the updated one (Atom)", async () => {
    // Shuffled by a stride coprime with the count; half the entries carry only <updated>.
    const count = MAX_ENTRIES + 11;
    const order = Array.from({ length: count }, (_, i) => (i * 3) % count);
    const entries = order.map((n) => {
      const date = at(n).toISOString();
      const dates = n % 2 ? `<published>${date}</published><updated>${at(9999).toISOString()}</updated>` : "";
      return `<entry><id>${n}</id><title>${n}</title>${dates || `<updated>${date}</updated>`}</entry>`;
    });
    const feed = await parse(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>${entries.join("")}</feed>`);
    expect(titles(feed)).toEqual(order.filter((n) => n >= 11));
  });

  it("keeps the newest of a JSON Feed", async () => {
    const items = numbers(MAX_ENTRIES + 5, true).map((n) => ({
      id: String(n),
      title: String(n),
      date_published: at(n).toISOString(),
    }));
    const feed = await parse(JSON.stringify({ version: "https://jsonfeed.org/version/1.1", items }));
    expect(titles(feed)).toEqual(range(5, MAX_ENTRIES + 5));
  });

  it("reads the dates of entries it does not build: Dublin Core in RDF, CDATA, entities, empty elements", async () => {
    const rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    const items = numbers(MAX_ENTRIES + 3, true).map((n) => {
      const date = at(n).toISOString();
      const written = n % 3 === 0 ? `<![CDATA[${date}]]>` : n % 3 === 1 ? date.replace("T", "&#x54;") : date;
      return `<item rdf:about="${n}"><title>${n}</title><pubDate/><dc:date>${written}</dc:date></item>`;
    });
    const feed = await parse(
      `<rdf:RDF xmlns:rdf="${rdf}" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
        `<channel><title>T</title></channel>${items.join("")}</rdf:RDF>`,
    );
    expect(titles(feed)).toEqual(range(3, MAX_ENTRIES + 3));
    expect(feed.entries.at(-1)?.published).toEqual([at(MAX_ENTRIES + 2).toISOString()]);
  });

  it("keeps the same entries and hashes when some are known, and reads only the unknown ones", async () => {
    const text = rssFeed(numbers(MAX_ENTRIES + 30, true).map((n) => rssItem(n)));
    const full = await parse(text);
    const known = new Set(full.entryHashes.slice(0, -3));
    const partial = await parse(text, known);
    expect(partial.entryHashes).toEqual(full.entryHashes);
    expect(titles(partial)).toEqual(range(MAX_ENTRIES + 27, MAX_ENTRIES + 30));
  });

  it("ranks undated entries below dated ones, and breaks ties in the direction the feed's dates run", async () => {
    // Oldest first, the first 40 entries undated: the dated ones are kept, the undated fill up from the end.
    const oldestFirst = numbers(MAX_ENTRIES + 20, true).map((n) => rssItem(n, n >= 40));
    expect(titles(await parse(rssFeed(oldestFirst)))).toEqual(range(20, MAX_ENTRIES + 20));
    // Newest first, the last 40 undated: the undated nearest the top are kept.
    const newestFirst = numbers(MAX_ENTRIES + 20, false).map((n) => rssItem(n, n >= 40));
    expect(titles(await parse(rssFeed(newestFirst)))).toEqual(range(20, MAX_ENTRIES + 20).reverse());
    // No dates at all: the first entries of the document.
    const undated = numbers(MAX_ENTRIES + 20, true).map((n) => rssItem(n, false));
    expect(titles(await parse(rssFeed(undated)))).toEqual(range(0, MAX_ENTRIES));
  });

  it("changes nothing for a feed within the cap, whatever its dates", async () => {
    const order = numbers(MAX_ENTRIES, true).map((n) => (n * 13) % MAX_ENTRIES);
    const feed = await parse(rssFeed(order.map((n) => rssItem(n, n % 3 !== 0))));
    expect(titles(feed)).toEqual(order);
  });
});

describe("keptEntries", () => {
  it("returns the entries themselves within the cap", () => {
    const entries = [{ published: [], updated: [] }];
    expect(keptEntries(entries, (entry) => entry, 1)).toBe(entries);
  });

  it("ranks by the first readable published date, else the first readable updated one", () => {
    const entries = [
      { published: ["not a date", "2026-01-03T00:00:00Z"], updated: [] },
      { published: [], updated: ["garbage", "2026-01-01T00:00:00Z"] },
      { published: ["2026-01-02T00:00:00Z"], updated: ["2026-02-01T00:00:00Z"] },
      { published: [], updated: [] },
    ];
    expect(keptEntries(entries, (entry) => entry, 2)).toEqual([entries[0], entries[2]]);
    expect(keptEntries(entries, (entry) => entry, 3)).toEqual(entries.slice(0, 3));
  });
});
