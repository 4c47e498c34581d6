/**
 * Stories: copies of one article and reports of one event across publishers, grouped online as items are first
 * stored (docs/stories.md).
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
  type StorySummary,
  SUMMARY_MAX_BYTES,
  similarity,
  summaryBytes,
  summaryRecord,
  withMember,
} from "./summary.ts";
export { termWeight } from "./weights.ts";
export { wordsOf } from "./words.ts";
