import { describe, expect, it } from "vitest";
import { HOSTILE, HOSTILE_CLEANED } from "../../../../tests/helpers/feed-samples.ts";
import { childNamed, parseStrictXml } from "../../../../tests/helpers/strict-xml.ts";
import { el, optional, xmlDocument, xmlEscape } from "./xml.ts";

describe("xmlEscape", () => {
  it.each([
    ["a < b & c > d", "a &lt; b &amp; c &gt; d"],
    [`"double" 'single'`, "&quot;double&quot; &apos;single&apos;"],
    ["]]>", "]]&gt;"],
    ["&amp;", "&amp;amp;"],
    ["tab\tlf\ncr\r", "tab\tlf\ncr&#13;"],
    ["nul\u0000 soh\u0001 us\u001f vt\u000b ff\u000c", "nul soh us vt ff"],
    ["lone \uD800 high, lone \uDC00 low", "lone  high, lone  low"],
    ["\uFFFE\uFFFF", ""],
    ["🦜 \uD83E\uDD9C pair kept", "🦜 🦜 pair kept"],
    ["עברית \u202E rtl", "עברית \u202E rtl"],
    ["\u0085 \u2028 \uFFFD", "\u0085 \u2028 \uFFFD"],
  ])("%j → %j", (input, expected) => {
    expect(xmlEscape(input)).toBe(expected);
  });
});

describe("el and xmlDocument", () => {
  it("indents children, leaves out null attributes and empty slots, self-closes empty elements", () => {
    const root = el("root", { a: "1", b: null, c: undefined }, [
      el("text", "x & y"),
      null,
      false,
      optional("missing", null),
      optional("present", "", { kind: "empty" }),
      el("empty", { href: "https://example.org/?a=1&b=2" }),
    ]);
    expect(xmlDocument(root)).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<root a="1">',
        "  <text>x &amp; y</text>",
        '  <present kind="empty"></present>',
        '  <empty href="https://example.org/?a=1&amp;b=2"/>',
        "</root>",
        "",
      ].join("\n"),
    );
  });

  it("keeps tab, LF and CR in attributes through attribute-value normalization", () => {
    const xml = xmlDocument(el("root", { value: "a\tb\nc\r\nd" }));
    expect(parseStrictXml(xml).attributes.value).toBe("a\tb\nc\r\nd");
  });

  it("carries hostile text and attributes through a strict parse, cleaned but otherwise intact", () => {
    const xml = xmlDocument(el("root", { title: HOSTILE }, [el("text", HOSTILE)]));
    const root = parseStrictXml(xml);
    expect(root.attributes.title).toBe(HOSTILE_CLEANED);
    expect(childNamed(root, "text").text).toBe(HOSTILE_CLEANED);
    expect(xml).not.toContain("]]>");
    expect(xml).not.toContain("<script>");
  });
});

describe("parseStrictXml (the test helper) rejects", () => {
  it.each([
    ["a control character", "<a>\u0001</a>"],
    ["a lone surrogate", "<a>\uD800</a>"],
    ["a bad entity", "<a>&nbsp;</a>"],
    ["a raw ]]>", "<a>]]></a>"],
    ["mismatched tags", "<a><b></a>"],
    ["two roots", "<a/><b/>"],
    ["a duplicate attribute", '<a x="1" x="2"/>'],
    ["an unbound prefix", "<x:a/>"],
    ["an unquoted attribute", "<a x=1/>"],
  ])("%s", (_name, xml) => {
    expect(() => parseStrictXml(xml)).toThrow();
  });
});
