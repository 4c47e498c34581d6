import { describe, expect, it } from "vitest";
import { ParseError } from "../errors.ts";
import { parseFeed } from "./index.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const parse = (text: string) => parseFeed(encode(text), { url: "https://example.org/feed" });

// How long hostile input takes is measured by `npm run bench -- parse`, never by a clock in a test.

const LAUGHS = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join("\n");
const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol0 "lol">
  ${LAUGHS}
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><description>&lol9;</description><guid>a&lol9;</guid></item></channel></rss>`;

describe("entity expansion and external entities", () => {
  it("never expands declared entities (billion laughs)", async () => {
    const feed = await parse(BILLION_LAUGHS);
    const json = JSON.stringify(feed);
    expect(json).not.toContain("lollol");
    expect(json.length).toBeLessThan(2000);
    expect(feed.entries[0]).toMatchObject({ title: "&lol9;", descriptionHtml: "&lol9;", guid: "a&lol9;" });
  });

  it.each([
    ["a general entity", '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"],
    ["a parameter entity", '<!DOCTYPE rss [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>', "&p;"],
    ["an external DTD", '<!DOCTYPE rss SYSTEM "file:///etc/passwd">', "x"],
    [
      "an entity in an attribute",
      '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      '<a href="&xxe;">x</a>',
    ],
  ])("never reads an external entity: %s", async (_name, doctype, use) => {
    const feed = await parse(`${doctype}<rss version="2.0"><channel><item><title>${use}</title>
      <description>${use}</description></item></channel></rss>`);
    const json = JSON.stringify(feed);
    expect(json).not.toMatch(/root:|nologin|\/bin\/(ba)?sh/);
    expect(feed.entries).toHaveLength(1);
  });
});

describe("hostile input stays linear", () => {
  const item = (inner: string) => `<rss version="2.0"><channel><item>${inner}</item></channel></rss>`;
  it.each([
    ["many unclosed tags in escaped HTML", item(`<description>${"&lt;p ".repeat(200_000)}</description>`)],
    ["many unclosed tags in markup", item(`<description>${"<p>".repeat(200_000)}</description>`)],
    ["many stray <", item(`<title>${"< ".repeat(300_000)}</title>`)],
    ["many ampersands", item(`<title>${"&".repeat(500_000)}</title>`)],
    ["many stray end tags", item(`<title>${"</x>".repeat(200_000)}</title>`)],
    ["an unterminated quote", item(`<title a="${"x".repeat(500_000)}`)],
    ["many attributes", item(`<title ${Array.from({ length: 50_000 }, (_, i) => `a${i}="1"`).join(" ")}>t</title>`)],
    ["many comments and PIs", item(`<title>${"<!-- c --><?p x?>".repeat(100_000)}t</title>`)],
    ["an unterminated CDATA", item(`<description><![CDATA[${"<p".repeat(300_000)}`)],
  ])("%s", async (_name, xml) => {
    // Unterminated quotes and CDATA swallow the root's end tag: such bodies are truncated, rejected as quickly.
    await parse(xml).catch((error: unknown) => {
      expect(error).toBeInstanceOf(ParseError);
      expect(String(error)).toMatch(/ends before its root/);
    });
  });

  it("gives up on absurdly deep nesting outside text elements", async () => {
    await expect(parse(`<rss><channel>${"<x>".repeat(1000)}</channel></rss>`)).rejects.toThrow("nested over 256 deep");
  });
});

describe("entry limit", () => {
  it("keeps the first 500 of 20,000 items", async () => {
    const items = Array.from(
      { length: 20_000 },
      (_, i) =>
        `<item><title>Item ${i}</title><link>https://example.org/${i}</link><description>Text ${i}</description></item>`,
    ).join("\n");
    const feed = await parse(`<rss version="2.0"><channel><title>Big</title>${items}</channel></rss>`);
    expect(feed.entries).toHaveLength(500);
    expect(feed.entries[0]?.title).toBe("Item 0");
    expect(feed.entries[499]?.title).toBe("Item 499");
  });

  it("keeps the first 500 of 20,000 Atom entries and JSON Feed items", async () => {
    const entries = Array.from({ length: 20_000 }, (_, i) => `<entry><id>${i}</id></entry>`).join("");
    expect((await parse(`<feed xmlns="http://www.w3.org/2005/Atom">${entries}</feed>`)).entries).toHaveLength(500);
    const items = Array.from({ length: 20_000 }, (_, i) => ({ id: String(i) }));
    const json = await parse(JSON.stringify({ version: "https://jsonfeed.org/version/1.1", items }));
    expect(json.entries.map((entry) => entry.guid).slice(-1)).toEqual(["499"]);
  });
});
