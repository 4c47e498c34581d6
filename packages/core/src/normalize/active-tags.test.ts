import fc from "fast-check";
import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { htmlToText } from "./text.ts";

// The active elements of the plain-text rule, and what makes any tag active.
const ACTIVE = new Set(["script", "iframe", "frame", "frameset", "svg", "math", "object", "embed", "applet", "img"]);
const activeAttribute = (name: string, value: string) =>
  /^on/i.test(name) || /^\s*(?:javascript|vbscript|data|livescript):/i.test(value);

/** The active tags an HTML reader finds in `text`, read as HTML the way a careless consumer would insert it. */
function activeTagsIn(text: string): string[] {
  const found: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (ACTIVE.has(name) || Object.entries(attributes).some(([k, v]) => activeAttribute(k, v))) found.push(name);
    },
  });
  parser.write(text);
  parser.end();
  return found;
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
  ])("%s", (_name, html) => {
    const text = htmlToText(html) ?? "";
    expect(activeTagsIn(text)).toEqual([]);
  });

  it("keeps the words around and the tag-like runs that are no markup", () => {
    // HTML reads `<im<img>` as one element named `im<img`: no image.
    expect(htmlToText("x &lt;im&lt;img&gt;g src=1&gt; z")).toBe("x <im<img>g src=1> z");
    expect(htmlToText("&lt;&lt;script&gt;script&gt;alert(1) z")).toBe("script>alert(1) z");
    expect(htmlToText("the &lt;head&gt; element &lt;script&gt; and 1 &lt; 2")).toBe("the <head> element and 1 < 2");
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
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 24 }), (parts) => {
        const text = htmlToText(parts.join("")) ?? "";
        expect(activeTagsIn(text)).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });
});
