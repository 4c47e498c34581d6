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

/*
 * Text made only of the characters below is cut by one regular expression, which gives the very words of
 * `Intl.Segmenter` there (a test compares them character by character) at a fraction of its cost: letters of
 * Latin, Greek, Cyrillic and Arabic (UAX #29 ALetter), Han, Hiragana and Katakana letters (cut into characters
 * anyway), decimal digits, spaces, and punctuation that always parts words, or parts them but between two letters
 * (`: · ' . ’ ‘`) or two digits (`, ; ' . ’ ‘`): UAX #29's MidLetter, MidNumLet and MidNum. Anything else (other
 * scripts, `_`, emoji, invisible characters) goes to the segmenter.
 */
const ALETTER = "\\p{sc=Latn}\\p{sc=Grek}\\p{sc=Cyrl}\\p{sc=Arab}";
/** Of Han, Hiragana and Katakana, the letters that are no marks of repetition or length (Lo): 々 and ゝ are not words alone. */
const IDEOGRAPHIC = "\\p{sc=Han}\\p{sc=Hira}\\p{sc=Kana}";
const MID_LETTER = ":·'.’‘";
const MID_NUMBER = ",;'.’‘";
const PARTING = ' \\t\\n\\r!"#$%&()*+\\-/<=>?@\\[\\\\\\]^`{|}~«»“”„…—–‹›¡¿§©®°×÷、。「」『』';
const FAST_TEXT = new RegExp(
  `^(?:(?=[${ALETTER}])\\p{L}|(?=[${IDEOGRAPHIC}])\\p{Lo}|\\p{Nd}|[${PARTING}${MID_LETTER}${MID_NUMBER}])*$`,
  "u",
);
const LETTER = `(?:(?=[${ALETTER}])\\p{L})`;
const WORD_CHAR = `(?:(?=[${ALETTER}])\\p{L}|(?=[${IDEOGRAPHIC}])\\p{Lo}|\\p{Nd})`;
const FAST_WORD = new RegExp(
  `${WORD_CHAR}+(?:(?:(?<=${LETTER})[${MID_LETTER}](?=${LETTER})|(?<=\\p{Nd})[${MID_NUMBER}](?=\\p{Nd}))${WORD_CHAR}+)*`,
  "gu",
);

/** Printable ASCII but `_` (which joins words) once folded (no capitals left), and its words: `FAST_WORD` for these characters alone. */
const ASCII_TEXT = /^[\x20-\x5e\x60-\x7e]*$/;
const ASCII_WORD = /[a-z0-9]+(?:(?:(?<=[a-z])[:'.](?=[a-z])|(?<=[0-9])[,;'.](?=[0-9]))[a-z0-9]+)*/g;

/**
 * The word-like segments of folded text: by `FAST_WORD` where it gives what the segmenter gives, else by the
 * segmenter, space-separated piece by piece (no rule of UAX #29 joins words across a space, so a word of another
 * script sends only its own piece to the segmenter).
 */
function* segments(folded: string): Iterable<string> {
  if (ASCII_TEXT.test(folded)) {
    yield* folded.match(ASCII_WORD) ?? [];
    return;
  }
  if (FAST_TEXT.test(folded)) {
    yield* folded.match(FAST_WORD) ?? [];
    return;
  }
  for (const piece of folded.split(" ")) {
    if (piece === "") continue;
    if (FAST_TEXT.test(piece)) yield* piece.match(FAST_WORD) ?? [];
    else yield* wordLike(piece);
  }
}

/** The word-like segments of folded text as `Intl.Segmenter` gives them. */
function* wordLike(folded: string): Iterable<string> {
  for (const { segment, isWordLike } of SEGMENTER.segment(folded)) if (isWordLike) yield segment;
}

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
  for (const segment of segments(foldText(text))) addSegment(segment, out);
  return out;
}

/**
 * `wordsOf` with every text cut by `Intl.Segmenter`, never the regular expression: the reference that
 * `wordsOf`'s shortcut is checked against.
 */
export function segmenterWordsOf(text: string): string[] {
  const out: string[] = [];
  for (const segment of wordLike(foldText(text))) addSegment(segment, out);
  return out;
}
