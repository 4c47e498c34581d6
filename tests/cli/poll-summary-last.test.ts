/**
 * `npm run poll` prints its summary last, WebSub deliveries included: the lines of the deliveries it
 * sends after the cycle (stderr) come before the summary (stdout) when both streams go to one file, as
 * `npm run poll -- --json >log 2>&1` gives them.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openStore, type Store } from "@tributary/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stories } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { ROOT, writeConfig } from "../helpers/cli.ts";
import { engineEndpoint } from "../helpers/store.ts";
import { startSubscriber, type TestSubscriber } from "../websub-delivery/subscriber.ts";

/** Runs `scripts/poll.ts` with stdout and stderr appended to one file; the file's lines once it exits. */
function pollInOneFile(args: string[], env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "tributary-poll-")), "out.log");
  const fd = openSync(file, "a");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "poll.ts"), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", fd, fd],
    });
    closeSync(fd);
    child.once("error", reject);
    child.once("exit", (code) => {
      const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
      resolve({ code, lines });
    });
  });
}

let publisher: Awaited<ReturnType<typeof startPublisher>>;
let subscriber: TestSubscriber;

beforeAll(async () => {
  publisher = await startPublisher();
  subscriber = await startSubscriber();
});
afterAll(async () => {
  await subscriber.close();
  await publisher.close();
});

/** A configuration of one source on its own feed path, a store on a fresh table, and a subscriber of its topic. */
async function setup(feed: string): Promise<{ env: Record<string, string>; store: Store }> {
  publisher.set(feed, { body: stories(2) });
  const file = writeConfig({
    title: "Order",
    sources: [{ id: "a", url: `${publisher.url}${feed}` }],
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
  });
  const endpoint = engineEndpoint();
  const tableName = `t-${randomUUID()}`;
  const store = await openStore({ endpoint, tableName, retentionDays: 90, createTable: true });
  await store.subscriptions.save({
    slug: "all",
    format: "rss",
    topic: "http://127.0.0.1:3000/feeds/all.rss",
    callback: subscriber.callback,
    callbackHost: new URL(subscriber.callback).hostname,
    secret: null,
    leaseSeconds: 3600,
    verifiedAt: new Date().toISOString(),
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
  });
  return { env: { TRIBUTARY_CONFIG: file, DYNAMODB_ENDPOINT: endpoint, TABLE_NAME: tableName }, store };
}

describe("npm run poll prints its summary last", () => {
  it("with --json: the delivery lines come before the summary line", { timeout: 90_000 }, async () => {
    const { env, store } = await setup("/json.rss");
    const before = subscriber.received.length;
    const { code, lines } = await pollInOneFile(["--json"], env);
    expect(code).toBe(0);
    expect(subscriber.received.length).toBe(before + 1);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const delivery = parsed.findIndex((l) => l.event === "websub-delivery");
    expect(delivery, lines.join("\n")).toBeGreaterThanOrEqual(0);
    expect(parsed[delivery]).toMatchObject({ callback: subscriber.callback, outcome: "delivered" });
    expect(parsed.at(-1), lines.join("\n")).toEqual({
      sources: 1,
      fetched: 1,
      notModified: 0,
      failed: 0,
      itemsNew: 2,
      itemsUpdated: 0,
      itemsUnchanged: 0,
    });
    expect(parsed.filter((l) => "sources" in l && !("event" in l))).toHaveLength(1);
    store.close();
  });

  it("in the format for people: the delivery lines come before the summary lines, which end the output", {
    timeout: 90_000,
  }, async () => {
    const { env, store } = await setup("/text.rss");
    const before = subscriber.received.length;
    const { code, lines } = await pollInOneFile([], { ...env, LOG_FORMAT: "text", NO_COLOR: "1" });
    expect(code).toBe(0);
    expect(subscriber.received.length).toBe(before + 1);
    const delivery = lines.findIndex((l) => l.startsWith(`websub: ${subscriber.callback} delivered`));
    const summary = lines.findIndex((l) => /^1 source polled in /.test(l));
    expect(delivery, lines.join("\n")).toBeGreaterThanOrEqual(0);
    expect(summary, lines.join("\n")).toBeGreaterThan(delivery);
    expect(lines.slice(summary + 1)).toEqual([
      "2 articles seen (each once, however many sources list it): 2 new, 0 updated, 0 unchanged",
    ]);
    store.close();
  });
});
