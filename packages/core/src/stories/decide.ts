/**
 * The decision for one new item, as pure functions of what was read: which candidate summaries to read from the
 * postings, which story the item joins (or that it starts one), and the writes that follow. Storage commits the
 * writes conditionally; after a conflict the caller reads again and calls these again.
 */
import { holdsCopy } from "./copies.ts";
import type { ItemFeatures } from "./features.ts";
import { mayHoldHost } from "./hosts.ts";
import { STORY_WINDOW_HOURS, type StoryOptions } from "./options.ts";
import { dayOf, keyTerm, type Posting, withStory } from "./postings.ts";
import { newSummary, profileSimilarity, type StorySummary, similarity, withMember } from "./summary.ts";

const HOUR_MS = 3_600_000;
const WINDOW_MS = STORY_WINDOW_HOURS * HOUR_MS;

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Whether an item published at `publishedAt` falls in the window of a story first published at `firstAt`. */
export function inWindow(publishedAt: number, firstAt: number): boolean {
  return Math.abs(publishedAt - firstAt) <= WINDOW_MS;
}

/**
 * How much the time between an item and a story's first item lowers their similarity, a factor in (0, 1]:
 * `2^(−(hours / halfLifeHours)²)` — reports of one event within a few hours of each other barely lose anything,
 * the next day's follow-ups lose most — but never under `threshold / copySimilarity`, so that a copy (cosine at
 * least `copySimilarity`) still joins anywhere in the 72-hour window. 1 when `halfLifeHours` is 0.
 * @example decayOf(t0 + 12 * 3_600_000, t0, STORY_DEFAULTS) // 0.5
 */
export function decayOf(publishedAt: number, firstAt: number, options: StoryOptions): number {
  if (options.halfLifeHours <= 0) return 1;
  const halfLives = Math.abs(publishedAt - firstAt) / (options.halfLifeHours * HOUR_MS);
  const floor = options.copySimilarity > 0 ? Math.min(1, options.threshold / options.copySimilarity) : 0;
  return Math.max(2 ** -(halfLives * halfLives), floor);
}

/**
 * The stories whose summaries to read, best first: those posted under the item's lookup terms whose window holds
 * the item, ranked by the summed weight of the lookup terms they were found under, decayed by time (`decayOf`),
 * then by id; at most `options.candidates`.
 */
export function candidatesOf(item: ItemFeatures, postings: readonly Posting[], options: StoryOptions): string[] {
  const weights = new Map(item.keys.map((key) => [keyTerm(key), item.vector.get(key) ?? 0]));
  const found = new Map<string, { firstAt: number; terms: Set<string> }>();
  for (const posting of postings) {
    if (!weights.has(posting.term)) continue;
    for (const [story, firstAt] of posting.stories) {
      if (!inWindow(item.publishedAt, firstAt)) continue;
      const entry = found.get(story) ?? { firstAt, terms: new Set<string>() };
      entry.terms.add(posting.term);
      found.set(story, entry);
    }
  }
  const scored = [...found].map(([story, { firstAt, terms }]) => {
    let weight = 0;
    for (const term of terms) weight += weights.get(term) ?? 0;
    return { story, score: weight * decayOf(item.publishedAt, firstAt, options) };
  });
  scored.sort((a, b) => b.score - a.score || byId(a.story, b.story));
  return scored.slice(0, options.candidates).map(({ story }) => story);
}

/** What an item does: join a story, or start its own. */
export type Decision = { kind: "join"; story: StorySummary; similarity: number } | { kind: "new" };

/**
 * Which story the item joins. A candidate is eligible when its window holds the item, its host filter does not
 * hold the item's host, and its similarity with the item — cosine with its profile times `decayOf` — reaches
 * `options.threshold`; a copy of one of the story's first members (the same copy key, `holdsCopy`: title and lede) is
 * eligible with its cosine undecayed (at least the threshold): a wire story published again a day later. The eligible candidate most like the item (the leader; ties: the earlier first item, then
 * the smaller id) and its rivals — the eligible whose similarity is at least `options.rivalShare` of the leader's,
 * or whose profile is like the leader's (`profileSimilarity` at least `options.rivalLink`) — compete: the item
 * joins the one with the largest similarity × size, as a Chinese-restaurant-process prior weighs a cluster by its
 * size. An established story wins over a fragment of it or over the second story its hosts' second items started,
 * however much more like the item that is; a story of another topic twice as like the item wins over a larger
 * one. Ties: the earlier first item, then the smaller id. No eligible candidate: a story of its own. A pure
 * function of its arguments.
 */
export function decide(item: ItemFeatures, candidates: readonly StorySummary[], options: StoryOptions): Decision {
  const eligible: { story: StorySummary; similarity: number }[] = [];
  for (const story of candidates) {
    if (!inWindow(item.publishedAt, story.firstAt)) continue;
    if (item.host !== null && mayHoldHost(story.hosts, item.host)) continue;
    // A copy of a member is judged as if published beside the story's first item, and is eligible.
    const value = holdsCopy(story.copies, item.copyKey)
      ? Math.max(similarity(item, story), options.threshold)
      : similarity(item, story) * decayOf(item.publishedAt, story.firstAt, options);
    if (value >= options.threshold) eligible.push({ story, similarity: value });
  }
  let leader: { story: StorySummary; similarity: number } | null = null;
  for (const candidate of eligible) {
    if (leader === null || candidate.similarity > leader.similarity) leader = candidate;
    else if (candidate.similarity === leader.similarity && earlier(candidate.story, leader.story)) leader = candidate;
  }
  if (leader === null) return { kind: "new" };
  const least = options.rivalShare * leader.similarity;
  let best = { ...leader, rank: leader.similarity * leader.story.size };
  for (const { story, similarity: value } of eligible) {
    if (story === leader.story) continue;
    if (value < least && profileSimilarity(leader.story, story) < options.rivalLink) continue;
    const rank = value * story.size;
    if (rank > best.rank || (rank === best.rank && earlier(story, best.story))) {
      best = { story, similarity: value, rank };
    }
  }
  return { kind: "join", story: best.story, similarity: best.similarity };
}

/** Whether story `a` comes before `b` in ties: the earlier first item, then the smaller id. */
function earlier(a: StorySummary, b: StorySummary): boolean {
  return a.firstAt < b.firstAt || (a.firstAt === b.firstAt && a.id < b.id);
}

/** A story to add to a posting (`withStory`); `readVersion` is the version it was read at, 0 when it was missing. */
export interface PostingAddition {
  term: string;
  day: string;
  readVersion: number;
}

/** The writes of one decision, for storage to commit (see `StoryIndex.commit`). */
export interface StoryChange {
  /** The item and where it goes: its story's id is `summary.id`. */
  item: { id: string; publishedAt: number };
  /**
   * The story's summary after the item joined: `version` 1 for a new story (written only if absent), else the
   * version read plus one (written only if the stored one is still the version read).
   */
  summary: StorySummary;
  /** Postings of the item's lookup terms on the item's day that gain the story: at most `options.lookupTerms`. */
  postings: PostingAddition[];
}

/**
 * The change that `decision` makes: the new or updated summary, and the story added to the postings of the item's
 * lookup terms on the item's day where it is missing (`postings` are those the item read).
 */
export function changeOf(
  item: ItemFeatures,
  decision: Decision,
  postings: readonly Posting[],
  options: StoryOptions,
): StoryChange {
  const summary =
    decision.kind === "join"
      ? withMember(decision.story, item, options.profileTerms)
      : newSummary(item, options.profileTerms);
  const day = dayOf(item.publishedAt);
  const additions: PostingAddition[] = [];
  for (const term of new Set(item.keys.map(keyTerm))) {
    const read = postings.find((p) => p.term === term && p.day === day) ?? {
      term,
      day,
      version: 0,
      stories: new Map<string, number>(),
    };
    if (withStory(read, summary.id, summary.firstAt)) additions.push({ term, day, readVersion: read.version });
  }
  return { item: { id: item.id, publishedAt: item.publishedAt }, summary, postings: additions };
}
