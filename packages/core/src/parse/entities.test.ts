import { describe, expect, it } from "vitest";
import { fixReferences } from "./entities.ts";

describe("fixReferences", () => {
  it.each([
    ["no references", "plain text", "plain text"],
    ["the five XML entities stay", "&amp;&lt;&gt;&quot;&apos;", "&amp;&lt;&gt;&quot;&apos;"],
    ["HTML entities become numeric", "caf&eacute;&nbsp;&mdash;", "caf&#233;&#160;&#8212;"],
    ["entities are case-sensitive", "&Eacute;&eacute;", "&#201;&#233;"],
    ["two-code-point entities", "&NotEqualTilde;", "&#8770;&#824;"],
    ["a bare ampersand is escaped", "AT&T & co", "AT&amp;T &amp; co"],
    ["a name without semicolon is text", "&nbsp x", "&amp;nbsp x"],
    ["unknown and declared entities are kept as text", "&lol9; &xxe;", "&amp;lol9; &amp;xxe;"],
    ["valid numeric references stay", "&#233;&#xE9;&#x1F600;", "&#233;&#233;&#128512;"],
    ["references to forbidden characters are dropped", "a&#0;b&#x1;c&#xD800;d&#x110000;e", "abcde"],
    ["tab and line feeds are allowed", "&#9;&#10;&#13;", "&#9;&#10;&#13;"],
    ["overlong numbers are text", "&#99999999999;", "&amp;#99999999999;"],
    ["object prototype names are not entities", "&constructor; &toString;", "&amp;constructor; &amp;toString;"],
  ])("%s", (_name, input, expected) => {
    expect(fixReferences(input)).toBe(expected);
  });

  it("escapes every ampersand of a long run (its time is measured by `npm run bench -- parse`)", () => {
    const out = fixReferences("&".repeat(1_000_000));
    expect(out).toBe("&amp;".repeat(1_000_000));
  });
});
