export { defineConfig } from "./define.ts";
export { feedIdentity } from "./feed-url.ts";
export { isCssSelector } from "./full-text.ts";
export { FORBIDDEN_HEADERS } from "./headers.ts";
export { type DeclaredLanguage, topicLanguage } from "./language.ts";
export { languageTag } from "./language-tag.ts";
export { configFileName, configLocation, loadConfig, readJsonConfig } from "./load.ts";
export { bundledConfigOf, PREVALIDATED } from "./prevalidated.ts";
export { type PageRetention, pageRetention, retentionCutoff, retentionEnd } from "./retention.ts";
export type {
  Config,
  ConfigInput,
  FullText,
  PollConfig,
  SourceConfig,
  TopicConfig,
  WebSubConfig,
} from "./schema.ts";
export { LEASE_LIMITS, POLL_DEFAULTS } from "./schema.ts";
export { configuredSource, sourcePosition } from "./source-index.ts";
export { topicSourceIds, validateConfig } from "./validate.ts";
