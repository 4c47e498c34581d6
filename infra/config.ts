import { readJsonConfig, validateConfig } from "@tributary/core/config";
import { bundledConfigDefine } from "../functions/bundled-config.ts";
import configInput from "../tributary.config.ts";

/**
 * The configuration deployed: the `.json` file `TRIBUTARY_CONFIG` names (as `npm run import` writes and `npm run
 * check` validates), else `tributary.config.ts`. An invalid one stops the deploy, one line per problem.
 */
const file = process.env.TRIBUTARY_CONFIG;
if (file && !file.endsWith(".json")) throw new Error(`TRIBUTARY_CONFIG must name a .json file, not ${file}`);
const input: unknown = file ? readJsonConfig(file) : configInput;

/** The configuration as the functions will see it. */
export const config = validateConfig(input);

/**
 * How every function is bundled: minified, with the JSON configuration defined into the bundle when
 * `TRIBUTARY_CONFIG` names one (functions/bundled-config.ts); `tributary.config.ts` is bundled either way.
 */
export const nodejsBundle = file ? { minify: true, esbuild: { define: bundledConfigDefine(input) } } : { minify: true };
