import { describe, expect, it } from "vitest";
import { escapeHtml, escapeHtmlAttribute, isXmlChar, removeControls, removeInvalidXmlChars } from "./characters.ts";

describe("removeInvalidXmlChars", () => {
  it.each([
    ["NUL and C0 controls", "a\u0000b\u0001c\u001fd", "abcd"],
    ["tab, CR and LF stay", "a\tb\r\nc", "a\tb\r\nc"],
    ["lone surrogates", "a\ud800b\udc00c", "abc"],
    ["pairs stay, lone halves around them go", "\uD83E\uDD9C\uD83E\uD83E\uDD9C\uDD9C", "🦜🦜"],
    ["non-characters", "a\ufffeb\uffffc", "abc"],
    ["DEL and C1 controls are XML characters", "a\u007fb\u0085c", "a\u007fb\u0085c"],
  ])("%s", (_name, input, expected) => {
    expect(removeInvalidXmlChars(input)).toBe(expected);
  });

  it("removes exactly the code points isXmlChar refuses", () => {
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      expect(removeInvalidXmlChars(`a${char}b`) === `a${char}b`).toBe(isXmlChar(code));
    }
  });
});

describe("isXmlChar", () => {
  it.each([
    [0x9, true],
    [0x0, false],
    [0x1f, false],
    [0x20, true],
    [0xd800, false],
    [0x10ffff, true],
    [0x110000, false],
  ])("isXmlChar(%i) is %s", (code, expected) => {
    expect(isXmlChar(code)).toBe(expected);
  });
});

describe("removeControls", () => {
  it("removes what XML forbids and DEL and C1 controls too, keeping tab, line breaks and pairs", () => {
    expect(removeControls("a\tb\nc\r\u0000\u001b\u007f\u0085\ud800\uffff😀")).toBe("a\tb\nc\r😀");
  });
});

describe("escaping into HTML", () => {
  it("escapeHtml escapes markup only", () => {
    expect(escapeHtml(`<b>&"'`)).toBe(`&lt;b&gt;&amp;"'`);
  });

  it("escapeHtmlAttribute escapes double quotes too", () => {
    expect(escapeHtmlAttribute(`<b a="x">&'`)).toBe(`&lt;b a=&quot;x&quot;&gt;&amp;'`);
  });
});
