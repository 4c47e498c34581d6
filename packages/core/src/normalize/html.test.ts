import { describe, expect, it } from "vitest";
import { sanitizeContent } from "./html.ts";
import { MAX_MARKUP_DEPTH } from "./nesting.ts";

const BASE = "https://example.org/posts/1";
const clean = (html: string) => sanitizeContent(html, BASE).html;

describe("sanitizeContent", () => {
  it.each([
    ["script", "<p>a<script>alert(1)</script></p>", "<p>a</p>"],
    ["script, upper case", "<SCRIPT>alert(1)</SCRIPT>b", "b"],
    ["style", '<style>p{}</style><p style="color:red">a</p>', "<p>a</p>"],
    [
      "event handlers",
      '<p onclick="x()" onmouseover="y()">a</p><img src="x.png" onerror="alert(1)">',
      '<p>a</p><img src="https://example.org/posts/x.png" />',
    ],
    [
      "javascript: hrefs",
      '<a href="javascript:alert(1)">x</a><a href=" JaVaScRiPt:alert(1)">y</a>',
      "<a>x</a><a>y</a>",
    ],
    [
      "javascript: hidden with entities",
      '<a href="java&#x09;script:alert(1)">z</a><a href="&#106;avascript:alert(1)">w</a>',
      "<a>z</a><a>w</a>",
    ],
    ["data:text/html links", '<a href="data:text/html;base64,PHNjcmlwdD4=">d</a>', "<a>d</a>"],
    ["data:text/html images", '<img src="data:text/html,<script>alert(1)</script>">', null],
    ["vbscript:", '<a href="vbscript:msgbox(1)">v</a>', "<a>v</a>"],
    ["iframe", '<iframe src="https://evil.example/"></iframe>after', "after"],
    ["svg with script", "<svg><script>alert(1)</script><text>t</text></svg>ok", "ok"],
    ["svg onload", '<svg onload="alert(1)"></svg>ok', "ok"],
    ["forms", '<form action="/x"><input name="a" value="v"><button>b</button><textarea>t</textarea></form>', "b"],
    ["object and embed", '<object data="x.swf"></object><embed src="y.swf">ok', "ok"],
    [
      "meta refresh and base",
      '<meta http-equiv="refresh" content="0;url=https://evil"><base href="https://evil/">ok',
      "ok",
    ],
    ["link and style sheets", '<link rel="stylesheet" href="https://evil/x.css">ok', "ok"],
    [
      "srcset with javascript:",
      '<img src="a.png" srcset="javascript:alert(1) 1x">',
      '<img src="https://example.org/posts/a.png" />',
    ],
    ["unknown attributes and classes", '<p class="x" id="y" data-z="1">a</p>', "<p>a</p>"],
  ])("removes %s", (_name, html, expected) => {
    expect(clean(html)).toBe(expected);
  });

  it.each([
    ["formatting and structure", "<h2>T</h2><p><b>b</b> <em>e</em></p><ul><li>l</li></ul><pre><code>c</code></pre>"],
    [
      "tables",
      '<table><thead><tr><th scope="col">h</th></tr></thead><tbody><tr><td colspan="2">d</td></tr></tbody></table>',
    ],
    [
      "figures",
      '<figure><img src="https://example.org/i.png" alt="a" width="10" height="5" /><figcaption>c</figcaption></figure>',
    ],
    ["mailto links", '<a href="mailto:a@example.org">m</a>'],
    ["data:image sources", '<img src="data:image/png;base64,iVBORw0KGgo=" />'],
  ])("keeps %s", (_name, html) => {
    expect(clean(html)).toBe(html);
  });

  it("makes every relative URL absolute", () => {
    const html =
      '<a href="/a">a</a><a href="b">b</a><a href="#c">c</a><a href="//cdn.example.org/d">d</a>' +
      '<img src="../e.png" srcset="f.png 1x, /g.png 2x, h,i.png 3x"><video src="v.mp4" poster="p.jpg"></video>' +
      '<audio src="s.mp3"></audio><picture><source srcset="w.webp" type="image/webp"></picture><blockquote cite="q">q</blockquote>';
    expect(clean(html)).toBe(
      '<a href="https://example.org/a">a</a><a href="https://example.org/posts/b">b</a>' +
        '<a href="https://example.org/posts/1#c">c</a><a href="https://cdn.example.org/d">d</a>' +
        '<img src="https://example.org/e.png" srcset="https://example.org/posts/f.png 1x, https://example.org/g.png 2x, https://example.org/posts/h,i.png 3x" />' +
        '<video src="https://example.org/posts/v.mp4" poster="https://example.org/posts/p.jpg"></video>' +
        '<audio src="https://example.org/posts/s.mp3"></audio>' +
        '<picture><source srcset="https://example.org/posts/w.webp" type="image/webp" /></picture>' +
        '<blockquote cite="https://example.org/posts/q">q</blockquote>',
    );
  });

  it("reports the first image, absolute", () => {
    expect(
      sanitizeContent('<p>x</p><img src="data:image/png;base64,AA=="><img src="/a.png"><img src="/b.png">', BASE),
    ).toEqual({
      html: '<p>x</p><img src="data:image/png;base64,AA==" /><img src="https://example.org/a.png" /><img src="https://example.org/b.png" />',
      firstImage: "https://example.org/a.png",
    });
  });

  it.each([[null], [""], ["  "], ["<script>x</script>"], ["<img src=''>"]])("is null for %j", (html) => {
    expect(sanitizeContent(html, BASE)).toEqual({ html: null, firstImage: null });
  });

  it("removes control characters", () => {
    expect(clean("<p>a\u0000b\u0007c</p>")).toBe("<p>abc</p>");
    expect(clean("<p>a&#1;b&#x7f;c</p>")).toBe("<p>abc</p>");
  });

  describe("content nested deeper than MAX_MARKUP_DEPTH keeps its text only", () => {
    const nested = (depth: number, inner: string) => `${"<div>".repeat(depth)}${inner}${"</div>".repeat(depth)}`;

    it("keeps the markup of content nested MAX_MARKUP_DEPTH deep (the <b> at that level)", () => {
      const { html } = sanitizeContent(nested(MAX_MARKUP_DEPTH - 1, "<b>Kyiv</b> &amp; Odesa"), null);
      expect(html).toBe(nested(MAX_MARKUP_DEPTH - 1, "<b>Kyiv</b> &amp; Odesa"));
    });

    it("writes the text, escaped, of content one level deeper (the <p>), and of 100,000 levels", () => {
      const inner = '<p>Kyiv &amp; Odesa</p><img src="https://x.example/a.png"><script>alert(1)</script> &lt;b&gt;';
      for (const depth of [MAX_MARKUP_DEPTH, 100_000]) {
        const { html, firstImage } = sanitizeContent(nested(depth, inner), "https://x.example/");
        expect(html, String(depth)).toBe("Kyiv &amp; Odesa &lt;b&gt;");
        expect(firstImage).toBeNull();
      }
    });

    it("counts elements that close each other (<p> in <p>) as the parser nests them", () => {
      const { html } = sanitizeContent("<p>one ".repeat(1_000), null);
      expect(html?.startsWith("<p>one </p><p>one </p>")).toBe(true);
    });
  });

  describe("text without markup (no `<`, no `&`) is only escaped", () => {
    it.each([
      ["plain words", "  Plain words, nothing else.  ", "Plain words, nothing else."],
      ["a greater-than sign", "2 > 1", "2 &gt; 1"],
      ["quotes", `"q" and 'r'`, `"q" and 'r'`],
      ["controls", "a\u0000b\u0007c", "abc"],
    ])("%s", (_name, text, expected) => {
      expect(sanitizeContent(text, BASE)).toEqual({ html: expected, firstImage: null });
    });

    it.each([
      ["a tag", "a <script>alert(1)</script> b", "a  b"],
      ["an entity-encoded tag", "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"],
      ["a numeric reference to a tag", "&#60;img src=x onerror=alert(1)&#62;", "&lt;img src=x onerror=alert(1)&gt;"],
      ["an ampersand", "Q&A &amp; more", "Q&amp;A &amp; more"],
    ])("but never lets markup through: %s", (_name, text, expected) => {
      const html = clean(text);
      expect(html).toBe(expected);
      expect(html).not.toContain("<");
    });
  });
});

describe("sanitizeContent: lazy-loaded images and tracking pixels", () => {
  const GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
  it.each([
    [
      "a data: GIF placeholder, by its data-src",
      `<p><img src="${GIF}" data-src="/a.jpg" class="lazyload" alt="A"></p>`,
      '<p><img src="https://example.org/a.jpg" alt="A" /></p>',
      "https://example.org/a.jpg",
    ],
    [
      "a spinner SVG placeholder, by its data-lazy-src",
      '<img src="/img/spinner.svg" data-lazy-src="a.jpg">',
      '<img src="https://example.org/posts/a.jpg" />',
      "https://example.org/posts/a.jpg",
    ],
    [
      "an image known only through data-srcset",
      `<img src="${GIF}" data-srcset="/s.jpg 480w, /l.jpg 1080w" data-sizes="auto">`,
      '<img srcset="https://example.org/s.jpg 480w, https://example.org/l.jpg 1080w" />',
      "https://example.org/l.jpg",
    ],
    [
      "a lazy image and its <noscript> copy: the copy goes",
      `<img src="${GIF}" data-src="/a.jpg"> <noscript><img src="/a.jpg"></noscript><p>after</p>`,
      '<img src="https://example.org/a.jpg" /> <p>after</p>',
      "https://example.org/a.jpg",
    ],
    [
      "a placeholder with only a <noscript> fallback: the fallback replaces it",
      `<p>before</p><img src="${GIF}">\n<noscript><img src="/real.jpg" alt="R"></noscript>`,
      '<p>before</p>\n<img src="https://example.org/real.jpg" alt="R" />',
      "https://example.org/real.jpg",
    ],
    [
      "a spinner with only a <noscript> fallback",
      '<img src="/loading.gif"><noscript><img src="/real.jpg"></noscript>',
      '<img src="https://example.org/real.jpg" />',
      "https://example.org/real.jpg",
    ],
    [
      "a <noscript> that follows no image, read as content",
      '<p>text</p><noscript><img src="/n.jpg"></noscript>',
      '<p>text</p><img src="https://example.org/n.jpg" />',
      "https://example.org/n.jpg",
    ],
    [
      "a picture's sources by their data-srcset",
      '<picture><source data-srcset="/a.webp" type="image/webp"><img data-src="/a.jpg"></picture>',
      '<picture><source type="image/webp" srcset="https://example.org/a.webp" /><img src="https://example.org/a.jpg" /></picture>',
      "https://example.org/a.jpg",
    ],
    [
      "a FeedBurner counter and a declared 1×1 pixel before the photo",
      '<img src="http://feeds.feedburner.com/~r/X/~4/abc" height="1" width="1"><img src="/t.gif" width="1" height="1"><img src="/p.jpg">',
      '<img src="https://example.org/p.jpg" />',
      "https://example.org/p.jpg",
    ],
    [
      "a tracking pixel alone",
      '<p>Text.</p><img src="https://pixel.wp.com/b.gif?host=example.org" alt=":)" />',
      "<p>Text.</p>",
      null,
    ],
  ])("reads %s", (_name, html, expected, firstImage) => {
    expect(sanitizeContent(html, BASE)).toEqual({ html: expected, firstImage });
  });

  it("keeps an inline data: image that no lazy loader marks", () => {
    const html = `<p>a <img src="${GIF}" alt="dot" /> b</p>`;
    expect(sanitizeContent(html, BASE)).toEqual({ html, firstImage: null });
  });
});
