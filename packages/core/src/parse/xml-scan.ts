/** A forgiving, linear-time scanner of XML markup: it reports tags, text and CDATA, and skips the rest. */

/** Receives what the scanner finds, in document order. */
export interface XmlSink {
  /** True once the sink wants nothing more. */
  readonly done: boolean;
  /** Character data as written (references not yet decoded). */
  text(raw: string): void;
  cdata(raw: string): void;
  /** A start tag; `start` and `end` are its offsets in the source (`end` past its `>`). */
  open(name: string, attributes: [string, string][], selfClosing: boolean, start: number, end: number): void;
  /** An end tag; `start` and `end` are its offsets in the source. */
  close(name: string, start: number, end: number): void;
}

// XML names, with the colon of prefixes; a sticky regex read at a position, never backtracking far.
const NAME = /[\p{L}_:][\p{L}\p{N}\p{M}_:.\-\u00b7]*/uy;

/**
 * Scans `source`, reporting to `sink`. Comments, processing instructions, the XML declaration and the DOCTYPE
 * (internal subset and entity declarations included) are skipped without being read. A `<` that starts no
 * markup is reported as text. Every step moves forward, so time is linear in the input.
 */
export function scanXml(source: string, sink: XmlSink): void {
  let i = 0;
  while (i < source.length && !sink.done) {
    const lt = source.indexOf("<", i);
    if (lt < 0) {
      sink.text(source.slice(i));
      return;
    }
    if (lt > i) sink.text(source.slice(i, lt));
    i = markup(source, lt, sink);
  }
}

/** Handles the markup at `lt` and returns the position after it. */
function markup(s: string, lt: number, sink: XmlSink): number {
  if (s.startsWith("<!--", lt)) return after(s, "-->", lt + 4);
  if (s.startsWith("<![CDATA[", lt)) {
    const end = s.indexOf("]]>", lt + 9);
    sink.cdata(s.slice(lt + 9, end < 0 ? s.length : end));
    return end < 0 ? s.length : end + 3;
  }
  const next = s[lt + 1];
  if (next === "!") return skipDeclaration(s, lt + 2);
  if (next === "?") return after(s, "?>", lt + 2);
  if (next === "/") {
    const name = nameAt(s, lt + 2);
    if (name === null) return stray(sink, lt);
    const gt = s.indexOf(">", lt + 2 + name.length);
    if (gt < 0) return s.length;
    sink.close(name, lt, gt + 1);
    return gt + 1;
  }
  const name = nameAt(s, lt + 1);
  if (name === null) return stray(sink, lt);
  return startTag(s, lt, name, sink);
}

function stray(sink: XmlSink, lt: number): number {
  sink.text("<");
  return lt + 1;
}

/** Reads the attributes of a start tag; quoted, unquoted and valueless attributes are all accepted. */
function startTag(s: string, lt: number, name: string, sink: XmlSink): number {
  const attributes: [string, string][] = [];
  let seen: Set<string> | null = null;
  let i = lt + 1 + name.length;
  while (i < s.length) {
    const ch = s[i];
    if (ch === ">" || ch === "<") {
      const end = ch === ">" ? i + 1 : i;
      sink.open(name, attributes, false, lt, end);
      return end;
    }
    if (ch === "/" && s[i + 1] === ">") {
      sink.open(name, attributes, true, lt, i + 2);
      return i + 2;
    }
    const attribute = nameAt(s, i);
    if (attribute === null) {
      i++;
      continue;
    }
    i = skipSpaces(s, i + attribute.length);
    let value = "";
    if (s[i] === "=") {
      i = skipSpaces(s, i + 1);
      const quote = s[i];
      if (quote === '"' || quote === "'") {
        const end = s.indexOf(quote, i + 1);
        if (end < 0) return s.length;
        value = s.slice(i + 1, end);
        i = end + 1;
      } else {
        const start = i;
        while (i < s.length && !isSpace(s.charCodeAt(i)) && s[i] !== ">") i++;
        value = s.slice(start, i);
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
function skipDeclaration(s: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '"' || ch === "'") {
      const end = s.indexOf(ch, i + 1);
      if (end < 0) return s.length;
      i = end + 1;
      continue;
    }
    if (ch === "<" && s.startsWith("<!--", i)) {
      i = after(s, "-->", i + 4);
      continue;
    }
    if (ch === "[") depth++;
    else if (ch === "]") depth = Math.max(0, depth - 1);
    else if (ch === ">" && depth === 0) return i + 1;
    i++;
  }
  return s.length;
}

function nameAt(s: string, at: number): string | null {
  NAME.lastIndex = at;
  return NAME.exec(s)?.[0] ?? null;
}

function after(s: string, token: string, from: number): number {
  const end = s.indexOf(token, from);
  return end < 0 ? s.length : end + token.length;
}

function skipSpaces(s: string, from: number): number {
  let i = from;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
