/**
 * A JSON configuration deployed with `TRIBUTARY_CONFIG`: infra/config.ts has esbuild define its text into every
 * function's bundle under `BUNDLED_CONFIG`, which `bundledConfig()` (functions/runtime.ts) reads before falling back
 * to the bundled `tributary.config.ts`.
 */

/** The expression esbuild replaces with the configuration's JSON text (a string literal) when one is deployed. */
export const BUNDLED_CONFIG = "process.env.TRIBUTARY_BUNDLED_CONFIG";

/**
 * esbuild's `define` that bundles `input` (a configuration as JSON holds it) into a function.
 * @example bundledConfigDefine({ title: "T", … }) // { "process.env.TRIBUTARY_BUNDLED_CONFIG": "\"{\\\"title\\\":…}\"" }
 */
export function bundledConfigDefine(input: unknown): Record<string, string> {
  return { [BUNDLED_CONFIG]: JSON.stringify(JSON.stringify(input)) };
}
