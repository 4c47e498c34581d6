/**
 * Usage errors, the same for every command (local/args.ts): an unknown option, a missing argument or a bad URL
 * exits 2 before anything is done, with one line saying what is wrong (naming the argument) and then the usage
 * line. The environment would show anything done: a port held (a server would fail with 1) and a data folder not
 * made yet (opening the store makes it).
 */
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript, writeConfig } from "../helpers/cli.ts";

let held: Server;
let env: Record<string, string | undefined>;
let dataDir: string;

beforeAll(async () => {
  held = createServer();
  await new Promise<void>((resolve) => held.listen(0, "127.0.0.1", resolve));
  const config = writeConfig({
    title: "T",
    sources: [{ id: "a", url: "http://127.0.0.1:1/a.rss" }],
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
  });
  dataDir = path.join(path.dirname(config), "data-never-made");
  env = {
    TRIBUTARY_CONFIG: config,
    TRIBUTARY_DATA: dataDir,
    TRIBUTARY_DEMO_DATA: dataDir,
    PORT: String((held.address() as { port: number }).port),
    DYNAMODB_ENDPOINT: undefined,
    LOG_FORMAT: undefined,
  };
});
afterAll(() => new Promise<void>((resolve) => held.close(() => resolve())));

/** Each command with arguments it must refuse, the line saying why, and the start of its usage line. */
const cases: { script: string; args: string[]; problem: string | RegExp; usage: string }[] = [
  {
    script: "check.ts",
    args: ["--bogus"],
    problem: "check: unknown option --bogus (options: none but --help)",
    usage: "npm run check",
  },
  {
    script: "check.ts",
    args: ["extra"],
    problem: "check: unexpected argument extra (check takes none)",
    usage: "npm run check",
  },
  {
    script: "start.ts",
    args: ["--bogus"],
    problem: "start: unknown option --bogus (options: --json, --help)",
    usage: "npm start",
  },
  {
    script: "serve.ts",
    args: ["--json", "x"],
    problem: "serve: unexpected argument x (only --json is taken)",
    usage: "npm run serve",
  },
  {
    script: "demo.ts",
    args: ["--jsn"],
    problem: "demo: unknown option --jsn (options: --json, --help)",
    usage: "npm run demo",
  },
  {
    script: "poll.ts",
    args: ["--bogus"],
    problem: "poll: unknown option --bogus (options: --due, --json, --source ID…)",
    usage: "npm run poll",
  },
  {
    script: "poll.ts",
    args: ["--source"],
    problem: "poll: --source needs at least one source id",
    usage: "npm run poll",
  },
  { script: "parse.ts", args: [], problem: "parse: no file or URL given", usage: "npm run parse" },
  {
    script: "parse.ts",
    args: ["--bogus"],
    problem: "parse: unknown option --bogus (options: none but --help)",
    usage: "npm run parse",
  },
  {
    script: "parse.ts",
    args: ["feed.xml", "ftp://x/y"],
    problem: "parse: not an http or https URL: ftp://x/y (parse reads files, file:// URLs and http(s) URLs)",
    usage: "npm run parse",
  },
  {
    script: "parse.ts",
    args: ["http://127.0.0.1:99999/feed"],
    problem: /^parse: not a valid absolute URL .*: http:\/\/127\.0\.0\.1:99999\/feed/,
    usage: "npm run parse",
  },
  { script: "discover.ts", args: [], problem: "discover: no URL given", usage: "npm run discover" },
  {
    script: "discover.ts",
    args: ["--bogus"],
    problem: "discover: unknown option --bogus (options: none but --help)",
    usage: "npm run discover",
  },
  {
    script: "discover.ts",
    args: ["notaurl"],
    problem: "discover: not a web address: notaurl (a site such as example.org/europe/, or a URL)",
    usage: "npm run discover",
  },
  {
    script: "discover.ts",
    args: ["example.org/europe/", "file:///etc/passwd"],
    problem: "discover: not an http or https URL: file:///etc/passwd",
    usage: "npm run discover",
  },
  {
    script: "extract.ts",
    args: ["--bogus", "https://example.org/"],
    problem: /^extract: unknown option --bogus/,
    usage: "npm run extract",
  },
  {
    script: "story-score.ts",
    args: ["--bogus"],
    problem: /^story-score: unknown option --bogus \(options: --json, --corpus VALUE/,
    usage: "npm run story-score",
  },
  {
    script: "story-score.ts",
    args: ["--api"],
    problem: "story-score: --api needs a value",
    usage: "npm run story-score",
  },
];

describe("usage errors of every command", { timeout: 120_000 }, () => {
  it.each(cases)(
    "$script $args: exit 2, what is wrong, then the usage line",
    async ({ script, args, problem, usage }) => {
      const result = await runScript(script, ["--", ...args], env);
      const lines = result.stderr.trim().split("\n");
      expect({ code: result.code, stdout: result.stdout, lines: lines.length }).toEqual({
        code: 2,
        stdout: "",
        lines: 2,
      });
      if (typeof problem === "string") expect(lines[0]).toBe(problem);
      else expect(lines[0]).toMatch(problem);
      expect(lines[1]?.startsWith(`usage: ${usage}`)).toBe(true);
      expect(existsSync(dataDir)).toBe(false);
    },
  );
});
