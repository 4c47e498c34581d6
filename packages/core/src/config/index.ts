export { defineConfig } from "./define.ts";
export { configLocation, loadConfig } from "./load.ts";
export type { Config, ConfigInput, PollConfig, SourceConfig, TopicConfig } from "./schema.ts";
export { topicSourceIds, validateConfig } from "./validate.ts";
