/** Words of text as people count them, in any script (Unicode word segmentation, UAX #29). */

const segmenter = new Intl.Segmenter(undefined, { granularity: "word" });

/**
 * The words of plain text, lower-cased, in order: Unicode word segmentation (UAX #29, by `Intl.Segmenter`), so
 * Chinese or Japanese text without spaces counts its words too; punctuation and spaces are no words.
 * @example wordsOf("Kyiv's mayor, 2024: “talks”") // ["kyiv's", "mayor", "2024", "talks"]
 */
export function wordsOf(text: string | null | undefined): string[] {
  const words: string[] = [];
  if (!text) return words;
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) words.push(segment.segment.toLowerCase());
  return words;
}

/**
 * How many words plain text has, counted as `wordsOf` counts them.
 * @example countWords("Talks in Geneva ended.") // 4
 */
export function countWords(text: string | null | undefined): number {
  if (!text) return 0;
  let count = 0;
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) count++;
  return count;
}
