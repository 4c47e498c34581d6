import fc from "fast-check";
import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { activeMarkupIn } from "../../../../tests/helpers/html-reading.ts";
import { htmlToText } from "./text.ts";

// The active elements of the plain-text rule, and what makes any tag active.
const ACTIVE = new Set([
  ...["script", "iframe", "frame", "frameset", "portal", "svg", "math", "object", "embed", "applet", "img"],
  ...["image", "source", "video", "audio", "track", "bgsound", "meta", "link", "base", "style", "form"],
  ...["input", "button", "select", "option", "optgroup", "datalist", "textarea", "keygen", "isindex"],
]);
const activeAttribute = (name: string, value: string) =>
  /^on/i.test(name) ||
  name === "style" ||
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore these characters in a URL's scheme
  /(?:^|[^a-z0-9+.-])(?:javascript|vbscript|data|livescript):/i.test(value.replace(/[\u0000-\u0020]+/g, ""));

/**
 * The active tags an HTML reader finds in `text`, read as HTML the way a careless consumer would insert it: by
 * htmlparser2 (which knows fewer raw-text elements than browsers) and by parse5 (as browsers read it).
 */
function activeTagsIn(text: string): string[] {
  const found: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (ACTIVE.has(name) || Object.entries(attributes).some(([k, v]) => activeAttribute(k, v))) found.push(name);
    },
  });
  parser.write(text);
  parser.end();
  return [...found, ...activeMarkupIn(text)];
}

describe("plain text never carries an active tag, however it is split and nested", () => {
  it.each([
    ["a script split by another", "&lt;scr&lt;script&gt;ipt&gt;alert(1)&lt;/script&gt; after"],
    ["a script split twice", "&lt;scr&lt;scr&lt;script&gt;ipt&gt;ipt&gt;z"],
    ["a `<` before a dropped tag", "A &lt;&lt;script&gt;script&gt;alert(1)&lt;&lt;/script&gt;/script&gt; B"],
    ["an iframe split", "x &lt;ifr&lt;iframe&gt;ame src=y&gt; z"],
    ["an image with a handler, split", "x &lt;im&lt;img&gt;g src=x onerror=alert(1)&gt; z"],
    ["a handler joined across a dropped tag", "&lt;b src=x &lt;&lt;script&gt;onerror=alert(1)&gt; z"],
    ["raw HTML split", "<scr<script>ipt>alert(1)</script> after"],
    ["svg twice", "pre &lt;svg&gt;&lt;svg onload=alert(1)&gt; post"],
    ["a run of `<` before a dropped tag", "<<&lt;iframe&gt;script>alert(1)"],
    ["a run of `<` and `/` before a dropped tag", "&lt;&lt;/&lt;&lt;iframe&gt;img src=x onerror=alert(1)&gt;"],
    ["a meta refresh to javascript:", 'A <meta http-equiv="refresh" content="0;url=javascript:alert(1)"> B'],
    ["the same, escaped", "A &lt;meta http-equiv=&quot;refresh&quot; content=&quot;0; URL=javascript:x&quot;&gt; B"],
    ["a refresh to a data: document", "A &lt;meta http-equiv=refresh content='1,url=data:text/html,x'&gt; B"],
    [
      "a style sheet link, a base, a style",
      "A &lt;link rel=stylesheet href=//evil/x.css&gt;&lt;base href=//evil/&gt;<style>",
    ],
    ["a form and its controls", "A <form action=//evil><input name=p><button formaction=//evil>Go</button></form> B"],
    ["a handler after a quoted `>`", 'A &lt;x title="&gt;" onclick="alert(1)"&gt; B'],
    ["a javascript: link escaped twice", "A &amp;lt;a href=&quot;&amp;amp;#106;avascript:x&quot;&amp;gt;B"],
    ["a tab inside the scheme", "A &lt;a href=&quot;java&amp;#9;script:x&quot;&gt;B"],
    [
      "a handler after a title's end",
      "A &lt;title&gt;&lt;a title=&quot;&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&gt;",
    ],
    [
      "a handler after a comment's end",
      "A &lt;!-- &lt;a title=&quot; --&gt;&lt;img src=x onerror=alert(1)&gt; &quot;&gt;",
    ],
    [
      "a handler after a noscript's end",
      "&lt;noscript&gt;&lt;p title=&quot;&lt;/noscript&gt;&lt;img src=x onerror=1&gt;&quot;&gt;",
    ],
    ["a style attribute", "A &lt;x style=&quot;position:fixed;inset:0&quot;&gt;B"],
    ["an unterminated tag another field may close", "A &lt;a href=&quot;javascript:alert(1)"],
    ["a quote in an end tag, which lenient readers end at its first `>`", '</ipt title="</noscript>&lt;iframe&gt;'],
  ])("%s", (_name, html) => {
    const text = htmlToText(html) ?? "";
    expect(activeTagsIn(text)).toEqual([]);
  });

  it("keeps the words around and the tag-like runs that are no markup", () => {
    // HTML reads `<im<img>` as one element named `im<img`: no image.
    expect(htmlToText("x &lt;im&lt;img&gt;g src=1&gt; z")).toBe("x <im<img>g src=1> z");
    expect(htmlToText("&lt;&lt;script&gt;script&gt;alert(1) z")).toBe("script>alert(1) z");
    expect(htmlToText("the &lt;head&gt; element &lt;script&gt; and 1 &lt; 2")).toBe("the <head> element and 1 < 2");
    expect(htmlToText('Title <meta http-equiv="refresh" content="0;url=javascript:alert(1)"> words')).toBe(
      "Title words",
    );
    expect(htmlToText("Use &lt;form&gt; and &lt;input&gt; &lt;b&gt;carefully&lt;/b&gt;")).toBe(
      "Use and <b>carefully</b>",
    );
    expect(htmlToText('A &lt;x title="&gt;" onclick="alert(1)"&gt; B')).toBe("A B");
  });

  it("holds for any mix of fragments of active tags", () => {
    const fragment = fc.constantFrom(
      "<",
      "</",
      "&lt;",
      "&lt;/",
      ">",
      "&gt;",
      "scr",
      "ipt",
      "script",
      "<script>",
      "&lt;script&gt;",
      "im",
      "g",
      "img",
      " src=x",
      " onerror=alert(1)",
      "&lt;iframe&gt;",
      "ifr",
      "ame",
      "svg",
      " onload=x",
      " href=javascript:x",
      "a",
      " ",
      "word",
      "<meta",
      "&lt;meta",
      " http-equiv=refresh",
      ' content="0;url=javascript:x"',
      " content=0;URL=data:text/html,x",
      "<link",
      "&lt;base",
      "<style>",
      "&lt;/style&gt;",
      "<form",
      "&lt;input",
      "button",
      " style=x",
      ' title="',
      " title='",
      '"',
      "'",
      "=",
      "<!--",
      "-->",
      "&lt;!--",
      "--&gt;",
      "<title>",
      "&lt;/title&gt;",
      "&lt;noscript&gt;",
      "</noscript>",
      "&amp;#106;avascript:x",
      " href=",
      "&amp;lt;",
      "&amp;gt;",
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 24 }), (parts) => {
        const text = htmlToText(parts.join("")) ?? "";
        expect(activeTagsIn(text)).toEqual([]);
      }),
      { numRuns: 20_000 },
    );
  });
});
