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
export { latestFetch, type SourceHealth, sourceHealth } from "./source-health.ts";
export { displayTitle, knownTitle, untitledSourceIds } from "./source-titles.ts";
export { COUNT_BOUND, type TopicOverview, type TopicSummary, topicSummary } from "./topic-summary.ts";
