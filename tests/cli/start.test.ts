import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../local/engine.ts";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { ROOT, until, writeConfig } from "../helpers/cli.ts";

let publisher: Awaited<ReturnType<typeof startPublisher>>;
beforeAll(async () => {
  publisher = await startPublisher();
  publisher.set("/a.rss", {
    body: rss({
      title: "A",
      items: [1, 2, 3].map((n) => ({ title: `Story ${n}`, link: `https://news.example/${n}/`, pubDate: pubDate(n) })),
    }),
  });
});
afterAll(() => publisher.close());

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/start.ts")], {
    cwd: ROOT,
    env: { ...process.env, DYNAMODB_ENDPOINT: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("did not exit")), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function enginesUsing(dir: string): string[] {
  const ps = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return ps.split("\n").filter((line) => line.includes("DynamoDBLocal") && line.includes(dir));
}

describe("npm start", () => {
  it.each(["SIGINT", "SIGTERM"] as const)(
    "stops cleanly on %s and restarts on the same data",
    async (signal) => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "tributary-data-"));
      const config = writeConfig({
        title: "Start",
        sources: [{ id: "a", url: `${publisher.url}/a.rss` }],
        topics: [{ slug: "all", title: "All", sources: ["*"] }],
      });
      const port = await freePort();
      const env = { TRIBUTARY_CONFIG: config, TRIBUTARY_DATA: dataDir, PORT: String(port) };

      const first = start(env);
      const items = await until("items served", async () => {
        const body = await (await fetch(`http://127.0.0.1:${port}/api/topics/all/items`)).json();
        return body.items.length === 3 ? body.items : undefined;
      });
      expect(first.output()).toMatch(new RegExp(`http://127\\.0\\.0\\.1:${port}`));
      expect(first.output()).toMatch(/store: (DynamoDB Local|dynalite)/);
      // The data folder as an absolute path, whatever the working directory; one topic said as one.
      expect(first.output()).toContain(`, data in ${dataDir}/`);
      expect(first.output()).toContain(`Tributary is serving 1 topic at http://127.0.0.1:${port}/`);
      first.child.kill(signal);
      expect(await exited(first.child, 20_000)).toBe(0);
      expect(enginesUsing(dataDir)).toEqual([]);

      const fetchesBefore = publisher.requests.length;
      const second = start(env);
      const again = await until("items after restart", async () => {
        const body = await (await fetch(`http://127.0.0.1:${port}/api/topics/all/items`)).json();
        return body.items.length === 3 ? body.items : undefined;
      });
      expect(again.map((i: { id: string }) => i.id)).toEqual(items.map((i: { id: string }) => i.id));
      second.child.kill("SIGINT");
      expect(await exited(second.child, 20_000)).toBe(0);
      // The poll at start asks again, conditionally: the feed is unchanged and costs a 304.
      const asked = publisher.requests.slice(fetchesBefore);
      expect(asked).toHaveLength(1);
      expect(asked[0]?.headers["if-none-match"]).toBeTruthy();
      expect(enginesUsing(dataDir)).toEqual([]);
    },
    120_000,
  );

  it("says plainly when no source can be reached, and points to the demo", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "tributary-data-"));
    const closed = await freePort();
    const config = writeConfig({
      title: "Offline",
      sources: [{ id: "a", url: `http://127.0.0.1:${closed}/a.rss` }],
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    });
    const port = await freePort();
    const run = start({ TRIBUTARY_CONFIG: config, TRIBUTARY_DATA: dataDir, PORT: String(port) });
    await until("the hint", async () => (run.output().includes("npm run demo") ? true : undefined));
    expect(run.output()).toMatch(/No source could be reached/);
    run.child.kill("SIGINT");
    expect(await exited(run.child, 20_000)).toBe(0);
  }, 120_000);

  it("with --json, prints nothing but JSON lines, from the store it opens to its stop", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "tributary-data-"));
    const closed = await freePort();
    const config = writeConfig({
      title: "Offline",
      sources: [{ id: "a", url: `http://127.0.0.1:${closed}/a.rss` }],
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    });
    const port = await freePort();
    const run = start({ TRIBUTARY_CONFIG: config, TRIBUTARY_DATA: dataDir, PORT: String(port), LOG_FORMAT: "json" });
    await until("the hint", async () => (run.output().includes('"sources-unreachable"') ? true : undefined));
    run.child.kill("SIGINT");
    expect(await exited(run.child, 20_000)).toBe(0);
    const lines = run
      .output()
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => {
        try {
          return JSON.parse(line) as { event?: string };
        } catch {
          throw new Error(`not a JSON line: ${line}`);
        }
      });
    const events = lines.map((line) => line.event);
    expect(events).toEqual(expect.arrayContaining(["store", "serving", "source", "sources-unreachable", "stopping"]));
    expect(lines).toContainEqual({ event: "stopping", signal: "SIGINT" });
    expect(lines).toContainEqual({ event: "sources-unreachable", hint: expect.stringMatching(/npm run demo/) });
  }, 120_000);
});
