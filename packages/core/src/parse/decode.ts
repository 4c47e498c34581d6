/** Turns a feed body into text, honouring the character encoding it declares. */
import iconv from "iconv-lite";

/** The encoding a body is decoded with and the evidence for it. */
export interface Decoded {
  text: string;
  encoding: string;
  from: "bom" | "json" | "header" | "xml-declaration" | "default";
}

/** The UTF-8 bytes of a body (no byte order mark), the encoding it was written in and the evidence for it. */
export interface Utf8Body {
  bytes: Buffer;
  encoding: string;
  from: Decoded["from"];
}

/**
 * Decodes a body: a byte order mark first (it cannot lie), then JSON as UTF-8, then the Content-Type charset,
 * then the XML declaration, else UTF-8. Unknown labels are skipped; invalid bytes become U+FFFD.
 * @example decodeBody(bytes, "text/xml; charset=windows-1251").text
 */
export function decodeBody(body: Uint8Array, contentType?: string | null): Decoded {
  const { encoding, from } = detectEncoding(body, contentType);
  const text = decodeAs(body, encoding);
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding, from };
}

/**
 * `body` decoded from `encoding` (a WHATWG encoding name, lower-case: "utf-8", "windows-1252"); invalid bytes become
 * U+FFFD and a byte order mark is kept.
 * @example decodeAs(bytes, "windows-1251")
 */
export function decodeAs(body: Uint8Array, encoding: string): string {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Node's Buffer decodes UTF-8 several times faster than TextDecoder, invalid bytes alike as U+FFFD.
  if (encoding === "utf-8") return bytes.toString("utf8");
  // Node.js 20.18.3+ and 22.13.0+ decode windows-1252 — the encoding of the labels latin1, iso-8859-1 and
  // us-ascii too — as ISO-8859-1, turning “ ” ‘ ’ – — € (bytes 0x80–0x9F) into controls
  // (https://github.com/nodejs/node/issues/60888); iconv-lite reads them by the code page.
  if (encoding === "windows-1252") return iconv.decode(bytes, "windows-1252");
  return new TextDecoder(encoding).decode(body);
}

/**
 * A body as UTF-8 bytes, its encoding told as `decodeBody` tells it: a UTF-8 body is returned as it is (a view
 * of the same memory, its byte order mark left out), any other is transcoded. Reading feeds from bytes spares
 * decoding the whole body into one string: large strings are costly to allocate, and entries read before are
 * only hashed, never decoded. Invalid UTF-8 stays as it is and decodes to U+FFFD wherever it is read.
 * @example utf8Body(bytes, "text/xml; charset=windows-1251").bytes.toString() // the body's text
 */
export function utf8Body(body: Uint8Array, contentType?: string | null): Utf8Body {
  const { encoding, from } = detectEncoding(body, contentType);
  if (encoding === "utf-8") {
    const bom = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
    return { bytes: Buffer.from(body.buffer, body.byteOffset + bom, body.byteLength - bom), encoding, from };
  }
  const { text } = decodeBody(body, contentType);
  return { bytes: Buffer.from(text, "utf8"), encoding, from };
}

/** The encoding of a body (a WHATWG encoding name) and the evidence for it, in `decodeBody`'s order. */
function detectEncoding(body: Uint8Array, contentType?: string | null): { encoding: string; from: Decoded["from"] } {
  const bom = sniffBom(body);
  if (bom) return known(bom, "bom");
  if (firstByte(body) === 0x7b) return known("utf-8", "json");
  const header = headerCharset(contentType);
  if (header && isKnown(header)) return known(header, "header");
  const utf16 = sniffUtf16(body);
  if (utf16) return known(utf16, "bom");
  const declared = declaredEncoding(body);
  if (declared && isKnown(declared) && !/^utf-?16/i.test(declared)) return known(declared, "xml-declaration");
  return known("utf-8", "default");
}

/** `label` as its encoding's name ("latin1" → "windows-1252"). */
function known(label: string, from: Decoded["from"]): { encoding: string; from: Decoded["from"] } {
  return { encoding: new TextDecoder(label).encoding, from };
}

/** The `charset` parameter of a Content-Type header, or null. */
export function headerCharset(contentType?: string | null): string | null {
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? "");
  return match?.[2]?.toLowerCase() ?? null;
}

function isKnown(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

function sniffBom(body: Uint8Array): string | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return "utf-8";
  if (body[0] === 0xfe && body[1] === 0xff) return "utf-16be";
  if (body[0] === 0xff && body[1] === 0xfe) return "utf-16le";
  return null;
}

/** UTF-16 without a byte order mark, told by the first `<` being paired with a zero byte. */
function sniffUtf16(body: Uint8Array): string | null {
  if (body[0] === 0x3c && body[1] === 0x00 && body[2] === 0x3f && body[3] === 0x00) return "utf-16le";
  if (body[0] === 0x00 && body[1] === 0x3c && body[2] === 0x00 && body[3] === 0x3f) return "utf-16be";
  return null;
}

function firstByte(body: Uint8Array): number | undefined {
  for (const byte of body) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte;
  }
  return undefined;
}

/** The `encoding` of an XML declaration at the start of the body, read as ASCII. */
function declaredEncoding(body: Uint8Array): string | null {
  const head = new TextDecoder("latin1").decode(body.subarray(0, 512));
  const match = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match?.[1]?.toLowerCase() ?? null;
}
