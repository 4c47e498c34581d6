/** The scanner's reading of UTF-8 bytes: XML names by Unicode category, each decoded once, and tokens. */

// XML names (https://www.w3.org/TR/xml-names/), colon of prefixes included: ASCII by table, other characters by
// their Unicode category.
const ASCII_NAME_START = asciiTable(/[A-Za-z_:]/);
const ASCII_NAME_CHAR = asciiTable(/[A-Za-z0-9_:.-]/);
const NAME_START = /^[\p{L}_:]$/u;
const NAME_CHAR = /^[\p{L}\p{N}\p{M}_:.\-\u00b7]$/u;

/** The end of the XML name starting at `at`; `at` itself when none starts there. */
export function nameEnd(s: Buffer, at: number): number {
  let i = at;
  while (i < s.length) {
    const byte = s[i] as number;
    if (byte < 0x80) {
      if (!(i === at ? ASCII_NAME_START : ASCII_NAME_CHAR)[byte]) return i;
      i++;
      continue;
    }
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    const char = s.toString("utf8", i, i + length);
    if (char.length === 0 || char.codePointAt(0) === 0xfffd) return i;
    if (!(i === at ? NAME_START : NAME_CHAR).test(char)) return i;
    i += length;
  }
  return i;
}

/**
 * The names of one document, decoded once each: tags repeat a few dozen names thousands of times, so an ASCII
 * name is looked up by its bytes instead of being decoded again.
 */
export class NameCache {
  private readonly known = new Map<number, string[]>();

  constructor(private readonly s: Buffer) {}

  /** The name at `start`…`end`. */
  read(start: number, end: number): string {
    const s = this.s;
    let key = end - start;
    for (let i = start; i < end; i++) {
      const byte = s[i] as number;
      if (byte >= 0x80) return s.toString("utf8", start, end);
      key = (key * 31 + byte) | 0;
    }
    const candidates = this.known.get(key);
    if (candidates) {
      for (const name of candidates) if (sameAscii(s, start, end, name)) return name;
    }
    const name = s.toString("latin1", start, end);
    if (candidates) candidates.push(name);
    else this.known.set(key, [name]);
    return name;
  }
}

function sameAscii(s: Buffer, start: number, end: number, name: string): boolean {
  if (name.length !== end - start) return false;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) !== s[start + i]) return false;
  return true;
}

/** Whether the bytes of `token` stand at offset `at`. */
export function startsWith(s: Buffer, token: Buffer, at: number): boolean {
  if (at + token.length > s.length) return false;
  for (let i = 0; i < token.length; i++) if (s[at + i] !== token[i]) return false;
  return true;
}

/** The offset past the next `token` from `from`; the end when there is none. */
export function after(s: Buffer, token: Buffer, from: number): number {
  const end = s.indexOf(token, from);
  return end < 0 ? s.length : end + token.length;
}

/** The offset of the first byte from `from` that is not XML white space. */
export function skipSpaces(s: Buffer, from: number): number {
  let i = from;
  while (i < s.length && isSpace(s[i] as number)) i++;
  return i;
}

/** Whether a byte is XML white space (space, tab, line feed, carriage return). */
export function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function asciiTable(allowed: RegExp): boolean[] {
  return Array.from({ length: 0x80 }, (_, code) => allowed.test(String.fromCharCode(code)));
}
