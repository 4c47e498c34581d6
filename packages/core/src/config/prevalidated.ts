/**
 * A configuration validated when the functions were bundled (infra/config-plugin.mjs): the bundle carries
 * `validateConfig`'s output, marked, so a cold start need not validate 100,000 sources again.
 */
import type { Config } from "./schema.ts";
import { validateConfig } from "./validate.ts";

/** The mark the bundler sets (non-enumerable) on a configuration it validated; `Symbol.for`, so it crosses bundles. */
export const PREVALIDATED = Symbol.for("tributary.config.prevalidated");

/**
 * `input` as a validated configuration: itself when the bundler marked it validated (`PREVALIDATED`), else
 * `validateConfig(input)`.
 * @throws ConfigError when it is unmarked and invalid
 */
export function bundledConfigOf(input: unknown): Config {
  if (input && typeof input === "object" && (input as Record<symbol, unknown>)[PREVALIDATED] === true) {
    return input as Config;
  }
  return validateConfig(input);
}
