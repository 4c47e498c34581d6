import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../errors.ts";
import type { Config } from "./schema.ts";
import { validateConfig } from "./validate.ts";

/** Where the configuration comes from: `TRIBUTARY_CONFIG` (a .json file) or `tributary.config.ts`. */
export function configLocation(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const named = env.TRIBUTARY_CONFIG;
  return named ? path.resolve(cwd, named) : path.join(cwd, "tributary.config.ts");
}

/**
 * Loads and validates the configuration.
 * @throws ConfigError when the file is missing, unreadable or invalid.
 */
export async function loadConfig(file = configLocation()): Promise<Config> {
  let raw: unknown;
  if (file.endsWith(".json")) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new ConfigError([{ path: file, message: `cannot read: ${(error as Error).message}` }]);
    }
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new ConfigError([{ path: file, message: `invalid JSON: ${(error as Error).message}` }]);
    }
  } else {
    try {
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
      raw = mod.default;
    } catch (error) {
      throw new ConfigError([{ path: file, message: `cannot load: ${(error as Error).message}` }]);
    }
    if (raw === undefined) throw new ConfigError([{ path: file, message: "has no default export" }]);
  }
  return validateConfig(raw);
}
