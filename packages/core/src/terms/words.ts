/**
 * Words as terms see them: the word-like segments of Unicode word segmentation (UAX #29, `Intl.Segmenter` with
 * granularity `word`), split further at apostrophes and hyphens, each character its own word in the scripts
 * written without spaces, every word folded (`foldText`).
 */
import { foldText } from "./fold.ts";

/** Root-locale rules, the same whatever locale the process runs in. */
const SEGMENTER = new Intl.Segmenter("und", { granularity: "word" });

/** An apostrophe (`'`, `’`) or a hyphen (`-`, U+2010, U+2011) inside a word splits it: "Kyiv’s", "Russia-Ukraine". */
const SPLITTERS = /['’\-\u2010\u2011]+/;
/** Characters nobody sees (soft hyphen, joiners, variation selectors): dropped from inside words. */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
/**
 * The scripts written without spaces between words (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar), by
 * Script_Extensions so that their own marks of repetition and length (々, ー) count too: each such character is a word.
 */
const CHARACTER_WORDS =
  /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]/u;
const CHARACTER_WORD = new RegExp(CHARACTER_WORDS.source, "gu");
/** Only ASCII letters and digits: a segment no later rule changes. */
const PLAIN = /^[a-z0-9]+$/;

/** Adds the words of one word-like segment, already folded, to `out`. */
function addSegment(segment: string, out: string[]): void {
  if (PLAIN.test(segment)) {
    out.push(segment);
    return;
  }
  const visible = segment.replace(INVISIBLE, "");
  for (const part of SPLITTERS.test(visible) ? visible.split(SPLITTERS) : [visible]) {
    if (part === "") continue;
    if (!CHARACTER_WORDS.test(part)) {
      out.push(part);
      continue;
    }
    // Each character of those scripts on its own; what stands between them (Latin letters, digits) stays whole.
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
 * The folded words of a text, in order: what terms are matched against, and what a term is made of.
 * Punctuation, spaces, symbols and emoji are no words. Linear in the input.
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
