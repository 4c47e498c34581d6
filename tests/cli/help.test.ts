/**
 * `--help` and `-h` of every command of package.json that runs a program of ours: its usage on stdout, status 0,
 * and nothing else done. The environment is set so that anything else would show: an invalid configuration (a
 * command reading it exits 2), a port held by another server (a command serving exits 1) and a data folder that
 * does not exist yet (a command opening the store creates it). Each command runs with the module hooks of
 * programs/help-only-hooks.mjs: help is answered before any of its imports but Node.js built-ins and local/help.ts
 * (no core, no AWS SDK) is loaded, or it fails naming the import.
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runScript, writeConfig } from "../helpers/cli.ts";

/** Every npm script that runs one of our programs, and that program (`node --import tsx FILE`). */
const scripts = Object.entries(
  (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts,
).flatMap(([name, command]) => {
  const program = /^node --import tsx (\S+\.ts)$/.exec(command)?.[1];
  return program ? [{ name, program }] : [];
});

describe("--help of every command", () => {
  let held: Server;
  let env: Record<string, string | undefined>;
  let dataDir: string;

  beforeAll(async () => {
    held = createServer();
    await new Promise<void>((resolve) => held.listen(0, "127.0.0.1", resolve));
    const config = writeConfig({ title: "T", sources: [], topics: [{ slug: "x" }] });
    dataDir = path.join(path.dirname(config), "data-never-made");
    env = {
      TRIBUTARY_CONFIG: config,
      TRIBUTARY_DATA: dataDir,
      TRIBUTARY_DEMO_DATA: dataDir,
      PORT: String((held.address() as { port: number }).port),
      NODE_OPTIONS: [
        process.env.NODE_OPTIONS,
        `--import=${pathToFileURL(path.join(ROOT, "tests", "cli", "programs", "help-only.mjs")).href}`,
      ]
        .filter(Boolean)
        .join(" "),
      DYNAMODB_ENDPOINT: undefined,
      LOG_FORMAT: undefined,
    };
  });
  afterAll(() => new Promise<void>((resolve) => held.close(() => resolve())));

  it("covers the commands", () => {
    expect(scripts.map((s) => s.name)).toEqual(
      expect.arrayContaining(["start", "demo", "serve", "poll", "parse", "check", "discover", "extract", "import"]),
    );
    expect(scripts.map((s) => s.name)).toEqual(
      expect.arrayContaining(["story-score", "bench", "soak", "client:types", "client:build"]),
    );
  });

  // One run per command, the two flags taken in turn (the rule is one function, `answerHelp`).
  it.each(scripts.map(({ name, program }, i) => ({ name, program, flag: i % 2 === 0 ? "--help" : "-h" })))(
    "npm run $name -- $flag: the usage and options, status 0, nothing done nor loaded",
    async ({ name, program, flag }) => {
      const invocation = name === "start" ? "npm start" : `npm run ${name}`;
      // Before the other arguments or after them, help is help.
      const args = name === "poll" ? ["--due", flag] : [flag, "more"];
      const result = await runScript(path.relative(path.join(ROOT, "scripts"), path.join(ROOT, program)), args, env);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout.startsWith(`usage: ${invocation}`), result.stdout).toBe(true);
      expect(result.stdout).toContain("-h, --help");
      expect(existsSync(dataDir)).toBe(false);
    },
  );

  it("lists the environment a command reads: the demo's configuration is its own, not TRIBUTARY_CONFIG", async () => {
    const demo = await runScript("demo.ts", ["--help"], env);
    const start = await runScript("start.ts", ["--help"], env);
    const environment = (help: string) => help.slice(help.indexOf("Environment:"));
    expect(environment(start.stdout)).toMatch(/^ {2}TRIBUTARY_CONFIG {3}a \.json configuration/m);
    expect(environment(demo.stdout)).not.toContain("TRIBUTARY_CONFIG");
    expect(demo.stdout).toContain("Its configuration is always tributary.config.ts (not TRIBUTARY_CONFIG");
    expect(environment(demo.stdout)).toMatch(/^ {2}TRIBUTARY_DEMO_DATA/m);
  });
});
