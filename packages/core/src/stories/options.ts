/** The parameters of story grouping, with the values tuned on the development set (docs/stories.md). */

/** Everything grouping can be tuned by. */
export interface StoryOptions {
  /** How many lookup terms an item has: one posting Query each (half a read unit), at most one posting write each. */
  lookupTerms: number;
  /** How many candidate stories' summaries an item reads (half a read unit each). */
  candidates: number;
  /** How many terms a story's profile keeps (fewer when the summary would pass `SUMMARY_MAX_BYTES`). */
  profileTerms: number;
  /** Least similarity (cosine, decayed by time) between an item and a story's profile for the item to join it. */
  threshold: number;
  /**
   * Hours between an item's and a story's first item's `publishedAt` that halve their similarity; the decay goes
   * with the square of the hours (`decayOf`). 0: no decay.
   */
  halfLifeHours: number;
  /**
   * A cosine at least this high is a copy: it joins anywhere in the story's 72-hour window, however old the story
   * (the time decay never takes a similarity this high under `threshold`).
   */
  copySimilarity: number;
  /**
   * Candidates whose similarity is under this share of the best candidate's do not compete: the size prior
   * (similarity × size) chooses only among stories about as like the item as the best one.
   */
  rivalShare: number;
  /**
   * Candidates whose profile's cosine with the profile of the candidate most like the item reaches this are rivals
   * of it too, however much less like the item: two stories of one topic (a second story that items kept out of
   * the first by their host started, a fragment), where the size prior sends the item to the larger.
   */
  rivalLink: number;
  /** Words are cut to their first `prefixLength` characters (inflections merge: "phones", "phone"); 0 keeps them. */
  prefixLength: number;
  /** Weight of a summary or content word relative to a title word. */
  bodyWeight: number;
  /** How many words of the summary and of the content are read (their lede). */
  bodyWords: number;
  /** Words whose `termWeight` is below this are left out (the hundred or so most frequent words of a language). */
  minWeight: number;
}

/** A story gathers items published within this many hours of its first item's `publishedAt` (the contract's 72). */
export const STORY_WINDOW_HOURS = 72;

/** The tuned parameters (docs/stories.md has every variant measured). */
export const STORY_DEFAULTS: Readonly<StoryOptions> = Object.freeze({
  lookupTerms: 3,
  candidates: 3,
  profileTerms: 32,
  threshold: 0.1,
  halfLifeHours: 12,
  copySimilarity: 0.8,
  rivalShare: 0.5,
  rivalLink: 0.2,
  prefixLength: 6,
  bodyWeight: 0.5,
  bodyWords: 60,
  minWeight: 6,
});
