import type { ConfigInput } from "./schema.ts";

/**
 * Declares the configuration in `tributary.config.ts` with full typing. Validation happens when it is loaded.
 * @example
 * export default defineConfig({ title: "Topics", sources: [...], topics: [...] });
 */
export function defineConfig(config: ConfigInput): ConfigInput {
  return config;
}
