import { describe, expect, it } from "vitest";
import { decodePage, parsePage, revealTemplates } from "./page.ts";

describe("decodePage", () => {
  const cyrillic = Uint8Array.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]); // "Привет" in windows-1251
  const page = (head: string, body: Uint8Array) =>
    Uint8Array.from([
      ...Buffer.from(`<html><head>${head}</head><body><p>`),
      ...body,
      ...Buffer.from("</p></body></html>"),
    ]);

  it("reads the encoding a <meta> declares, the header's first", () => {
    expect(decodePage(page('<meta charset="windows-1251">', cyrillic))).toContain("Привет");
    expect(
      decodePage(page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', cyrillic)),
    ).toContain("Привет");
    expect(decodePage(page("", cyrillic), "text/html; charset=windows-1251")).toContain("Привет");
  });

  it("reads UTF-8 without a declaration, and windows-1252 when the bytes are not UTF-8", () => {
    expect(decodePage(page("", Buffer.from("Café “quoted”")))).toContain("Café “quoted”");
    expect(decodePage(page("", Uint8Array.from([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94])))).toContain("“Café”");
    expect(decodePage(Uint8Array.from([0xef, 0xbb, 0xbf, 0x3c, 0x70, 0x3e]))).toBe("<p>");
  });
  it("reads a <meta> declaration later in the head than the first 1024 bytes, but not one in a comment or script", () => {
    const filler = `<meta name="description" content="${"x".repeat(1100)}">`;
    expect(decodePage(page(`${filler}<meta charset="windows-1251">`, cyrillic))).toContain("Привет");
    expect(
      decodePage(
        page(`${filler}<!-- <meta charset="windows-1251"> --><script>"<meta charset=koi8-r>"</script>`, cyrillic),
      ),
    ).toContain("Ïðèâåò");
    // A declaration in the body is no head's: the page is read by the default.
    expect(
      decodePage(page(filler, Uint8Array.from([...cyrillic, ...Buffer.from('<meta charset="windows-1251">')]))),
    ).toContain("Ïðèâåò");
  });

  it("reads valid UTF-8 as UTF-8 whatever a declaration says (a page re-encoded, its <meta> kept)", () => {
    const chinese = Buffer.from("人工智能迈上新台阶");
    expect(decodePage(page('<meta charset="gb2312">', chinese))).toContain("人工智能迈上新台阶");
    expect(decodePage(page("", chinese), "text/html; charset=iso-8859-1")).toContain("人工智能迈上新台阶");
    // Plain ASCII says nothing about its encoding: the declaration stands.
    expect(decodePage(page('<meta charset="utf-16">', Buffer.from("plain")))).toContain("plain");
  });
});

describe("parsePage", () => {
  it("parses fragments as documents, and takes an http(s) <base href> as the base", () => {
    expect(parsePage("<p>Hi</p>", "https://a.example/x").document.body.textContent).toBe("Hi");
    expect(parsePage('<head><base href="/dir/"></head><p>Hi</p>', "https://a.example/x").base).toBe(
      "https://a.example/dir/",
    );
    expect(parsePage('<base href="javascript:x"><p>Hi</p>', "https://a.example/x").base).toBe("https://a.example/x");
  });

  it("reads a broken page as browsers build it: a second <html>, text before it, an element between head and body", () => {
    const pages = [
      `<!DOCTYPE html><!--[if IE 8]><!--><html class="ie8"><!--<![endif]--><!--[if !IE]><!--><html><!--<![endif]-->
        <head><title>T</title></head><body><nav>Menu</nav><p>The text.</p></body></html>`,
      `<br /><b>Warning</b>: deprecated call<br />\n<!DOCTYPE html><html><head><title>T</title></head><body><p>The text.</p></body></html>`,
      `<html><head><title>T</title></head><script>var a = 1;</script><div>Stray</div><body><p>The text.</p></body></html>`,
    ];
    for (const html of pages) {
      const { document } = parsePage(html, "https://a.example/x");
      const children = Array.from(document.documentElement.children, (child) => child.tagName);
      expect(children).toEqual(["HEAD", "BODY"]);
      expect(document.body.querySelector("p")?.textContent).toBe("The text.");
    }
  });

  it("reveals a post shipped in a text/template script", () => {
    const { document } = parsePage(
      `<body><script type="text/template"><p>The post's text.</p></script><script type="text/template">{{x}}</script></body>`,
      "https://a.example/x",
    );
    revealTemplates(document);
    expect(document.body.querySelector("p")?.textContent).toBe("The post's text.");
    expect(document.body.querySelectorAll("script")).toHaveLength(1);
  });
});
