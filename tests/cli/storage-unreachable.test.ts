import { describe, expect, it } from "vitest";
import { runScript, writeConfig } from "../helpers/cli.ts";

// Port 9 (discard) on loopback: nothing listens there, so every connection is refused at once.
const UNREACHABLE = "http://127.0.0.1:9";

function config(): string {
  return writeConfig({
    title: "Unreachable",
    sources: [{ id: "a", url: "http://127.0.0.1:9/a.rss" }],
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
  });
}

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "");
}

describe("storage unreachable at start (DYNAMODB_ENDPOINT refusing connections)", () => {
  it.each([
    ["serve.ts", []],
    ["start.ts", []],
    ["poll.ts", []],
  ] as const)("%s says it in one line naming the endpoint and exits 1", async (script, args) => {
    const run = await runScript(script, [...args], {
      TRIBUTARY_CONFIG: config(),
      DYNAMODB_ENDPOINT: UNREACHABLE,
      LOG_FORMAT: "text",
      PORT: "0",
    });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      `storage unreachable: DynamoDB at ${UNREACHABLE}: connect ECONNREFUSED 127.0.0.1:9`,
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe("");
  });

  // Each way of asking for JSON lines, each by a real command: `--json` (poll) and LOG_FORMAT=json (serve).
  it.each([
    ["poll.ts", ["--json"], {}],
    ["serve.ts", [], { LOG_FORMAT: "json" }],
  ] as const)("%s %j %j prints it as one JSON line and exits 1", async (script, args, env) => {
    const run = await runScript(script, [...args], {
      TRIBUTARY_CONFIG: config(),
      DYNAMODB_ENDPOINT: UNREACHABLE,
      LOG_FORMAT: undefined,
      PORT: "0",
      ...env,
    });
    expect(run.code).toBe(1);
    const printed = lines(run.stderr);
    expect(printed).toHaveLength(1);
    expect(JSON.parse(printed[0] as string)).toEqual({
      event: "storage-unreachable",
      storage: `DynamoDB at ${UNREACHABLE}`,
      error: "connect ECONNREFUSED 127.0.0.1:9",
    });
    expect(run.stdout).toBe("");
  });
});
