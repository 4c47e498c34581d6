/**
 * A forgiving, linear-time scanner of XML markup in UTF-8 bytes: it reports tags, text and CDATA, and skips the
 * rest. Markup is ASCII, and no byte of a multi-byte UTF-8 character is ASCII, so the bytes are scanned as they
 * are; text is reported by its offsets and decoded only by those who read it.
 */

/** Receives what the scanner finds, in document order. Offsets are byte offsets in the scanned bytes. */
export interface XmlSink {
  /** True once the sink wants nothing more. */
  readonly done: boolean;
  /** Character data as written (references not yet decoded) at `start`…`end`. */
  text(start: number, end: number): void;
  /** The content of a CDATA section at `start`…`end`. */
  cdata(start: number, end: number): void;
  /** A start tag, its attribute values as written; `start` and `end` are its offsets (`end` past its `>`). */
  open(name: string, attributes: [string, string][], selfClosing: boolean, start: number, end: number): void;
  /** An end tag; `start` and `end` are its offsets. */
  close(name: string, start: number, end: number): void;
}

import { after, isSpace, NameCache, nameEnd, skipSpaces, startsWith } from "./xml-bytes.ts";

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const COMMENT_START = Buffer.from("<!--");
const COMMENT_END = Buffer.from("-->");
const CDATA_START = Buffer.from("<![CDATA[");
const CDATA_END = Buffer.from("]]>");
const PI_END = Buffer.from("?>");

/**
 * Scans UTF-8 `source`, reporting to `sink`. Comments, processing instructions, the XML declaration and the
 * DOCTYPE (internal subset and entity declarations included) are skipped without being read. A `<` that starts
 * no markup is text, reported with the text around it as one run. Every step moves forward, so time is linear
 * in the input.
 */
export function scanXml(source: Buffer, sink: XmlSink): void {
  const names = new NameCache(source);
  // Where the text not yet reported starts.
  let text = 0;
  const flush = (to: number) => {
    if (to > text) sink.text(text, to);
  };
  let i = 0;
  while (i < source.length && !sink.done) {
    const lt = source.indexOf(LT, i);
    if (lt < 0) break;
    const end = markup(source, lt, sink, names, flush);
    if (end < 0) {
      i = lt + 1;
      continue;
    }
    i = end;
    text = end;
  }
  if (!sink.done) flush(source.length);
}

/**
 * Handles the markup at `lt` and returns the position after it, or -1 when `<` starts none (text). `flush`
 * reports the text before it, called before anything else is reported.
 */
function markup(s: Buffer, lt: number, sink: XmlSink, names: NameCache, flush: (to: number) => void): number {
  const next = s[lt + 1];
  if (next === BANG) {
    flush(lt);
    if (startsWith(s, COMMENT_START, lt)) return after(s, COMMENT_END, lt + 4);
    if (startsWith(s, CDATA_START, lt)) {
      const end = s.indexOf(CDATA_END, lt + 9);
      sink.cdata(lt + 9, end < 0 ? s.length : end);
      return end < 0 ? s.length : end + 3;
    }
    return skipDeclaration(s, lt + 2);
  }
  if (next === QUESTION) {
    flush(lt);
    return after(s, PI_END, lt + 2);
  }
  if (next === SLASH) {
    const end = nameEnd(s, lt + 2);
    if (end === lt + 2) return -1;
    flush(lt);
    const gt = s.indexOf(GT, end);
    if (gt < 0) return s.length;
    sink.close(names.read(lt + 2, end), lt, gt + 1);
    return gt + 1;
  }
  const end = nameEnd(s, lt + 1);
  if (end === lt + 1) return -1;
  flush(lt);
  return startTag(s, lt, names.read(lt + 1, end), end, sink, names);
}

/** Reads the attributes of a start tag; quoted, unquoted and valueless attributes are all accepted. */
function startTag(s: Buffer, lt: number, name: string, from: number, sink: XmlSink, names: NameCache): number {
  const attributes: [string, string][] = [];
  let seen: Set<string> | null = null;
  let i = from;
  while (i < s.length) {
    const ch = s[i];
    if (ch === GT || ch === LT) {
      const end = ch === GT ? i + 1 : i;
      sink.open(name, attributes, false, lt, end);
      return end;
    }
    if (ch === SLASH && s[i + 1] === GT) {
      sink.open(name, attributes, true, lt, i + 2);
      return i + 2;
    }
    const end = nameEnd(s, i);
    if (end === i) {
      i++;
      continue;
    }
    const attribute = names.read(i, end);
    i = skipSpaces(s, end);
    let value = "";
    if (s[i] === EQUALS) {
      i = skipSpaces(s, i + 1);
      const quote = s[i];
      if (quote === 0x22 || quote === 0x27) {
        const close = s.indexOf(quote, i + 1);
        if (close < 0) return s.length;
        value = s.toString("utf8", i + 1, close);
        i = close + 1;
      } else {
        const start = i;
        while (i < s.length && !isSpace(s[i] as number) && s[i] !== GT) i++;
        value = s.toString("utf8", start, i);
      }
    }
    seen ??= new Set();
    if (!seen.has(attribute)) {
      seen.add(attribute);
      attributes.push([attribute, value]);
    }
  }
  return s.length;
}

/** Skips `<!DOCTYPE …>` and other declarations, internal subsets with their quoted strings and comments. */
function skipDeclaration(s: Buffer, from: number): number {
  let depth = 0;
  let i = from;
  while (i < s.length) {
    const ch = s[i];
    if (ch === 0x22 || ch === 0x27) {
      const end = s.indexOf(ch, i + 1);
      if (end < 0) return s.length;
      i = end + 1;
      continue;
    }
    if (ch === LT && startsWith(s, COMMENT_START, i)) {
      i = after(s, COMMENT_END, i + 4);
      continue;
    }
    if (ch === 0x5b) depth++;
    else if (ch === 0x5d) depth = Math.max(0, depth - 1);
    else if (ch === GT && depth === 0) return i + 1;
    i++;
  }
  return s.length;
}
