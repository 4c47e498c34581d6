export { BACKOFF_CAP_MS, backoffMs } from "./backoff.ts";
export { type CycleDeps, runCycle } from "./cycle.ts";
export { intervalMinutes, recentPublished } from "./interval.ts";
export { copyHash, type MergeOptions, type MergeResult, mergeItems, type Outcome } from "./merge.ts";
export type { CycleResult, PollSummary, SourceOutcome, SourceReport } from "./report.ts";
export { type CycleSelection, dueSourceIds, type HeldBack, heldBack, pickSources } from "./schedule.ts";
export { pollSource } from "./source.ts";
export { CLAIM_LEASE_MS, completeStories, completeStory, rebuildCard, StoryGrouping, updateCard } from "./stories.ts";
export { syncSources, syncTopics } from "./sync.ts";
