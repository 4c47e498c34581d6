import { describe, expect, it } from "vitest";
import { decodeReferences } from "./entities.ts";

describe("decodeReferences", () => {
  it.each([
    ["no references", "plain text", "plain text"],
    ["the five XML entities", "&amp;&lt;&gt;&quot;&apos;", "&<>\"'"],
    ["HTML entities, undeclared", "caf&eacute;&nbsp;&mdash;", "café\u00a0—"],
    ["entities are case-sensitive", "&Eacute;&eacute;", "Éé"],
    ["two-code-point entities", "&NotEqualTilde;", "\u2242\u0338"],
    ["a bare ampersand reads literally", "AT&T & co", "AT&T & co"],
    ["a name without semicolon is text", "&nbsp x", "&nbsp x"],
    ["unknown and declared entities are kept as text", "&lol9; &xxe;", "&lol9; &xxe;"],
    ["numeric references", "&#233;&#xE9;&#x1F600;", "éé😀"],
    ["references to forbidden characters are dropped", "a&#0;b&#x1;c&#xD800;d&#x110000;e", "abcde"],
    ["tab and line feeds are allowed", "&#9;&#10;&#13;", "\t\n\r"],
    ["overlong numbers are text", "&#99999999999;", "&#99999999999;"],
    ["object prototype names are not entities", "&constructor; &toString;", "&constructor; &toString;"],
    ["a semicolon too far ends no reference", `&${"a".repeat(50)};`, `&${"a".repeat(50)};`],
  ])("%s", (_name, input, expected) => {
    expect(decodeReferences(input)).toBe(expected);
  });

  it("decodes every reference of a long run (its time is measured by `npm run bench -- parse`)", () => {
    expect(decodeReferences("&amp;x".repeat(300_000))).toBe("&x".repeat(300_000));
    expect(decodeReferences("&".repeat(1_000_000))).toBe("&".repeat(1_000_000));
  });
});
