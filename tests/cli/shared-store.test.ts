import { type ChildProcess, spawn } from "node:child_process";
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
beforeAll(async () => {
  publisher = await startPublisher();
  publisher.set("/a.rss", {
    body: rss({
      title: "A",
      items: [1, 2].map((n) => ({ title: `Story ${n}`, link: `https://news.example/${n}/`, pubDate: pubDate(n) })),
    }),
  });
});
afterAll(() => publisher.close());

describe("the embedded store is shared", () => {
  it("a poll joins the engine a running server started, and the server shows what it stored", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "tributary-data-"));
    const config = writeConfig({
      title: "Shared",
      sources: [{ id: "a", url: `${publisher.url}/a.rss` }],
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    });
    const port = await freePort();
    const env = { TRIBUTARY_CONFIG: config, TRIBUTARY_DATA: dataDir, DYNAMODB_ENDPOINT: "" };
    const server: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/serve.ts")], {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: "ignore",
    });
    try {
      const empty = await until("the server serving", async () => {
        const response = await fetch(`http://127.0.0.1:${port}/api/topics/all/items`);
        return response.ok ? ((await response.json()) as { items: unknown[] }) : undefined;
      });
      expect(empty.items).toEqual([]);
      expect(latestLease(dataDir)?.pid).toBe(server.pid);

      const poll = await runScript("poll.ts", ["--json"], env);
      expect(poll.code).toBe(0);
      expect(JSON.parse(poll.stdout.trim().split("\n").at(-1) as string)).toMatchObject({ itemsNew: 2 });

      const served = await until("the poll's items served", async () => {
        const body = (await (await fetch(`http://127.0.0.1:${port}/api/topics/all/items`)).json()) as {
          items: unknown[];
        };
        return body.items.length === 2 ? body.items : undefined;
      });
      expect(served).toHaveLength(2);
    } finally {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
    }
  }, 120_000);
});
