import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ParseError } from "../errors.ts";
import { parseJsonFeed } from "./json-feed.ts";

const fixture = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url), "utf8");

describe("parseJsonFeed", () => {
  it("reads JSON Feed 1.0: author object, content_text, external_url, numeric id, attachments", () => {
    const { info, entries } = parseJsonFeed(fixture("jsonfeed-1.0.json"));
    expect(info).toEqual({
      title: "JSON 1.0 & friends",
      link: "https://example.org/",
      description: null,
      language: null,
      format: "json",
    });
    expect(entries).toEqual([
      {
        link: "https://example.org/1",
        guid: "1",
        guidIsPermaLink: null,
        title: "First <post>",
        descriptionHtml: "A summary",
        contentHtml: '<p>Hello <a href="/x">x</a></p>',
        author: "Feed Author",
        categories: ["a", "b"],
        published: ["2024-01-05T10:00:00Z"],
        updated: [],
        images: [{ url: "https://example.org/1.png", source: "json", type: null, medium: null }],
        xmlBase: null,
        hash: expect.any(String),
      },
      {
        link: "https://elsewhere.example/2",
        guid: "2",
        guidIsPermaLink: null,
        title: null,
        descriptionHtml: null,
        contentHtml: "Line one<br>Line &lt;two&gt;",
        author: "Item Author",
        categories: [],
        published: [],
        updated: ["2024-01-06T10:00:00+02:00"],
        images: [{ url: "https://example.org/2.jpg", source: "json", type: "image/jpeg", medium: null }],
        xmlBase: null,
        hash: expect.any(String),
      },
    ]);
  });

  it("reads JSON Feed 1.1: authors arrays, banner_image, language", () => {
    const { info, entries } = parseJsonFeed(fixture("jsonfeed-1.1.json"));
    expect(info).toMatchObject({
      title: "JSON 1.1",
      description: "A JSON Feed 1.1",
      language: "en-GB",
      format: "json",
    });
    expect(entries.map((entry) => [entry.guid, entry.author, entry.images.map((image) => image.url)])).toEqual([
      ["https://example.org/a", "Ann", ["https://example.org/a-banner.png"]],
      ["b", "Feed Authors", []],
    ]);
  });

  it.each([
    ["not JSON", "{nope", "parse: malformed JSON"],
    ["an array", "[1]", "parse: not a feed"],
    [
      "without items",
      '{"version":"https://jsonfeed.org/version/1.1","title":"x"}',
      "parse: not a feed: JSON that is not a JSON Feed",
    ],
    [
      "another version URL",
      '{"version":"https://example.org/v1","items":[]}',
      "parse: not a feed: JSON that is not a JSON Feed",
    ],
  ])("rejects %s", (_name, text, message) => {
    expect(() => parseJsonFeed(text)).toThrow(ParseError);
    expect(() => parseJsonFeed(text)).toThrow(message);
  });

  it("skips items that are not objects and fields of the wrong type", () => {
    const { entries } = parseJsonFeed('{"items":[1,null,{"id":{},"title":7,"tags":["x",2,""]}]}');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ guid: null, title: null, categories: ["x"] });
  });
});
