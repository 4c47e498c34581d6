import { describe, expect, it } from "vitest";
import { sniffSyntax } from "./detect.ts";

describe("sniffSyntax", () => {
  it.each([
    ["RSS", '<?xml version="1.0"?>\n<!-- hi --><rss version="2.0"/>', "xml"],
    ["RDF", "<rdf:RDF xmlns:rdf='x'/>", "xml"],
    ["RDF with another prefix", "<r:RDF xmlns:r='x'/>", "xml"],
    ["Atom", '<!DOCTYPE feed><feed xmlns="http://www.w3.org/2005/Atom"/>', "xml"],
    ["Atom after junk", "\n\n  <feed/>", "xml"],
    ["JSON", '  {"version":"https://jsonfeed.org/version/1.1"}', "json"],
  ])("takes %s", (_name, text, expected) => {
    expect(sniffSyntax(Buffer.from(text))).toBe(expected);
  });

  it.each([
    ["an empty body", "", "parse: empty body"],
    ["a blank body", " \n\t ", "parse: empty body"],
    [
      "an HTML page",
      "<!DOCTYPE html><html><head><title>x</title></head></html>",
      "parse: not a feed: looks like an HTML page",
    ],
    [
      "an HTML page without html element",
      "<!doctype html>\n<body>x</body>",
      "parse: not a feed: looks like an HTML page",
    ],
    ["a feed wrapped in HTML", "<html><body><feed></feed></body></html>", "parse: not a feed: looks like an HTML page"],
    ["an HTML fragment", "<p>Hello</p>", "parse: not a feed: looks like an HTML fragment (starts with <p>)"],
    [
      "an XHTML fragment",
      '\n<div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div>',
      "parse: not a feed: looks like an HTML fragment (starts with <div>)",
    ],
    ["other XML", "<?xml version='1.0'?><opml/>", "parse: not a feed: root element <opml>"],
    ["plain text", "Service unavailable", "parse: not a feed: neither XML nor JSON"],
    ["a JSON array", "[]", "parse: not a feed: a JSON array"],
    ["XML without elements", "<?xml version='1.0'?><!-- nothing -->", "parse: malformed XML: no root element"],
  ])("rejects %s", (_name, text, message) => {
    expect(() => sniffSyntax(Buffer.from(text))).toThrow(message);
  });
});
