import { describe, expect, it } from "vitest";
import { decodeBody, headerCharset } from "./decode.ts";

const ascii = (text: string) => Buffer.from(text, "latin1");
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
// "Привет" in windows-1251, "café" in ISO-8859-1.
const PRIVET_1251 = Uint8Array.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]);
const CAFE_LATIN1 = Uint8Array.from([0x63, 0x61, 0x66, 0xe9]);
const rss = (declaration: string, title: Uint8Array) =>
  concat(ascii(`<?xml version="1.0"${declaration}?><rss><title>`), title, ascii("</title></rss>"));

describe("decodeBody", () => {
  it.each([
    ["windows-1251 by header", rss("", PRIVET_1251), "text/xml; charset=windows-1251", "Привет", "header"],
    ["ISO-8859-1 by header", rss("", CAFE_LATIN1), "application/rss+xml; charset=ISO-8859-1", "café", "header"],
    ["quoted header charset", rss("", CAFE_LATIN1), 'text/xml; charset="iso-8859-1"', "café", "header"],
    [
      "windows-1251 by XML declaration",
      rss(' encoding="windows-1251"', PRIVET_1251),
      null,
      "Привет",
      "xml-declaration",
    ],
    [
      "ISO-8859-1 by XML declaration",
      rss(" encoding='ISO-8859-1'", CAFE_LATIN1),
      "text/xml",
      "café",
      "xml-declaration",
    ],
    ["header before declaration", rss(' encoding="utf-8"', PRIVET_1251), "text/xml;charset=cp1251", "Привет", "header"],
    [
      "unknown header label falls through",
      rss(' encoding="windows-1251"', PRIVET_1251),
      "text/xml; charset=bogus",
      "Привет",
      "xml-declaration",
    ],
    ["UTF-8 by default", rss("", Buffer.from("Grüße")), null, "Grüße", "default"],
    [
      "UTF-8 BOM beats a wrong header",
      concat(Uint8Array.from([0xef, 0xbb, 0xbf]), rss("", Buffer.from("é"))),
      "text/xml; charset=iso-8859-1",
      "é",
      "bom",
    ],
    [
      "UTF-16LE BOM",
      concat(Uint8Array.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0"?><rss><title>ü</title></rss>', "utf16le")),
      null,
      "ü",
      "bom",
    ],
    [
      "UTF-16BE BOM",
      concat(Uint8Array.from([0xfe, 0xff]), Buffer.from("<rss><title>ü</title></rss>", "utf16le").swap16()),
      null,
      "ü",
      "bom",
    ],
    [
      "UTF-16LE without BOM",
      new Uint8Array(Buffer.from('<?xml version="1.0" encoding="utf-16"?><rss><title>ü</title></rss>', "utf16le")),
      null,
      "ü",
      "bom",
    ],
  ])("%s", (_name, body, contentType, title, from) => {
    const decoded = decodeBody(body, contentType);
    expect(decoded.text).toContain(`<title>${title}</title>`);
    expect(decoded.text.charCodeAt(0)).not.toBe(0xfeff);
    expect(decoded.from).toBe(from);
  });

  it("reads JSON as UTF-8 whatever the header says", () => {
    const decoded = decodeBody(
      new Uint8Array(Buffer.from('{"title":"Grüße"}')),
      "application/json; charset=iso-8859-1",
    );
    expect(decoded).toMatchObject({ text: '{"title":"Grüße"}', from: "json" });
  });

  // The WHATWG Encoding Standard's index-windows-1252 for the bytes where it differs from ISO-8859-1.
  const CP1252 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
  const c1 = Uint8Array.from({ length: 32 }, (_, n) => 0x80 + n);
  it.each([
    ["windows-1252 by header", "text/xml; charset=windows-1252", ""],
    ["the label iso-8859-1", "text/xml; charset=ISO-8859-1", ""],
    ["the label latin1", "text/xml; charset=latin1", ""],
    ["the label us-ascii", "text/xml; charset=us-ascii", ""],
    ["windows-1252 by XML declaration", null, ' encoding="windows-1252"'],
  ])("reads bytes 0x80–0x9F of %s by the code page (smart quotes, dashes, €)", (_name, contentType, declaration) => {
    const decoded = decodeBody(rss(declaration, c1), contentType);
    expect(decoded.encoding).toBe("windows-1252");
    // Bytes the code page leaves undefined may read as themselves or as U+FFFD: both are dropped as controls.
    const defined = (text: string) => [...text].filter((char) => char >= "\u00a0" && char !== "\ufffd").join("");
    expect(defined(decoded.text.slice(decoded.text.indexOf("<title>") + 7, decoded.text.indexOf("</title>")))).toBe(
      defined(CP1252),
    );
  });

  it("replaces invalid bytes instead of failing", () => {
    expect(decodeBody(Uint8Array.from([0x3c, 0x61, 0xff, 0x3e])).text).toBe("<a\ufffd>");
  });
});

describe("headerCharset", () => {
  it.each([
    ["text/xml; charset=UTF-8", "utf-8"],
    ['text/xml; charset="windows-1251"', "windows-1251"],
    ["text/xml;charset=koi8-r; foo=bar", "koi8-r"],
    ["text/xml", null],
    [null, null],
  ])("%s → %s", (header, expected) => {
    expect(headerCharset(header)).toBe(expected);
  });
});
