/**
 * Stories: copies of one article and reports of one event across publishers, grouped online as items are first
 * stored (docs/stories.md has the design and the figures).
 *
 * For one new item: `featuresOf` → `lookupsOf` (its 3 heaviest terms, each over its day ± 1) → `StoryIndex.postings`
 * → `candidatesOf` (≤ 3 story ids) → `StoryIndex.summaries` → `decide` (pure) → `changeOf` (pure) →
 * `StoryIndex.commit` (conditional; on `StoryConflictError` read again and decide again). `groupItems` does all of
 * it for a cycle's new items in `publishedAt`, then id, order.
 *
 * Records (key prefixes proposed): posting `pk Z#<term>, sk <YYYY-MM-DD>` `{v, s: {storyId: firstAt}}` (≤ 24
 * stories, < 1 KB); summary `pk Y#<storyId>, sk Y` `{id, firstAt, size, version, hosts (256-byte Bloom filter),
 * terms (≤ 32)}` (≤ 1,000 bytes); membership `pk Y#<storyId>, sk M#<publishedAt>#<itemId>`; the item's `story`.
 * Per new article at most 3 read units (3 Queries of postings and one BatchGetItem of ≤ 3 summaries, eventually
 * consistent, half a unit each) and 5 write units (summary, membership, ≤ 3 postings).
 */
export { exactTitleGroups, newsblurGroups, tfidfCentroidGroups } from "./baselines.ts";
export {
  candidatesOf,
  changeOf,
  type Decision,
  decayOf,
  decide,
  inWindow,
  type PostingAddition,
  type StoryChange,
} from "./decide.ts";
export { hostOf, type ItemFeatures, itemFeatures, type StoryInput } from "./features.ts";
export { featuresOf, groupItem, groupItems, groupingOrder, type Placement } from "./group.ts";
export { HOST_FILTER_BYTES, mayHoldHost } from "./hosts.ts";
export { MemoryStoryIndex, postingBytes, type StoryMeter } from "./memory-index.ts";
export { STORY_DEFAULTS, STORY_WINDOW_HOURS, type StoryOptions } from "./options.ts";
export { dayOf, lookupsOf, POSTING_MAX_STORIES, type Posting, type PostingLookup } from "./postings.ts";
export { type GroupingScore, type PRF, scoreGrouping } from "./score.ts";
export { StoryConflictError, type StoryIndex } from "./story-index.ts";
export {
  newSummary,
  profileSimilarity,
  type StorySummary,
  SUMMARY_MAX_BYTES,
  similarity,
  summaryBytes,
  summaryRecord,
  withMember,
} from "./summary.ts";
export { termWeight } from "./weights.ts";
