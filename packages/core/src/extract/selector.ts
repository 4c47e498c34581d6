/**
 * A configured CSS selector as the engines that check and run it can read it: without its comments, which CSS
 * allows between any two tokens (`article /* body *\/ .content`) but which css-selector-parser does not take and
 * css-select reads wrongly where whitespace stands on both sides.
 */

/** A character that continues a name or number (CSS Syntax §4.2 "ident code point"): joined to the next, one token. */
const NAME_CHAR = /^[-\w\u0080-\u{10FFFF}]$/u;

/** An escape (CSS Syntax §4.3.7): up to six hex digits and one whitespace after them, else any one character. */
const ESCAPE = /\\(?:[0-9a-f]{1,6}(?:\r\n|[ \t\n\r\f])?|[\s\S])/iy;

/**
 * `selector` with its comments removed as CSS tokenization removes them (CSS Syntax §4.3.2: a comment is no token,
 * not even whitespace, so `article/**\/.content` is `article.content` and `article /* x *\/ .content` is
 * `article  .content`); comment marks inside strings (`[title="/* x *\/"]`) and escaped (`\/*`) are text and stay.
 * Null when the selector cannot mean the same without them: a comment never closed, or one that alone stands between
 * two parts of one name or number (`a/**\/b`, `#/**\/main`), which removing it would join into another selector than
 * the two tokens CSS reads (inside an attribute selector, where whitespace means nothing, it becomes a space).
 * @example selectorWithoutComments("article /* body *\/ .content") // "article  .content"
 * @example selectorWithoutComments("article /* body") // null
 */
export function selectorWithoutComments(selector: string): string | null {
  let out = "";
  let quote: string | null = null;
  let brackets = 0;
  // Whether `out` ends inside a name or number (a name character, or an escape, which is always part of a name).
  let inName = false;
  for (let i = 0; i < selector.length; i++) {
    const char = selector[i] as string;
    if (char === "\\") {
      ESCAPE.lastIndex = i;
      const escaped = ESCAPE.exec(selector)?.[0] ?? char;
      out += escaped;
      i += escaped.length - 1;
      inName = quote === null;
      continue;
    }
    if (quote !== null) {
      out += char;
      if (char === quote) quote = null;
      continue;
    }
    if (char === "/" && selector[i + 1] === "*") {
      const end = selector.indexOf("*/", i + 2);
      if (end < 0) return null;
      i = end + 1;
      const next = selector[i + 1] ?? "";
      const joins = (inName || out.endsWith("#")) && (NAME_CHAR.test(next) || next === "\\");
      if (joins) {
        if (brackets === 0) return null;
        out += " ";
        inName = false;
      }
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === "[") brackets++;
    else if (char === "]") brackets = Math.max(0, brackets - 1);
    out += char;
    inName = NAME_CHAR.test(char);
  }
  return out;
}
