/**
 * Words of text as people count them, in any script: runs of letters and digits, and in Chinese and Japanese
 * (written without spaces) each ideograph or kana, as word processors count them.
 */

// A run of letters, marks, digits and in-word apostrophes outside Han and kana; or one Han or kana character.
const WORD =
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|(?:(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])[\p{L}\p{M}\p{N}])+(?:['’](?:(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])[\p{L}\p{M}\p{N}])+)*/gu;

/**
 * The words of plain text, lower-cased, in order: runs of letters and digits (an apostrophe inside a word kept),
 * and each Han or kana character on its own; punctuation and spaces are no words. Linear in the text.
 * @example wordsOf("Kyiv's mayor, 2024: “talks”") // ["kyiv's", "mayor", "2024", "talks"]
 */
export function wordsOf(text: string | null | undefined): string[] {
  if (!text) return [];
  return Array.from(text.toLowerCase().matchAll(WORD), (match) => match[0]);
}

/**
 * How many words plain text has, counted as `wordsOf` counts them.
 * @example countWords("Talks in Geneva ended.") // 4
 */
export function countWords(text: string | null | undefined): number {
  if (!text) return 0;
  let count = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text) !== null) count++;
  return count;
}

/**
 * A number of words as a sentence says it: "1 word", "0 words", "12 words".
 * @example wordsPhrase(1) // "1 word"
 */
export function wordsPhrase(count: number): string {
  return `${count} ${count === 1 ? "word" : "words"}`;
}
