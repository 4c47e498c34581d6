/**
 * The esbuild plugin the functions are bundled with (`nodejs.plugins` in infra/): `tributary.config.ts` enters the
 * bundle as its value, evaluated at build time, gzipped and base64-encoded — `JSON.parse(gunzipSync(…))` — instead
 * of as code. A configuration of 100,000 sources is about 10 MB of JSON: as an object literal it makes the bundle
 * four times larger and a cold start compiles all of it before the handler runs (2–3 s); even as a plain string V8
 * scans every character. Gzipped (feed URLs and ids repeat) it is a tenth of that, and unzipping and parsing it
 * takes tens of milliseconds. It is validated here, once, and marked so: a cold start does not validate 100,000
 * sources again (`bundledConfig()`); an invalid configuration fails the build, as it fails the deploy
 * (infra/poller.ts).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** CommonJS dependencies of the configuration module call require() (as in the functions' bundles). */
const BANNER =
  'import { createRequire as __configRequire } from "node:module"; const require = __configRequire(import.meta.url);';

/** The repository's root, where `@tributary/core` resolves. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * A configuration file validated (`validateConfig`, as the functions would at start): bundled with the validation
 * to a temporary module and imported. @throws ConfigError (one line per problem) when it is invalid
 */
async function validated(file) {
  const dir = await mkdtemp(path.join(tmpdir(), "tributary-config-"));
  try {
    const outfile = path.join(dir, "config.mjs");
    const entry = [
      `import value from ${JSON.stringify(file)};`,
      'import { validateConfig } from "@tributary/core/config";',
      "export default validateConfig(value);",
    ].join("\n");
    await build({
      stdin: { contents: entry, resolveDir: ROOT, sourcefile: "validated-config.ts", loader: "ts" },
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      banner: { js: BANNER },
      logLevel: "silent",
    });
    const module = await import(pathToFileURL(outfile).href);
    return module.default;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The module a validated configuration becomes: its JSON, gzipped, in base64, read back on import and marked
 * validated (`PREVALIDATED` in packages/core/src/config/prevalidated.ts), so `bundledConfig()` takes it as it is.
 */
function moduleOf(config) {
  const packed = gzipSync(Buffer.from(JSON.stringify(config), "utf8"), { level: 9 }).toString("base64");
  return [
    'import { gunzipSync } from "node:zlib";',
    `const config = JSON.parse(gunzipSync(Buffer.from(${JSON.stringify(packed)}, "base64")).toString("utf8"));`,
    'Object.defineProperty(config, Symbol.for("tributary.config.prevalidated"), { value: true });',
    "export default config;",
  ].join("\n");
}

/**
 * The plugin: every import of `tributary.config.ts` (or of `options.file`, a `.ts` or `.json` configuration that
 * replaces it, as the scale bench does) becomes a module whose default export is its value (`moduleOf`).
 * @param {{ file?: string }} [options]
 * @returns {import("esbuild").Plugin}
 */
export function configAsJson(options = {}) {
  return {
    name: "tributary-config-as-json",
    setup(b) {
      b.onResolve({ filter: /(^|[/\\])tributary\.config\.ts$/ }, (args) => ({
        path: options.file ?? path.resolve(args.resolveDir, args.path),
        namespace: "tributary-config",
      }));
      b.onLoad({ filter: /.*/, namespace: "tributary-config" }, async (args) => ({
        contents: moduleOf(await validated(args.path)),
        loader: "js",
        watchFiles: [args.path],
      }));
    },
  };
}

/** What SST loads (`nodejs: { plugins: "infra/config-plugin.mjs" }`): a list of plugins. */
export default [configAsJson()];
