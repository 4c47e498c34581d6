/** Authors: an address that names nobody is no author; an Atom entry takes its source's author before the feed's. */
import { describe, expect, it } from "vitest";
import { readFeed } from "../normalize/index.ts";
import { firstAuthor, namesSomebody } from "./authors.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const authorOf = async (body: string) =>
  (await readFeed(encode(body), { url: "https://feeds.example/f", sourceId: "s", now: new Date() })).items[0]?.author;
const ATOM = "http://www.w3.org/2005/Atom";
const DC = "http://purl.org/dc/elements/1.1/";
const rss = (item: string) =>
  `<rss version="2.0" xmlns:dc="${DC}"><channel><title>T</title><item><title>I</title>${item}</item></channel></rss>`;
const atom = (feed: string, entry: string) =>
  `<feed xmlns="${ATOM}"><title>T</title>${feed}<entry><id>1</id><title>I</title>${entry}</entry></feed>`;
const json = (feed: object, item: object) =>
  JSON.stringify({ version: "https://jsonfeed.org/version/1.1", ...feed, items: [{ id: "1", ...item }] });

describe("namesSomebody", () => {
  it.each([
    "noreply@blogger.com",
    "NoReply@Example.org",
    "no-reply@example.org",
    "nobody@example.org",
    "mailto:noreply@example.org",
    "noreply@blogger.com (Unknown)",
    "  ",
  ])("is false for %j", (author) => {
    expect(namesSomebody(author)).toBe(false);
  });

  it.each(["Jane Doe", "noreply@blogger.com (Jane Doe)", "jane@example.org", "Nobody Special", "replyall@example.org"])(
    "is true for %j",
    (author) => {
      expect(namesSomebody(author)).toBe(true);
    },
  );

  it("gives the first candidate that names somebody", () => {
    expect(firstAuthor([null, "noreply@blogger.com", " Jane "])).toBe("Jane");
    expect(firstAuthor(["nobody@example.org"])).toBeNull();
  });
});

describe("an address that names nobody is no author, in every format", () => {
  it.each([
    ["RSS author", rss("<author>noreply@blogger.com</author>"), null],
    ["RSS author with Blogger's (Unknown)", rss("<author>noreply@blogger.com (Unknown)</author>"), null],
    ["RSS author with a name", rss("<author>noreply@blogger.com (Jane Doe)</author>"), "Jane Doe"],
    ["RSS dc:creator", rss("<dc:creator>no-reply@example.org</dc:creator>"), null],
    [
      "RSS: the next author that names somebody",
      rss("<dc:creator>nobody@example.org</dc:creator><author>ann@example.org (Ann)</author>"),
      "Ann",
    ],
    ["Atom author name", atom("", "<author><name>noreply@blogger.com</name></author>"), null],
    [
      "Atom: the feed's author after an entry's nobody",
      atom("<author><name>Feed Author</name></author>", "<author><name>nobody@example.org</name></author>"),
      "Feed Author",
    ],
    ["JSON Feed authors", json({}, { authors: [{ name: "noreply@blogger.com" }, { name: "Ann" }] }), "Ann"],
    ["JSON Feed feed author", json({ authors: [{ name: "no-reply@example.org" }] }, {}), null],
  ])("%s", async (_name, body, expected) => {
    expect(await authorOf(body)).toBe(expected);
  });
});

describe("an Atom entry without an author takes its source's before the feed's (RFC 4287 §4.2.1)", () => {
  const source = (author: string) =>
    `<source><id>urn:original</id><title>Original</title><updated>2024-01-01T00:00:00Z</updated>${author}</source>`;
  it.each([
    [
      "its source's author",
      atom("<author><name>Aggregator</name></author>", source("<author><name>Original Author</name></author>")),
      "Original Author",
    ],
    [
      "its own author before its source's",
      atom("", `<author><name>Own</name></author>${source("<author><name>Original Author</name></author>")}`),
      "Own",
    ],
    ["its source's dc:creator", atom("", source(`<dc:creator xmlns:dc="${DC}">Creator</dc:creator>`)), "Creator"],
    [
      "the feed's, when its source names nobody",
      atom("<author><name>Aggregator</name></author>", source("<author><name>noreply@blogger.com</name></author>")),
      "Aggregator",
    ],
    [
      "the feed's, when its source has none",
      atom("<author><name>Aggregator</name></author>", source("")),
      "Aggregator",
    ],
  ])("%s", async (_name, body, expected) => {
    expect(await authorOf(body)).toBe(expected);
  });
});
