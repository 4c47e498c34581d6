import { configFileName, readJsonConfig, validateConfig } from "@tributary/core/config";
import { bundledConfigDefine } from "../functions/bundled-config.ts";
import configInput from "../tributary.config.ts";

/**
 * The configuration deployed: the `.json` file `TRIBUTARY_CONFIG` names (as `npm run import` writes and `npm run
 * check` validates), else `tributary.config.ts`. An invalid one stops the deploy, one line per problem.
 */
const file = process.env.TRIBUTARY_CONFIG;
if (file && !file.endsWith(".json")) {
  throw new Error(`TRIBUTARY_CONFIG must name a .json file, not ${configFileName(file)}`);
}
const input: unknown = file ? readJsonConfig(file) : configInput;

/** The configuration as the functions will see it. */
export const config = validateConfig(input);

/** The esbuild plugins every function is bundled with: `tributary.config.ts` validated and gzipped (config-plugin.mjs). */
const plugins = "infra/config-plugin.mjs";

/**
 * How every function is bundled: minified, with the JSON configuration defined into the bundle when
 * `TRIBUTARY_CONFIG` names one (functions/bundled-config.ts); `tributary.config.ts` is bundled either way, as
 * infra/config-plugin.mjs makes it (validated, gzipped, not code).
 */
export const nodejsBundle = file
  ? { minify: true, plugins, esbuild: { define: bundledConfigDefine(input) } }
  : { minify: true, plugins };
