export { BACKOFF_CAP_MS, backoffMs } from "./backoff.ts";
export { type CycleDeps, pickSources, runCycle } from "./cycle.ts";
export { copyHash, type MergeResult, mergeItems, type Outcome } from "./merge.ts";
export { type CycleResult, formatTable, type PollSummary, type SourceReport } from "./report.ts";
export { type CycleSelection, dueSourceIds } from "./schedule.ts";
export { pollSource } from "./source.ts";
export { syncSources, syncTopics } from "./sync.ts";
export { listsOf, passesFilters, topicFingerprint, topicsOf } from "./topics.ts";
