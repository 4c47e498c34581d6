import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { configFileName, configLocation, loadConfig, readJsonConfig } from "./load.ts";

/** The problems a refused load gave, as `path: message` lines. */
async function problemsOf(load: () => unknown): Promise<string[]> {
  try {
    await load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error("loaded");
}

describe("naming the configuration file", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tributary-load-"));
  const relative = (file: string) => path.relative(process.cwd(), file);

  it("names it by its absolute path, however it was given", () => {
    expect(configFileName("conf/t.json", "/home/me")).toBe("/home/me/conf/t.json");
    expect(configFileName("/etc/t.json", "/home/me")).toBe("/etc/t.json");
    expect(configLocation({ TRIBUTARY_CONFIG: "conf/t.json" }, "/home/me")).toBe("/home/me/conf/t.json");
    expect(configLocation({}, "/home/me")).toBe("/home/me/tributary.config.ts");
  });

  it("gives the absolute path in the problem of a file missing, not JSON or without a default export", async () => {
    const missing = path.join(dir, "missing.json");
    const broken = path.join(dir, "broken.json");
    writeFileSync(broken, "{ not json");
    const empty = path.join(dir, "empty.config.mjs");
    writeFileSync(empty, "export const title = 'no default';\n");
    const cases: [() => unknown, string, RegExp][] = [
      [() => readJsonConfig(relative(missing)), missing, /^cannot read: /],
      [() => loadConfig(relative(missing)), missing, /^cannot read: /],
      [() => readJsonConfig(relative(broken)), broken, /^invalid JSON: /],
      [() => loadConfig(relative(broken)), broken, /^invalid JSON: /],
      [() => loadConfig(relative(empty)), empty, /^has no default export$/],
      [
        () => loadConfig(relative(path.join(dir, "absent.config.ts"))),
        path.join(dir, "absent.config.ts"),
        /^cannot load: /,
      ],
    ];
    for (const [load, file, message] of cases) {
      const [problem, ...more] = await problemsOf(load);
      expect(more).toEqual([]);
      expect(problem?.startsWith(`${file}: `), problem).toBe(true);
      expect(problem?.slice(file.length + 2)).toMatch(message);
    }
  });
});
