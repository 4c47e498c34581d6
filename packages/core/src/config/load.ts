import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../errors.ts";
import type { Config } from "./schema.ts";
import { validateConfig } from "./validate.ts";

/**
 * How a configuration file is named wherever it is named (its problems, `npm run check` and every local command,
 * a running server's reloads, the deploy): by its absolute path, resolved against `cwd`, so a user reading the
 * message in another folder, or who named it by a relative `TRIBUTARY_CONFIG`, knows which file it is.
 * @example configFileName("conf/t.json", "/home/me") // "/home/me/conf/t.json"
 */
export function configFileName(file: string, cwd = process.cwd()): string {
  return path.resolve(cwd, file);
}

/**
 * Where the configuration comes from, named by `configFileName`: `TRIBUTARY_CONFIG` (a .json file), else
 * `tributary.config.ts` in `cwd`.
 */
export function configLocation(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return configFileName(env.TRIBUTARY_CONFIG || "tributary.config.ts", cwd);
}

/** A TypeScript module read anew from disk, whatever the module cache holds (tsx's `tsImport`). */
async function importFresh(file: string): Promise<{ default?: unknown }> {
  const { tsImport } = await import("tsx/esm/api");
  return (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown };
}

/** A default export as CommonJS interop may wrap it (`{ default: config }`), unwrapped: a configuration has no `default`. */
function unwrapDefault(value: unknown): unknown {
  return value && typeof value === "object" && "default" in value ? (value as { default: unknown }).default : value;
}

/**
 * What keeps `file` from being read as a configuration before reading it, in words, or null: no such file, or a
 * folder (which Node.js would otherwise answer with its module resolver's own words, "Directory import …").
 * `verb` says what failed: "cannot read" (JSON) or "cannot load" (a module).
 */
function fileProblem(file: string, verb: string): string | null {
  let isFolder: boolean;
  try {
    isFolder = statSync(file).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? `${verb}: no such file` : null;
  }
  return isFolder
    ? "is a folder, not a configuration file (a .json file, or a module such as tributary.config.ts)"
    : null;
}

/**
 * The configuration input a `.json` file holds, not yet validated: what `TRIBUTARY_CONFIG` names, read as `npm run
 * check` and the local commands read it, and as deploying bundles it (infra/config.ts).
 * @throws ConfigError when the file is missing, a folder, unreadable or not JSON, its problem's path the file's
 *   `configFileName`.
 */
export function readJsonConfig(given: string): unknown {
  const file = configFileName(given);
  const problem = fileProblem(file, "cannot read");
  if (problem !== null) throw new ConfigError([{ path: file, message: problem }]);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError([{ path: file, message: `cannot read: ${(error as Error).message}` }]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError([{ path: file, message: `invalid JSON: ${(error as Error).message}` }]);
  }
}

/**
 * Loads and validates the configuration: `file` read as JSON when it ends in `.json`, else imported as a module
 * whose default export is the configuration. With `fresh`, a module is read again from disk (a running server
 * reloading an edited `tributary.config.ts`); JSON always is.
 * @throws ConfigError when the file is missing, a folder, unreadable or invalid (a problem of the file itself has
 *   its `configFileName` for path).
 */
export async function loadConfig(given = configLocation(), options: { fresh?: boolean } = {}): Promise<Config> {
  const file = configFileName(given);
  let raw: unknown;
  if (file.endsWith(".json")) {
    raw = readJsonConfig(file);
  } else {
    const problem = fileProblem(file, "cannot load");
    if (problem !== null) throw new ConfigError([{ path: file, message: problem }]);
    try {
      const mod = options.fresh
        ? await importFresh(file)
        : ((await import(pathToFileURL(file).href)) as { default?: unknown });
      raw = unwrapDefault(mod.default);
    } catch (error) {
      throw new ConfigError([{ path: file, message: `cannot load: ${(error as Error).message}` }]);
    }
    if (raw === undefined) throw new ConfigError([{ path: file, message: "has no default export" }]);
  }
  return validateConfig(raw);
}
