import type { Plugin } from "esbuild";

/** See config-plugin.mjs: `tributary.config.ts` (or `options.file`) bundled as its value, gzipped. */
export function configAsJson(options?: { file?: string }): Plugin;
declare const plugins: Plugin[];
export default plugins;
