/**
 * Every command that loads the configuration names the file by its absolute path when it refuses it, however
 * `TRIBUTARY_CONFIG` named it: a relative name means nothing to a user reading the message from another folder.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runScript, writeConfig } from "../helpers/cli.ts";

/** Each command that loads the configuration, with arguments that would otherwise get it working. */
const COMMANDS: [string, string[]][] = [
  ["check.ts", []],
  ["extract.ts", ["http://127.0.0.1:9/page"]],
  ["discover.ts", ["http://127.0.0.1:9/"]],
  ["poll.ts", []],
  ["start.ts", []],
];

describe.concurrent("the configuration file, named in every refusal by its absolute path", () => {
  it.each(COMMANDS)("%s: an invalid configuration", async (script, args) => {
    const file = writeConfig({ title: "T", sources: [], topics: [] });
    const result = await runScript(script, args, { TRIBUTARY_CONFIG: path.relative(ROOT, file), PORT: "0" });
    expect(result.code, result.stderr).toBe(2);
    const [header, ...lines] = result.stderr.trim().split("\n");
    expect(header).toBe(`Invalid configuration (${file}):`);
    expect(lines).toContain("sources: must list at least one source");
  });

  it.each(COMMANDS)("%s: a file that is not JSON", async (script, args) => {
    const file = writeConfig({});
    writeFileSync(file, "{ not json");
    const result = await runScript(script, args, { TRIBUTARY_CONFIG: path.relative(ROOT, file), PORT: "0" });
    expect(result.code, result.stderr).toBe(2);
    const [header, problem] = result.stderr.trim().split("\n");
    expect(header).toBe(`Invalid configuration (${file}):`);
    expect(problem).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: invalid JSON: `));
  });
});
