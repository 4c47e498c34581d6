import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../local/engine.ts";
import { latestLease } from "../../local/engine-lease.ts";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { ROOT, runScript, until, writeConfig } from "../helpers/cli.ts";

let publisher: Awaited<ReturnType<typeof startPublisher>>;
const started: ChildProcess[] = [];

beforeAll(async () => {
  publisher = await startPublisher();
  publisher.set("/a.rss", {
    body: rss({
      title: "A",
      items: [1, 2].map((n) => ({ title: `Story ${n}`, link: `https://news.example/${n}/`, pubDate: pubDate(n) })),
    }),
  });
});

afterAll(async () => {
  // Whatever a failed test left running: each command in its own process group, its engine included.
  for (const child of started) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exit = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-(child.pid as number), "SIGKILL");
    await exit;
  }
  await publisher.close();
}, 60_000);

/** `npm run serve` in its own process group, as a terminal runs it (Ctrl-C signals the whole group). */
function serve(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/serve.ts")], {
    cwd: ROOT,
    env: { ...process.env, LOG_FORMAT: "text", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  started.push(child);
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** How long a server may take to start or restart its engine (a JVM) on a loaded machine. */
const ENGINE_WAIT_MS = 90_000;

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

async function itemIds(port: number, query = ""): Promise<string[] | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/api/topics/all/items${query}`);
  if (!response.ok) return undefined;
  const body = (await response.json()) as { items: { id: string }[] };
  return body.items.map((item) => item.id);
}

function enginesUsing(dir: string): string[] {
  const ps = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return ps.split("\n").filter((line) => line.includes("DynamoDBLocal") && line.includes(dir));
}

describe("a command that joined the embedded engine outlives the one that started it", () => {
  it("starts the engine again on the same port and data, and keeps serving what was stored", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "tributary-data-"));
    const config = writeConfig({
      title: "Takeover",
      sources: [{ id: "a", url: `${publisher.url}/a.rss` }],
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    });
    const env = { TRIBUTARY_CONFIG: config, TRIBUTARY_DATA: dataDir, DYNAMODB_ENDPOINT: "" };
    const [firstPort, secondPort] = [await freePort(), await freePort()];

    const first = serve({ ...env, PORT: String(firstPort) });
    await until("the first server", async () => ((await itemIds(firstPort)) ? true : undefined), ENGINE_WAIT_MS);
    expect(first.output()).toMatch(/store: (DynamoDB Local|dynalite.*) started/);
    const second = serve({ ...env, PORT: String(secondPort) });
    await until("the second server", async () => ((await itemIds(secondPort)) ? true : undefined), ENGINE_WAIT_MS);
    expect(second.output()).toMatch(/store: (DynamoDB Local|dynalite.*) joined/);
    const lease = latestLease(dataDir);
    expect(lease?.pid).toBe(first.child.pid);

    const poll = await runScript("poll.ts", ["--json"], env);
    expect(poll.code).toBe(0);
    expect(JSON.parse(poll.stdout.trim().split("\n").at(-1) as string)).toMatchObject({ itemsNew: 2 });
    const stored = await until(
      "the second server serving the poll's items",
      async () => {
        const ids = await itemIds(secondPort);
        return ids?.length === 2 ? ids : undefined;
      },
      ENGINE_WAIT_MS,
    );

    // Ctrl-C in the first command's terminal: its whole process group, its engine included.
    process.kill(-(first.child.pid as number), "SIGINT");
    expect(await exited(first.child)).toBe(0);

    await until(
      "the second server's storage back",
      async () => ((await fetch(`http://127.0.0.1:${secondPort}/health`)).ok ? true : undefined),
      ENGINE_WAIT_MS,
    );
    // A URL not asked before, so the server reads the items from the engine, not from what it rendered.
    expect(await itemIds(secondPort, "?limit=7")).toEqual(stored);
    expect(second.output()).toMatch(/started again here/);
    const taken = latestLease(dataDir);
    expect(taken).toMatchObject({ pid: second.child.pid, port: lease?.port, generation: (lease?.generation ?? 0) + 1 });

    // A later command joins the engine the second one now runs, on the same data.
    const again = await runScript("poll.ts", ["--json"], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout.trim().split("\n").at(-1) as string)).toMatchObject({ itemsNew: 0 });
    expect(latestLease(dataDir)).toEqual(taken);
    expect(await itemIds(secondPort, "?limit=8")).toEqual(stored);

    process.kill(-(second.child.pid as number), "SIGINT");
    expect(await exited(second.child)).toBe(0);
    expect(enginesUsing(dataDir)).toEqual([]);
    expect(latestLease(dataDir)).toMatchObject({ pid: second.child.pid, stopped: true });
  }, 300_000);
});
