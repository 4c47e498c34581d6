/**
 * Start-up failures of the local commands, as real processes: the port in use (`npm run demo`, `npm start`,
 * `npm run serve`) is one clear line and exit status 1, the engine never started; and a command that fails after
 * its engine started leaves no engine running and its lease released, so the next command starts one afresh.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../local/engine.ts";
import { latestLease, leaseLive } from "../../local/engine-lease.ts";
import { ROOT, writeConfig } from "../helpers/cli.ts";

const folders: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  // Only on failure is anything left: stop what these tests started, by pid.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const dir of folders) {
    for (const line of enginesUnder(dir)) process.kill(Number(line.trim().split(/\s+/)[0]), "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});

function dataFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tributary-startup-"));
  folders.push(dir);
  return dir;
}

/** DynamoDB Local processes keeping their data under `dir`, as `pid args` lines. */
function enginesUnder(dir: string): string[] {
  const ps = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return ps.split("\n").filter((line) => line.includes("DynamoDBLocal") && line.includes(dir));
}

/** The engines still running under `dir` once they have had `ms` to exit (a JVM takes a moment after SIGTERM). */
async function enginesLeft(dir: string, ms = 15_000): Promise<string[]> {
  const deadline = Date.now() + ms;
  while (enginesUnder(dir).length > 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 250));
  return enginesUnder(dir);
}

/** Runs a script to its end (at most 90 s): its exit status and everything it printed. */
function run(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, DYNAMODB_ENDPOINT: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => reject(new Error(`${script} did not exit within 90 s\n${output}`)), 90_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** A server holding a loopback port, as another program would. */
async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const port = await freePort();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { port, server };
}

describe("a local command that cannot start", () => {
  const config = writeConfig({
    title: "Start-up",
    sources: [{ id: "a", url: "http://127.0.0.1:9/a.rss" }],
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
  });

  it.each([
    ["npm run demo", "scripts/demo.ts", "TRIBUTARY_DEMO_DATA"],
    ["npm start", "scripts/start.ts", "TRIBUTARY_DATA"],
    ["npm run serve", "scripts/serve.ts", "TRIBUTARY_DATA"],
  ])(
    "%s with its port in use: one clear line, status 1, no engine left",
    async (_name, script, dataVariable) => {
      const dataDir = dataFolder();
      const { port, server } = await occupiedPort();
      try {
        const env = { PORT: String(port), TRIBUTARY_CONFIG: config, [dataVariable]: dataDir, LOG_FORMAT: "text" };
        const result = await run(script, [], env);
        expect(result.code, result.output).toBe(1);
        const failures = result.output.split("\n").filter((line) => line.includes("could not start"));
        expect(failures).toEqual([
          `Tributary could not start: port ${port} on 127.0.0.1 is in use (another server, perhaps Tributary, runs there): stop it, or set PORT to a free port`,
        ]);
        expect(result.output, "no stack trace").not.toMatch(/^\s+at /m);
        expect(enginesUnder(dataDir)).toEqual([]);
        const lease = latestLease(dataDir) ?? latestLease(path.join(dataDir));
        expect(lease === null || !leaseLive(lease)).toBe(true);
      } finally {
        server.close();
      }
    },
    120_000,
  );

  // The values PORT refuses are listed by `listenPort`'s own test (local/runtime.test.ts); here each command that
  // listens refuses one, in its words, before anything starts.
  it.each([
    ["npm run demo", "scripts/demo.ts", "abc", true],
    ["npm start", "scripts/start.ts", "65536", false],
    ["npm run serve", "scripts/serve.ts", "-1", false],
  ])(
    "%s (%s) with PORT=%s: one line naming PORT, status 1, nothing started",
    async (_name, script, value, json) => {
      const dataDir = dataFolder();
      // The demo runs its own configuration (and says so when TRIBUTARY_CONFIG is set): the others are given one.
      const env = {
        PORT: value,
        ...(script === "scripts/demo.ts" ? {} : { TRIBUTARY_CONFIG: config }),
        TRIBUTARY_DATA: dataDir,
        TRIBUTARY_DEMO_DATA: dataDir,
      };
      const result = await run(script, [], { ...env, LOG_FORMAT: "text" });
      expect(result.code, result.output).toBe(1);
      expect(result.output.trim().split("\n")).toEqual([
        `Tributary could not start: PORT must be a whole number from 0 to 65535 (0: any free port), not "${value}"`,
      ]);
      expect(enginesUnder(dataDir)).toEqual([]);
      if (!json) return;
      const line = await run(script, ["--json"], env);
      expect(line.code).toBe(1);
      expect(JSON.parse(line.output.trim())).toEqual({
        event: "startup-failed",
        error: expect.stringContaining(`PORT must be a whole number`),
      });
    },
    120_000,
  );

  it("says so in one JSON line when it prints JSON lines", async () => {
    const { port, server } = await occupiedPort();
    try {
      const env = { PORT: String(port), TRIBUTARY_DEMO_DATA: dataFolder(), LOG_FORMAT: "json" };
      const result = await run("scripts/demo.ts", [], env);
      expect(result.code).toBe(1);
      const last = result.output.trim().split("\n").at(-1) ?? "";
      expect(JSON.parse(last)).toEqual({ event: "startup-failed", error: expect.stringContaining(`port ${port}`) });
    } finally {
      server.close();
    }
  }, 120_000);

  it("leaves no engine running when it fails after starting one, and the next command starts one afresh", async () => {
    const dataDir = dataFolder();
    const failed = await run("tests/cli/programs/fail-after-engine.ts", [dataDir], {});
    expect(failed.output).toMatch(/engine running at http:\/\/127\.0\.0\.1:\d+/);
    expect(failed.code).not.toBe(0);
    expect(await enginesLeft(dataDir)).toEqual([]);
    const lease = latestLease(dataDir);
    expect(lease, "the lease was written").not.toBeNull();
    expect(leaseLive(lease as NonNullable<typeof lease>)).toBe(false);
    const again = await run("tests/cli/programs/fail-after-engine.ts", [dataDir], {});
    expect(again.output).toMatch(/store: .* started/);
    expect(await enginesLeft(dataDir)).toEqual([]);
  }, 180_000);
});
