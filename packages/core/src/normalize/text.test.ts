import { describe, expect, it } from "vitest";
import { SUMMARY_MAX } from "../item.ts";
import { collapse, htmlToText, stripControls, truncate } from "./text.ts";

describe("htmlToText", () => {
  it.each([
    ["decodes entities", "Caf&eacute; &amp; cr&egrave;me &#8212; &#x27;ok&#39; &nbsp;!", "Café & crème — 'ok' !"],
    ["removes tags", "<p>Hello <b>world</b></p>", "Hello world"],
    ["separates blocks", "<p>one</p><p>two</p>three<br>four<li>five", "one two three four five"],
    ["keeps inline words together", "un<b>believ</b>able", "unbelievable"],
    [
      "drops script, style and the like",
      "a<script>alert('<p>')</script>b<style>p{}</style>c<noscript>x</noscript>",
      "abc",
    ],
    ["drops comments", "a<!-- <p>hidden</p> -->b", "ab"],
    ["keeps a stray <", "1 < 2 and 3 > 2", "1 < 2 and 3 > 2"],
    ["decodes escaped markup as text", "&lt;b&gt;bold&lt;/b&gt;", "<b>bold</b>"],
    ["handles > inside attributes", '<a title="x > y">link</a>', "link"],
    ["drops an unterminated tag", "text <a href='", "text"],
    ["collapses whitespace", "  a \n\t b  ", "a b"],
    ["removes control characters", "a\u0000b\u0007c\u009fd", "abcd"],
    ["decodes entities after removing tags", "&lt;script&gt;", "<script>"],
  ])("%s", (_name, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });

  it.each([[null], [undefined], [""], ["   "], ["<p> </p>"], ["<br/>"]])("is null for %j", (html) => {
    expect(htmlToText(html)).toBeNull();
  });

  it.each([
    ["unclosed tags", "<a ".repeat(200_000)],
    ["unterminated quotes", `<a b='${"x".repeat(500_000)}`],
    ["many script tags without end", "<script>".repeat(100_000)],
    ["many stray <", "< ".repeat(500_000)],
  ])("stays linear with %s", (_name, html) => {
    const started = performance.now();
    htmlToText(html);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe("stripControls and collapse", () => {
  it("keeps tab and line breaks, removes other controls, lone surrogates and non-characters", () => {
    expect(stripControls("a\tb\nc\r\u0000\u001b\u007f\u0085\ud800\uffff😀")).toBe("a\tb\nc\r😀");
  });

  it("collapses to null when empty", () => {
    expect(collapse(" \u0000 ")).toBeNull();
    expect(collapse(" a  b ")).toBe("a b");
  });
});

describe("truncate", () => {
  it("leaves short text alone", () => {
    expect(truncate("short", SUMMARY_MAX)).toBe("short");
    expect(truncate("x".repeat(300), SUMMARY_MAX)).toBe("x".repeat(300));
  });

  it("counts code points, not UTF-16 units, the ellipsis included", () => {
    const out = truncate("😀".repeat(400), SUMMARY_MAX);
    expect(Array.from(out)).toHaveLength(300);
    expect(out).toBe(`${"😀".repeat(299)}…`);
    expect(out.length).toBe(299 * 2 + 1);
  });

  it("cuts at a word boundary near the end", () => {
    const out = truncate(`${"word ".repeat(100)}`, 23);
    expect(out).toBe("word word word word…");
    expect(Array.from(out).length).toBeLessThanOrEqual(23);
  });

  it.each([11, 12])("does not end on a joiner or variation selector (max %i)", (max) => {
    const out = truncate(`${"a".repeat(8)}\u2764\ufe0f\u200d\ud83d\udd25xyz`, max);
    expect(out).toBe(`${"a".repeat(8)}\u2764…`);
  });
});
