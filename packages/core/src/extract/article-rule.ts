/**
 * Whether a page's article is the entry's article (the full-text rule): it replaces the feed's content only when
 * it has more words than the feed's own text and holds at least 80% of the words of the feed's summary. A
 * paywall, a cookie wall, an error page or another article fails it and the feed's content stays.
 */
import { countWords, wordsOf, wordsPhrase } from "./words.ts";

/** The share of the summary's words the page's article must hold. */
export const SUMMARY_WORDS_HELD = 0.8;

/** The verdict: whether the page's article is kept, and why not. */
export type ArticleVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Judges a page's article (plain text) against the feed's entry: `feedText` is the entry's content, else its
 * description, as plain text, or `feedWords` its number of words when the text itself is no longer at hand (an item
 * whose content is already a page's article); `feedSummary` its summary (default: `feedText`). The article must have more words
 * than `feedText` and hold at least 80% of the distinct words of `feedSummary` (a summary cut with "…" loses its
 * last, possibly cut, word first). A feed with no text at all is beaten by any article with words.
 * @example isTheArticle("Talks in Geneva ended without agreement on Friday…", { feedText: "Talks ended." }).ok // true
 */
export function isTheArticle(
  articleText: string | null,
  feed: { feedText?: string | null; feedWords?: number | null; feedSummary?: string | null },
): ArticleVerdict {
  const articleWords = wordsOf(articleText);
  const feedWords = feed.feedWords ?? countWords(feed.feedText);
  if (articleWords.length <= feedWords) {
    return {
      ok: false,
      reason: `the page's article has ${wordsPhrase(articleWords.length)}, the feed's text ${feedWords}`,
    };
  }
  const summary = feed.feedSummary ?? feed.feedText ?? "";
  const summaryWords = wordsOf(summary);
  if (/…\s*$/.test(summary)) summaryWords.pop();
  const wanted = new Set(summaryWords);
  if (wanted.size === 0) return { ok: true };
  const held = new Set(articleWords);
  let found = 0;
  for (const word of wanted) if (held.has(word)) found++;
  const share = found / wanted.size;
  if (share < SUMMARY_WORDS_HELD) {
    return {
      ok: false,
      reason: `the page's article holds ${Math.round(share * 100)}% of the summary's words (at least ${SUMMARY_WORDS_HELD * 100}% needed)`,
    };
  }
  return { ok: true };
}
