import { describe, expect, it } from "vitest";
import { utf8Body } from "./decode.ts";
import { parseFeed } from "./index.ts";
import { scanXml, type XmlSink } from "./xml-scan.ts";

const URL_ = "https://example.org/feed.xml";
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));
const parse = (body: Uint8Array, contentType?: string, knownEntries?: ReadonlySet<string>) =>
  parseFeed(body, { url: URL_, contentType, knownEntries });
const item = (title: string, n = 1) => `<item><title>${title}</title><guid>urn:${n}</guid></item>`;
const rss = (items: string, head = "") =>
  `${head}<rss version="2.0" xmlns:x="https://x.example/"><channel><title>Café</title>${items}</channel></rss>`;

/** Every event a scan reports, text decoded, in order. */
function events(text: string): string[] {
  const bytes = Buffer.from(text, "utf8");
  const out: string[] = [];
  const sink: XmlSink = {
    done: false,
    text: (from, to) => out.push(`text ${bytes.toString("utf8", from, to)}`),
    cdata: (from, to) => out.push(`cdata ${bytes.toString("utf8", from, to)}`),
    open: (name, attributes, selfClosing) =>
      out.push(`open ${name}${attributes.map(([k, v]) => ` ${k}=${v}`).join("")}${selfClosing ? " /" : ""}`),
    close: (name) => out.push(`close ${name}`),
  };
  scanXml(bytes, sink);
  return out;
}

describe("scanning UTF-8 bytes", () => {
  it("reports tags, attributes, text and CDATA with multi-byte characters intact", () => {
    expect(events(`<a b="é—😀" c='x'>Grüße <![CDATA[<ß>]]></a>`)).toEqual([
      "open a b=é—😀 c=x",
      "text Grüße ",
      "cdata <ß>",
      "close a",
    ]);
  });

  it("reads names by Unicode category: letters anywhere, digits and marks after the first character", () => {
    expect(events("<x:créé>1</x:créé><日本>2</日本><é2/>")).toEqual([
      "open x:créé",
      "text 1",
      "close x:créé",
      "open 日本",
      "text 2",
      "close 日本",
      "open é2 /",
    ]);
  });

  it("reads a `<` before a character that starts no name as text, one run with the text around it", () => {
    expect(events("<t>a <— b < c <2 </ d</t>")).toEqual(["open t", "text a <— b < c <2 </ d", "close t"]);
  });

  it("reads a `<` before bytes that are not UTF-8 as text", () => {
    const bytes = Buffer.concat([Buffer.from("<t>a <"), Buffer.from([0xff, 0xfe]), Buffer.from(" b</t>")]);
    const out: string[] = [];
    scanXml(bytes, {
      done: false,
      text: (from, to) => out.push(bytes.toString("utf8", from, to)),
      cdata: () => {},
      open: (name) => out.push(`<${name}>`),
      close: (name) => out.push(`</${name}>`),
    });
    expect(out).toEqual(["<t>", "a <\ufffd\ufffd b", "</t>"]);
  });
});

describe("reading feeds from bytes", () => {
  it("reads UTF-8 with and without a byte order mark alike, hashes included", async () => {
    const text = rss(item("Ünïcödé — 😀"));
    const plain = await parse(utf8(text));
    const marked = await parse(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]));
    expect(marked).toEqual(plain);
    expect(plain.info.title).toBe("Café");
    expect(plain.entries[0]?.title).toBe("Ünïcödé — 😀");
  });

  it("gives an entry the same hash in any encoding its text is written in", async () => {
    const text = rss(item("Café crème"));
    const latin1 = new Uint8Array(Buffer.from(text, "latin1"));
    const fromUtf8 = await parse(utf8(text), "application/rss+xml; charset=utf-8");
    const fromLatin1 = await parse(latin1, "application/rss+xml; charset=iso-8859-1");
    expect(fromLatin1.entries[0]?.title).toBe("Café crème");
    expect(fromLatin1.entryHashes).toEqual(fromUtf8.entryHashes);
  });

  it("reads bytes that are not UTF-8 as U+FFFD and keeps every element around them", async () => {
    const body = Buffer.concat([
      Buffer.from('<rss version="2.0"><channel><title>T</title><item><title>a'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from("b</title><guid>urn:1</guid></item>"),
      Buffer.from(item("next", 2)),
      Buffer.from("</channel></rss>"),
    ]);
    const feed = await parse(new Uint8Array(body));
    expect(feed.entries.map((e) => [e.title, e.guid])).toEqual([
      ["a\ufffd(\ufffdb", "urn:1"],
      ["next", "urn:2"],
    ]);
  });

  it("drops characters XML forbids from text and attribute values", async () => {
    const feed = await parse(
      utf8(
        rss(
          `<item><title>a\u0000b\u0007c\uffff</title><guid>urn:1</guid><enclosure url="https://e.org/\u0001i.jpg" type="image/jpeg"/></item>`,
        ),
      ),
    );
    expect(feed.entries[0]?.title).toBe("abc");
    expect(feed.entries[0]?.images[0]?.url).toBe("https://e.org/i.jpg");
  });

  it("reads an entry left out as known exactly as a full read, multi-byte text included", async () => {
    const body = utf8(rss(item("Ελληνικά", 1) + item("中文标题", 2) + item("עברית", 3)));
    const full = await parse(body);
    const known = new Set([full.entryHashes[0] as string, full.entryHashes[2] as string]);
    const partial = await parse(body, undefined, known);
    expect(partial.entryHashes).toEqual(full.entryHashes);
    expect(partial.entries).toEqual([full.entries[1]]);
  });

  it("returns a UTF-8 body as a view of the same memory, without copying it", () => {
    const body = utf8("<rss/>");
    const { bytes, encoding } = utf8Body(body, "application/rss+xml");
    expect(encoding).toBe("utf-8");
    expect(bytes.buffer).toBe(body.buffer);
    body[1] = 0x52;
    expect(bytes.toString()).toBe("<Rss/>");
  });
});
