/**
 * Words as topic terms see them (the contract's rule for terms): the word-like segments of Unicode word
 * segmentation (`Intl.Segmenter`, granularity `word`), split further at apostrophes and hyphens, each character
 * its own word in the scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar), every
 * word folded: Unicode case folding, NFKD without combining marks, then ß→ss, æ→ae, œ→oe, ø→o, ł→l, đ→d, ı→i.
 *
 * LOCAL STAND-IN: the terms module (`packages/core/src/terms/`) implements this rule for `include`, `exclude`,
 * `filter` and `filterout`. When it lands, delete this file and import its `wordsOf` in `features.ts`: stories
 * must fold words exactly as terms do. Same name, same shape.
 */

/** Root-locale rules, the same whatever locale the process runs in. */
const SEGMENTER = new Intl.Segmenter("und", { granularity: "word" });
/** An apostrophe (`'`, `’`) or a hyphen (`-`, U+2010, U+2011) inside a word splits it. */
const SPLITTERS = /['’\-\u2010\u2011]+/;
/** Characters nobody sees (soft hyphen, joiners, variation selectors), dropped from inside words. */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
/** One character of a script written without spaces between words: each is a word. */
const CHARACTER_WORD =
  /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]/gu;
const COMBINING_MARKS = /\p{M}/gu;
const LETTERS = /[ßæœøłđı]/g;
const LETTER_MAP: Readonly<Record<string, string>> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", ı: "i" };
const ASCII = /^[\p{ASCII}]*$/u;

/**
 * Case folding (the C and F mappings of CaseFolding.txt for everything news headlines hold), then NFKD without
 * combining marks, then the letter map above.
 * @example foldText("Orbán STRASSE Łódź") // "orban strasse lodz"
 */
export function foldText(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  const lower = text
    .split("ı")
    .map((run) => run.replaceAll("ẞ", "ss").toUpperCase().toLowerCase().replaceAll("ς", "σ"))
    .join("ı");
  return lower
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .replace(LETTERS, (c) => LETTER_MAP[c] ?? c)
    .toLowerCase();
}

/** Adds the words of one word-like segment (already folded) to `out`. */
function addSegment(segment: string, out: string[]): void {
  for (const part of segment.replace(INVISIBLE, "").split(SPLITTERS)) {
    if (part === "") continue;
    let at = 0;
    CHARACTER_WORD.lastIndex = 0;
    for (let match = CHARACTER_WORD.exec(part); match !== null; match = CHARACTER_WORD.exec(part)) {
      if (match.index > at) out.push(part.slice(at, match.index));
      out.push(match[0]);
      at = match.index + match[0].length;
    }
    if (at < part.length) out.push(part.slice(at));
  }
}

/**
 * The folded words of a text, in order. Punctuation, spaces, symbols and emoji are no words. Linear in the input.
 * @example wordsOf("Kyiv’s peace-talks") // ["kyiv", "s", "peace", "talks"]
 * @example wordsOf("习近平会见") // ["习", "近", "平", "会", "见"]
 */
export function wordsOf(text: string): string[] {
  const out: string[] = [];
  for (const { segment, isWordLike } of SEGMENTER.segment(foldText(text))) {
    if (isWordLike) addSegment(segment, out);
  }
  return out;
}
