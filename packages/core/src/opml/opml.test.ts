import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/index.ts";
import { configFromOpml, OpmlError, readOpml } from "./index.ts";

const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), "testdata");
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(testdata, name)));
const bytes = (text: string) => new TextEncoder().encode(text);
const opml = (body: string, head = "<head><title>Mine</title></head>") =>
  bytes(`<?xml version="1.0" encoding="UTF-8"?><opml version="2.0">${head}<body>${body}</body></opml>`);
const importOf = (data: Uint8Array) => configFromOpml(readOpml(data));
const topicsOf = (data: Uint8Array) => importOf(data).config.topics?.map((t) => [t.slug, t.title, t.sources]);

describe("configFromOpml on the readers' exports", () => {
  it.each([
    {
      file: "miniflux.opml",
      sources: ["responsible-statecraft", "europe-responsible-statecraft", "le-monde-europe"],
      topics: [
        ["all-2", "All", ["responsible-statecraft"]],
        ["europe", "Europe", ["europe-responsible-statecraft", "le-monde-europe"]],
      ],
    },
    {
      file: "freshrss.opml",
      sources: ["freshrss-releases", "asia-pacific", "asia-pacific-2"],
      topics: [
        ["uncategorized", "Uncategorized", ["freshrss-releases"]],
        ["asia-pacific", "Asia & Pacific", ["asia-pacific", "asia-pacific-2"]],
      ],
    },
    {
      file: "feedly.opml",
      sources: ["the-verge", "diplomacy-watch"],
      topics: [
        ["tech", "Tech", ["the-verge"]],
        ["diplomacy", "Diplomacy", ["diplomacy-watch", "the-verge"]],
      ],
    },
    {
      file: "netnewswire.opml",
      sources: ["daring-fireball", "qiosk", "responsiblestatecraft-org-feeds-regions-europe-rss"],
      topics: [
        ["news", "News", ["qiosk", "responsiblestatecraft-org-feeds-regions-europe-rss"]],
        ["news-europe", "News / Europe", ["responsiblestatecraft-org-feeds-regions-europe-rss"]],
      ],
    },
  ])("$file: a source per feed, a topic per folder and one of everything, valid as it is", (c) => {
    const { config } = importOf(fixture(c.file));
    expect(config.sources?.map((s) => s.id)).toEqual(c.sources);
    expect(topicsOf(fixture(c.file))).toEqual([["all", "All subscriptions", ["*"]], ...c.topics]);
    expect(() => validateConfig(JSON.parse(JSON.stringify(config)))).not.toThrow();
  });
});

describe("configFromOpml", () => {
  it("keeps a feed listed twice as one source, in every folder it is in, and says so", () => {
    const { config, notes } = importOf(
      opml(`<outline text="A"><outline text="X" xmlUrl="https://x.example/feed"/></outline>
            <outline text="B"><outline text="X again" xmlUrl="https://x.example/feed"/></outline>
            <outline text="X" xmlUrl="https://x.example/feed"/>
            <outline text="X plain" xmlUrl="HTTP://X.example:80/feed#top"/>`),
    );
    expect(config.sources).toEqual([{ id: "x", url: "https://x.example/feed", title: "X" }]);
    expect(config.topics?.slice(1).map((t) => t.sources)).toEqual([["x"], ["x"]]);
    expect(notes).toEqual([
      'merged body.outline[1].outline[0]: the same feed as source "x" (https://x.example/feed)',
      'merged body.outline[2]: the same feed as source "x" (https://x.example/feed)',
      'merged body.outline[3]: the same feed as source "x" (http://x.example/feed)',
    ]);
  });

  it("merges nested folders into their parents' topics", () => {
    const topics = topicsOf(
      opml(`<outline text="World"><outline text="Europe"><outline text="East">
              <outline text="Kyiv" xmlUrl="https://k.example/rss"/></outline>
              <outline text="Paris" xmlUrl="https://p.example/rss"/></outline></outline>`),
    );
    expect(topics).toEqual([
      ["all", "All subscriptions", ["*"]],
      ["world", "World", ["kyiv", "paris"]],
      ["world-europe", "World / Europe", ["kyiv", "paris"]],
      ["world-europe-east", "World / Europe / East", ["kyiv"]],
    ]);
  });

  it("reads outline titles as plain text", () => {
    const { config } = importOf(
      opml(
        `<outline text="News &lt;b&gt;now&lt;/b&gt;"><outline title="&lt;script&gt;alert(1)&lt;/script&gt;Café" xmlUrl="https://news.example/a.rss"/></outline>`,
      ),
    );
    expect(config.sources?.[0]?.title).toBe("Café");
    expect(config.topics?.map((t) => t.title)).toContain("News now");
  });

  it("names a feed with no title by its address and leaves its title to the feed", () => {
    const { config } = importOf(opml(`<outline xmlUrl="https://www.news.example/world/rss.xml"/>`, ""));
    expect(config.title).toBe("My subscriptions");
    expect(config.sources).toEqual([
      { id: "news-example-world-rss-xml", url: "https://www.news.example/world/rss.xml" },
    ]);
  });

  it("makes ids and slugs unique and valid from any title", () => {
    const { config } = importOf(
      opml(`<outline text="Ünïcode ★ Folder"><outline text="Café" xmlUrl="https://a.example/"/>
            <outline text="café!" xmlUrl="https://b.example/"/><outline text="★" xmlUrl="https://c.example/x"/>
            <outline text="${"Long ".repeat(20)}" xmlUrl="https://d.example/"/></outline><outline text="★"/>`),
    );
    const ids = config.sources?.map((s) => s.id);
    expect(ids?.slice(0, 3)).toEqual(["cafe", "cafe-2", "c-example-x"]);
    expect(ids?.[3]).toMatch(/^long(-long)+$/);
    expect(ids?.[3]?.length).toBeLessThanOrEqual(64);
    expect(config.topics?.map((t) => t.slug)).toEqual(["all", "unicode-folder"]);
  });

  it("reads feed: URLs as http(s) and skips other schemes and outlines without a URL, saying why", () => {
    const { config, notes } = importOf(
      opml(`<outline text="A" xmlUrl="feed://a.example/rss"/><outline text="B" xmlUrl="feed:https://b.example/rss"/>
            <outline text="C" xmlUrl="file:///etc/passwd"/><outline text="D" type="rss"/>
            <outline text="E" xmlUrl="not a url"/><outline text="F" xmlUrl="javascript:alert(1)"/>`),
    );
    expect(config.sources?.map((s) => s.url)).toEqual(["http://a.example/rss", "https://b.example/rss"]);
    expect(notes).toEqual([
      'skipped body.outline[2] "C": not an http(s) URL (file:): "file:///etc/passwd"',
      'skipped body.outline[3] "D": has no xmlUrl',
      'skipped body.outline[4] "E": not a URL: "not a url"',
      'skipped body.outline[5] "F": not an http(s) URL (javascript:): "javascript:alert(1)"',
    ]);
  });

  it("skips a feed URL with a user name or password, saying so without showing them", () => {
    const { config, notes } = importOf(
      opml(`<outline text="A" xmlUrl="https://a.example/rss"/>
            <outline text="B" xmlUrl="https://alice:hunter2@b.example/rss"/>
            <outline text="C" xmlUrl="ftp://alice:hunter2@c.example/rss"/>`),
    );
    expect(config.sources?.map((s) => s.url)).toEqual(["https://a.example/rss"]);
    expect(notes).toEqual([
      'skipped body.outline[1] "B": has a user name or password in its URL, which is shown publicly: add ' +
        "https://b.example/rss by hand, with the credentials in its headers (e.g. an Authorization header)",
      'skipped body.outline[2] "C": not an http(s) URL (ftp:): "ftp://c.example/rss"',
    ]);
  });

  it("decodes the declared encoding and entities, and expands no DOCTYPE entity", () => {
    const latin1 = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><opml version="1.0"><body><outline text="'),
      Buffer.from([0x43, 0x61, 0x66, 0xe9]),
      Buffer.from(' &amp; &#x2014; &#8212;" xmlUrl="https://a.example/?x=1&amp;y=2"/></body></opml>'),
    ]);
    expect(importOf(new Uint8Array(latin1)).config.sources).toEqual([
      { id: "cafe", url: "https://a.example/?x=1&y=2", title: "Café & — —" },
    ]);
    const laughs = bytes(`<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>
      <opml version="2.0"><head><title>&b;</title></head><body><outline text="&b;" xmlUrl="https://a.example/"/></body></opml>`);
    const { config } = importOf(laughs);
    expect(JSON.stringify(config)).not.toContain("aaaaa");
  });

  it.each([
    ["malformed XML", "<opml><body><outline></body></opml>", /^opml: malformed XML at line 1, column \d+: /],
    ["a document cut short", '<opml version="2.0"><body><outline text="a"/>', /^opml: malformed XML at line 1/],
    ["an HTML page", "<html><body><p>hello</p></body></html>", /root element is <html>, not <opml>/],
    ["no body", '<opml version="2.0"><head/></opml>', /<opml> has no <body>/],
    ["no feed at all", '<opml version="2.0"><body><outline text="Empty folder"/></body></opml>', /no feeds/],
    ["an empty file", "  ", /empty file/],
  ])("refuses %s with the reason", (_name, text, reason) => {
    expect(() => importOf(bytes(text))).toThrow(OpmlError);
    expect(() => importOf(bytes(text))).toThrow(reason);
  });

  it.each([
    [
      "several elements left open",
      '<opml version="2.0"><body><outline text="a"/>',
      "opml: malformed XML at line 1, column 46: the file ends before <body>, <opml> close",
    ],
    [
      "several elements left open, over lines",
      '<?xml version="1.0"?>\n<opml version="2.0">\n<body>\n  <outline text="News">\n    <outline text="a"/>',
      "opml: malformed XML at line 5, column 24: the file ends before <outline>, <body>, <opml> close",
    ],
    [
      "one element left open",
      '<opml version="2.0">\n  <body><outline text="a"/></body>',
      "opml: malformed XML at line 2, column 35: the file ends before <opml> (opened at line 1, column 1) closes",
    ],
    ["no element at all", "<!-- nothing -->", "opml: malformed XML: no element (an OPML file is an <opml> element)"],
  ])("says where a malformed file goes wrong in one line of words: %s", (_name, text, message) => {
    let thrown: unknown;
    try {
      readOpml(bytes(text));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OpmlError);
    expect((thrown as Error).message).toBe(message);
  });
});
