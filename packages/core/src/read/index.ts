export { failingSince, LONG_FAILURE_MS, sourcesFailingLong } from "./long-failures.ts";
export {
  type PageQuery,
  Reader,
  type ReaderOptions,
  type SourcePage,
  type StoryItems,
  type TopicPage,
  topicListOf,
} from "./reader.ts";
export { type HealthStatus, latestFetch, type SourceHealth, sourceHealth } from "./source-health.ts";
export {
  HEALTH_STATUSES,
  type SourceHealthPage,
  type SourceHealthQuery,
  type SourcePagesDeps,
  sourceHealthPage,
} from "./source-pages.ts";
export { displayTitle, knownTitle, untitledSourceIds } from "./source-titles.ts";
export { COUNT_BOUND, type TopicOverview, type TopicSummary, topicSummary } from "./topic-summary.ts";
