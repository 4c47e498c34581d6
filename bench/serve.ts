/**
 * Serve: throughput and p99 latency of the node server under autocannon, each route against a route of the same
 * app answering the same bytes from a constant — so the ratio is what the route's own work costs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { type Config, validateConfig } from "@tributary/core/config";
import { runCycle } from "@tributary/core/poll";
import type { Store } from "@tributary/core/store";
import autocannon, { type Result } from "autocannon";
import { type Publisher, startPublisher } from "../testkit/publisher.ts";
import { loopbackFetcher } from "./poll.ts";
import { type BenchContext, entryOf, freshStore, makeArticle, median, newsFeed } from "./support.ts";
import { type Figure, figure, type Skip } from "./table.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GROUP = "serve";
const SLUG = "bench";
const SOURCE = "bench-source";
const ITEMS = 50;
/** Items of the API's first page (its default `limit`). */
const API_ITEMS = 20;
const FEED_PATH = "/feeds/bench.rss";
const CONTENT_BYTES = 2_400;
/** Seconds of each measured run; each pair runs A B, B A, A B, so each route gets ROUNDS × this. */
const RUN_S = 1.5;
const ROUNDS = 3;
const WARMUP_S = 1;
const CONNECTIONS = 10;

/** What one route did under load over its runs. */
interface Load {
  rps: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
}

/** The configuration the bench serves: one source, the loopback publisher's feed of the articles, in one topic. */
export function serveConfig(feedUrl: string, retentionDays: number) {
  return {
    title: "Benchmark",
    sources: [{ id: SOURCE, url: feedUrl, title: "Bench source" }],
    topics: [{ slug: SLUG, title: "Bench topic", description: "Fifty articles with full content", sources: [SOURCE] }],
    retentionDays,
  };
}

/**
 * Stores a topic of 50 articles with full content the way the product does: `publisher` serves them as one RSS
 * feed and a poll cycle reads it into `store` (items, list rows, stories and their cards, list versions).
 */
export async function seed(store: Store, config: Config, publisher: Publisher): Promise<void> {
  const entries = Array.from({ length: ITEMS }, (_, n) => entryOf(makeArticle(n, CONTENT_BYTES)));
  publisher.set(FEED_PATH, {
    body: newsFeed("Bench source", entries),
    contentType: "application/rss+xml; charset=utf-8",
    conditional: true,
  });
  const { summary } = await runCycle({ config, store, fetcher: loopbackFetcher(config) }, { mode: "all" });
  if (summary.itemsNew !== ITEMS) {
    throw new Error(`the bench topic holds ${summary.itemsNew} new items after its poll, not ${ITEMS}`);
  }
}

interface ServerInfo {
  url: string;
  productUrl: string;
  etag: string;
  feedStatus: number;
  feedBytes: number;
  apiStatus: number;
  apiBytes: number;
  /** `<item>` elements of the RSS feed. */
  feedItems: number;
  /** `items` of the API page. */
  apiItems: number;
  conditionalStatus: number;
}

export async function startChild(
  endpoint: string,
  table: string,
  config: unknown,
): Promise<{ child: ChildProcess; info: ServerInfo }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(HERE, "serve-server.ts")], {
    cwd: path.resolve(HERE, ".."),
    env: {
      ...process.env,
      BENCH_ENDPOINT: endpoint,
      BENCH_TABLE: table,
      BENCH_SLUG: SLUG,
      BENCH_CONFIG: JSON.stringify(config),
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bench server did not start within 60 s\n${stderr}`)), 60_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the bench server exited (${code})\n${stderr}`));
    });
    lines.once("line", (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as ServerInfo);
      } catch {
        reject(new Error(`unexpected output from the bench server: ${line}\n${stderr}`));
      }
    });
  });
  return { child, info };
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
    child.kill("SIGTERM");
  });
}

function cannon(url: string, seconds: number, headers: Record<string, string> = {}): Promise<Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, pipelining: 1, timeout: 10, headers });
}

/** Median of the runs' rates and p99s: a burst of load from elsewhere on the machine spoils one run, not the figure. */
function combine(results: Result[]): Load {
  const statuses: Record<string, number> = {};
  for (const r of results) {
    for (const [code, { count }] of Object.entries(r.statusCodeStats ?? {})) {
      statuses[code] = (statuses[code] ?? 0) + Number(count);
    }
  }
  return {
    rps: median(results.map((r) => r.requests.total / r.duration)),
    p99: median(results.map((r) => r.latency.p99)),
    statuses,
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
  };
}

type Target = { url: string; headers?: Record<string, string> };

/** Warms every route, then runs them in turn, rotating the order each round, so drift falls on all alike. */
async function compare(targets: Target[]): Promise<Load[]> {
  for (const target of targets) await cannon(target.url, WARMUP_S, target.headers);
  const runs: Result[][] = targets.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < targets.length; k++) {
      const index = (k + round) % targets.length;
      const target = targets[index];
      if (target) runs[index]?.push(await cannon(target.url, RUN_S, target.headers));
    }
  }
  return runs.map(combine);
}

async function pair(a: Target, b: Target): Promise<[Load, Load]> {
  const [la, lb] = await compare([a, b]);
  if (!la || !lb) throw new Error("no load");
  return [la, lb];
}

function statusText(load: Load): string {
  const codes = Object.entries(load.statuses)
    .map(([code, n]) => `${code}×${n}`)
    .join(", ");
  return `${codes}${load.errors ? `, ${load.errors} errors` : ""}`;
}

/** Runs the serve group. */
export async function runServe(ctx: BenchContext): Promise<{ figures: Figure[]; skips: Skip[]; details: unknown }> {
  const publisher = await startPublisher();
  const written = serveConfig(`${publisher.url}${FEED_PATH}`, 90);
  const config = validateConfig(written);
  const store = await freshStore(ctx.endpoint, config.retentionDays);
  try {
    await seed(store, config, publisher);
  } finally {
    await publisher.close();
  }
  const { child, info } = await startChild(ctx.endpoint, store.table, written);
  const figures: Figure[] = [];
  const details: Record<string, unknown> = { server: info, connections: CONNECTIONS, runSeconds: RUN_S * ROUNDS };
  try {
    if (info.feedStatus !== 200 || info.apiStatus !== 200 || info.conditionalStatus !== 304) {
      throw new Error(
        `unexpected statuses: feed ${info.feedStatus}, api ${info.apiStatus}, conditional ${info.conditionalStatus}`,
      );
    }
    // A page that lost its items would be measured as a fast route: the figures are only worth their pages.
    if (info.feedItems !== ITEMS || info.apiItems !== API_ITEMS) {
      throw new Error(
        `the feed holds ${info.feedItems} items (not ${ITEMS}), the API page ${info.apiItems} (not ${API_ITEMS})`,
      );
    }
    ctx.log(
      `  feed ${info.feedItems} items, ${info.feedBytes} bytes; API page ${info.apiItems} items, ${info.apiBytes} bytes; ${CONNECTIONS} connections`,
    );
    const feedUrl = `${info.url}/feeds/${SLUG}.rss`;
    // DynamoDB Local (a JVM) and the server need ~15 s of traffic before their speed settles (measured: the feed
    // route goes from ~300 to ~1000 req/s over its first 15 s on a 2-core machine).
    for (let i = 0; i < 2; i++) {
      await cannon(feedUrl, 3);
      await cannon(feedUrl, 2, { "If-None-Match": info.etag });
      await cannon(`${info.url}/api/topics/${SLUG}/items`, 2);
    }

    const [feed, constFeed] = await pair({ url: feedUrl }, { url: `${info.url}/api/bench/constant-feed` });
    ctx.log(`  feed ${feed.rps.toFixed(0)} req/s (${statusText(feed)}), constant ${constFeed.rps.toFixed(0)} req/s`);
    const [cond, bare, getItem] = await compare([
      { url: feedUrl, headers: { "If-None-Match": info.etag } },
      { url: `${info.url}/api/bench/bare` },
      { url: `${info.url}/api/bench/get-item` },
    ]);
    if (!cond || !bare || !getItem) throw new Error("no load");
    ctx.log(
      `  304 ${cond.rps.toFixed(0)} req/s (${statusText(cond)}), bare ${bare.rps.toFixed(0)} req/s, GetItem route ${getItem.rps.toFixed(0)} req/s`,
    );
    const [api, constApi] = await pair(
      { url: `${info.url}/api/topics/${SLUG}/items` },
      { url: `${info.url}/api/bench/constant-api` },
    );
    ctx.log(`  API ${api.rps.toFixed(0)} req/s (${statusText(api)}), constant ${constApi.rps.toFixed(0)} req/s`);
    const [product, ours] = await pair({ url: `${info.productUrl}/feeds/${SLUG}.rss` }, { url: feedUrl });
    ctx.log(
      `  feed via startServer ${product.rps.toFixed(0)} req/s, via the bench server ${ours.rps.toFixed(0)} req/s`,
    );
    details.loads = { feed, constFeed, cond, bare, getItem, api, constApi, product, ours };

    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
    const add = (input: Parameters<typeof figure>[0]) => figures.push(figure(input));
    add({
      group: GROUP,
      name: `GET /feeds/${SLUG}.rss req/s (${kb(info.feedBytes)}, ${info.feedItems} items)`,
      value: feed.rps,
      unit: "req/s",
      baseline: constFeed.rps,
      baselineLabel: "a route of the same app, behind the same middleware, answering the same bytes from a constant",
      goal: { on: "ratio", op: ">=", target: 0.7 },
      note: statusText(feed),
    });
    add({
      group: GROUP,
      name: "GET feed p99 latency",
      value: feed.p99,
      unit: "ms",
      baseline: constFeed.p99,
      baselineLabel: "p99 of the constant route",
    });
    add({
      group: GROUP,
      name: "304 (If-None-Match) req/s",
      value: cond.rps,
      unit: "req/s",
      baseline: bare.rps,
      baselineLabel: 'a bare text route of the same app (c.text("ok"))',
      goal: { on: "ratio", op: ">=", target: 0.7 },
      note: statusText(cond),
    });
    add({
      group: GROUP,
      name: "304 req/s against a route doing only its GetItem",
      value: cond.rps,
      unit: "req/s",
      baseline: getItem.rps,
      baselineLabel:
        "a route of the same app that reads the list version from the store on every request and answers ok",
      note: "well over 1: the 304 path reads a list's version from the store at most once a second (LIST_VERSION_MAX_AGE_MS)",
    });
    add({
      group: GROUP,
      name: "304 p99 latency",
      value: cond.p99,
      unit: "ms",
      baseline: bare.p99,
      baselineLabel: "p99 of the bare route",
    });
    add({
      group: GROUP,
      name: `GET /api/topics/${SLUG}/items req/s (${kb(info.apiBytes)}, ${info.apiItems} items)`,
      value: api.rps,
      unit: "req/s",
      baseline: constApi.rps,
      baselineLabel: "a route of the same app, behind the same middleware, answering the same JSON from a constant",
      goal: { on: "ratio", op: ">=", target: 0.7 },
      note: statusText(api),
    });
    add({
      group: GROUP,
      name: "API page p99 latency",
      value: api.p99,
      unit: "ms",
      baseline: constApi.p99,
      baselineLabel: "p99 of the constant route",
    });
    add({
      group: GROUP,
      name: "feed req/s through startServer itself",
      value: product.rps,
      unit: "req/s",
      baseline: ours.rps,
      baselineLabel: "the same feed through the bench server (same app wiring plus constant routes)",
      note: "sanity check that the bench server behaves like functions/api/server.ts",
    });
  } finally {
    await stopChild(child);
  }
  return { figures, skips: [], details };
}
