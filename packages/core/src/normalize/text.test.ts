import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { removeControls } from "../characters.ts";
import { SUMMARY_MAX } from "../item.ts";
import { collapse, htmlToText, truncate } from "./text.ts";

describe("htmlToText", () => {
  it("reads text without a tag or an entity as itself, collapsed", () => {
    const plain = fc.string({
      unit: fc.constantFrom("a", "É", " ", "  ", "\n", "\t", ">", '"', "'", "=", "/", "😀", "\u00a0", "-"),
    });
    fc.assert(
      fc.property(plain, (text) => {
        expect(htmlToText(text)).toBe(collapse(text));
      }),
    );
    expect(htmlToText('Section 12 > Europe "live"')).toBe('Section 12 > Europe "live"');
  });

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
    ["decodes entities after removing tags", "&lt;head&gt;", "<head>"],
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
  ])("reads hostile input with %s (its time is measured by `npm run bench -- parse`)", (_name, html) => {
    const text = htmlToText(html);
    // Whatever it reads, it never invents text: no markup survives and nothing grows.
    expect(text === null || !/<[a-z]/i.test(text.replace(/< /g, ""))).toBe(true);
    expect((text ?? "").length).toBeLessThanOrEqual(html.length);
  });
});

describe("htmlToText keeps every word", () => {
  const NON_TEXT = ["head", "title", "template", "noscript", "xmp"];
  const ACTIVE = ["script", "svg", "math", "iframe", "object", "style", "textarea", "select", "option"];
  it.each(NON_TEXT)("keeps an unclosed <%s> as a literal word, escaped or not", (name) => {
    expect(htmlToText(`A short tour of the &lt;${name}&gt; elements`)).toBe(`A short tour of the <${name}> elements`);
    expect(htmlToText(`A short tour of the <${name}> elements`)).toBe(`A short tour of the <${name}> elements`);
    expect(htmlToText(`A <b>short</b> tour of the <${name}> elements`)).toBe(`A short tour of the <${name}> elements`);
  });

  it.each(ACTIVE)("drops an unclosed <%s> tag but keeps the words around it, escaped or not", (name) => {
    expect(htmlToText(`A short tour of the &lt;${name}&gt; elements`)).toBe("A short tour of the elements");
    expect(htmlToText(`A short tour of the <${name}> elements`)).toBe("A short tour of the elements");
  });

  it.each([...NON_TEXT, ...ACTIVE])("drops a closed <%s> element with its content", (name) => {
    expect(htmlToText(`before <${name}>inside</${name}> after`)).toBe("before after");
  });

  it.each([
    ["an image with an event handler", "<img src=x onerror=alert(1)>Headline", "Headline"],
    ["the same, escaped", "&lt;img src=x onerror=alert(1)&gt;Headline", "Headline"],
    ["any tag with a handler", 'Top <span onmouseover="x()">story</span>', "Top story"],
    ["an unknown tag with a handler", "Top <foo onclick=x>story", "Top story"],
    ["a javascript: link", '<a href="javascript:alert(1)">Click</a> here', "Click here"],
    ["an escaped javascript: link", "&lt;a href=&quot;javascript:x&quot;&gt;Click", "Click"],
    ["an unterminated escaped image at the end", "Headline &lt;img src=x onerror=alert(1)", "Headline"],
    ["an embed and an object", "a<embed src=x.swf>b<object data=x>c</object>d", "abd"],
  ])("drops active markup: %s", (_name, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });

  it.each([
    ["a tag-like word", "the <foo> element", "the <foo> element"],
    ["an end tag of an unknown element", "a </head> b", "a </head> b"],
    ["a less-than sign before a digit", "I <3 feeds", "I <3 feeds"],
    ["comparison", "if a < b and c > d", "if a < b and c > d"],
  ])("keeps literal text: %s", (_name, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });
});

describe("removeControls and collapse", () => {
  it("keeps tab and line breaks, removes other controls, lone surrogates and non-characters", () => {
    expect(removeControls("a\tb\nc\r\u0000\u001b\u007f\u0085\ud800\uffff😀")).toBe("a\tb\nc\r😀");
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
