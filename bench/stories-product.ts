/**
 * Stories measured through the product: the development set's feeds served on loopback as its configuration
 * expects them (http://127.0.0.1:8090/feeds/<publisher>.xml), `npm run poll` (the command itself, as a child
 * process) storing them in DynamoDB Local, then `npm run story-score -- --api URL` reading
 * `/api/topics/all-news/items?group=none` from a running server and scoring every item's `story.id` against the
 * labels — three runs, each on a fresh table (`STORIES_PRODUCT_RUNS=N` for N; 0 measures the units alone). The baseline is the same grouping through the in-memory index, in the
 * same run: the product must give the same stories. One more cycle, in this process on a metered store, gives the
 * write and read units per new article with stories and without (the same cycle's units but those of story
 * records), and checks that a second, unchanged poll writes no story record. Needs `../shared/corpus/stories-dev` (skipped without it) and
 * port 8090 free.
 *
 * `npm run bench -- stories-product`, or on its own: `node --import tsx bench/stories-product.ts` (it starts
 * DynamoDB Local itself).
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { runCycle } from "@tributary/core/poll";
import { openStore } from "@tributary/core/store";
import type { GroupingScore } from "@tributary/core/stories";
import { startServer } from "../functions/api/server.ts";
import { startEngine } from "../local/engine.ts";
import { startFeedServer } from "../local/feed-server.ts";
import { readStoryCorpus } from "./stories-corpus.ts";
import { groupWithIndex } from "./stories-eval.ts";
import { type BenchContext, freshStore, type MeterSnapshot, meterStore } from "./support.ts";
import { type Figure, figure, type Skip } from "./table.ts";

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const CORPUS = path.resolve(ROOT, "../shared/corpus/stories-dev");
const GROUP = "stories-product";
/**
 * Runs of the whole product path, each on a fresh table: 3, or `STORIES_PRODUCT_RUNS` (0: only the metered cycle, its
 * write and read units; the scores are left out).
 */
const RUNS = runsWanted(process.env.STORIES_PRODUCT_RUNS);
/** Where the corpus's configuration expects its feeds. */
const FEED_PORT = 8090;

/** One product run: the poll's summary and time, and the score of what the API served. */
export interface ProductRun {
  table: string;
  pollSeconds: number;
  summary: Record<string, number>;
  score: GroupingScore;
}

/** Runs `npm run poll -- --json` and `npm run story-score -- --api …` against a fresh table of `endpoint`. */
async function productRun(dir: string, endpoint: string, log: (line: string) => void): Promise<ProductRun> {
  const table = `stories-${randomUUID()}`;
  const configFile = path.join(dir, "tributary.config.json");
  const env = { ...process.env, TRIBUTARY_CONFIG: configFile, DYNAMODB_ENDPOINT: endpoint, TABLE_NAME: table };
  const started = performance.now();
  const polled = await run("npm", ["run", "--silent", "poll", "--", "--json"], {
    cwd: ROOT,
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  const pollSeconds = (performance.now() - started) / 1000;
  const summary = JSON.parse(polled.stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, number>;
  log(`  poll: ${JSON.stringify(summary)} in ${pollSeconds.toFixed(0)} s`);
  const config = await loadConfig(configFile);
  const store = await openStore({ endpoint, tableName: table, retentionDays: config.retentionDays });
  const server = await startServer({ config, store, port: 0, hostname: "127.0.0.1" });
  try {
    const slug = config.topics[0]?.slug ?? "all-news";
    const api = `${server.url}/api/topics/${slug}/items?group=none`;
    const scored = await run("npm", ["run", "--silent", "story-score", "--", "--corpus", dir, "--api", api, "--json"], {
      cwd: ROOT,
      env: process.env,
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
    const { score } = JSON.parse(scored.stdout.trim().split("\n").at(-1) ?? "{}") as { score: GroupingScore };
    return { table, pollSeconds, summary, score };
  } finally {
    await server.close();
    store.close();
  }
}

const f3 = (x: number) => x.toFixed(3);

/** How many product runs `value` (`STORIES_PRODUCT_RUNS`) asks for: 3 when unset. @throws Error on anything but a whole number ≥ 0 */
function runsWanted(value: string | undefined): number {
  if (value === undefined || value === "") return 3;
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 0)
    throw new Error(`STORIES_PRODUCT_RUNS must be a whole number >= 0, not ${value}`);
  return runs;
}

/** What one cycle storing the corpus consumed (DynamoDB Local's own count), and a second cycle of the same feeds. */
interface Units {
  articles: number;
  fresh: MeterSnapshot;
  again: MeterSnapshot;
}

/** The corpus polled in this process through a metered store: every article new, then every feed unchanged. */
async function meteredRun(dir: string, endpoint: string): Promise<Units> {
  const config = await loadConfig(path.join(dir, "tributary.config.json"));
  const store = await freshStore(endpoint, config.retentionDays);
  const meter = meterStore(store);
  try {
    const cycle = () => runCycle({ config, store, fetcher: new Fetcher({ ...config.poll }) }, { mode: "all" });
    meter.reset();
    const first = await cycle();
    const fresh = meter.snapshot();
    if (first.storageFailed) throw new Error(`the metered cycle's storage failed: ${first.storageError}`);
    meter.reset();
    await cycle();
    return { articles: first.summary.itemsNew, fresh, again: meter.snapshot() };
  } finally {
    store.close();
  }
}

/** Runs the stories-product group. */
export async function runStoriesProduct(
  ctx: BenchContext,
): Promise<{ figures: Figure[]; skips: Skip[]; details: unknown }> {
  const dir = process.env.STORIES_CORPUS ?? CORPUS;
  if (!existsSync(path.join(dir, "tributary.config.json"))) {
    return { figures: [], skips: [{ group: GROUP, name: "(group)", reason: `no corpus at ${dir}` }], details: null };
  }
  const corpus = readStoryCorpus(dir);
  const memory = await groupWithIndex(corpus.items, corpus.labels);
  const feeds = await startFeedServer(path.join(dir, "feeds"), { prefix: "/feeds/", port: FEED_PORT });
  const runs: ProductRun[] = [];
  let units: Units;
  try {
    units = await meteredRun(dir, ctx.endpoint);
    for (let n = 0; n < RUNS; n++) {
      const result = await productRun(dir, ctx.endpoint, ctx.log);
      const { pairwise: p, bcubed: b } = result.score;
      ctx.log(
        `  run ${n + 1}: pairwise P ${f3(p.precision)} R ${f3(p.recall)} F1 ${f3(p.f1)}; ` +
          `B-cubed P ${f3(b.precision)} R ${f3(b.recall)} F1 ${f3(b.f1)}; ${result.score.items} items, ` +
          `${result.score.missing} missing`,
      );
      runs.push(result);
    }
  } finally {
    await feeds.close();
  }
  const perArticle = (n: number) => n / units.articles;
  const kinds = (snapshot: MeterSnapshot, of: "writeByKind" | "readByKind") => ({
    grouping: snapshot[of].story ?? 0,
    cards: snapshot[of]["story-card"] ?? 0,
  });
  const writes = kinds(units.fresh, "writeByKind");
  const reads = kinds(units.fresh, "readByKind");
  const u2 = (n: number) => perArticle(n).toFixed(2);
  ctx.log(
    `  units per new article: ${u2(units.fresh.writeCapacity)} WU (grouping ${u2(writes.grouping)}, cards ${u2(writes.cards)}), ` +
      `${u2(units.fresh.readCapacity)} RU (grouping ${u2(reads.grouping)}, cards ${u2(reads.cards)}); ` +
      `unchanged poll: story writes ${(units.again.writeByKind.story ?? 0) + (units.again.writeByKind["story-card"] ?? 0)}`,
  );
  const mean = (pick: (s: GroupingScore) => number) => runs.reduce((sum, r) => sum + pick(r.score), 0) / runs.length;
  const spread = (pick: (s: GroupingScore) => number) =>
    Math.max(...runs.map((r) => pick(r.score))) - Math.min(...runs.map((r) => pick(r.score)));
  const figures: Figure[] = [];
  if (RUNS > 0)
    figures.push(
      figure({
        group: GROUP,
        name: `dev pairwise F1 through the product (poll, API), mean of ${RUNS} runs`,
        value: mean((s) => s.pairwise.f1),
        unit: "F1",
        baseline: memory.score.pairwise.f1,
        baselineLabel: "the same grouping, in-memory index",
        goal: { op: ">=", target: 0.6, on: "value" },
        note: `precision ${f3(mean((s) => s.pairwise.precision))}, recall ${f3(mean((s) => s.pairwise.recall))}; runs differ by ${f3(spread((s) => s.pairwise.f1))}`,
      }),
      figure({
        group: GROUP,
        name: `dev pairwise precision through the product, mean of ${RUNS} runs`,
        value: mean((s) => s.pairwise.precision),
        unit: "P",
        baseline: memory.score.pairwise.precision,
        baselineLabel: "the same grouping, in-memory index",
        goal: { op: ">=", target: 0.85, on: "value" },
      }),
      figure({
        group: GROUP,
        name: `dev B-cubed F1 through the product, mean of ${RUNS} runs`,
        value: mean((s) => s.bcubed.f1),
        unit: "F1",
        baseline: memory.score.bcubed.f1,
        baselineLabel: "the same grouping, in-memory index",
        note: `precision ${f3(mean((s) => s.bcubed.precision))}, recall ${f3(mean((s) => s.bcubed.recall))}`,
      }),
      figure({
        group: GROUP,
        name: `items scored of ${corpus.items.length} (missing from the API)`,
        value: Math.min(...runs.map((r) => r.score.items)),
        unit: "items",
        baseline: corpus.items.length,
        baselineLabel: "items of the corpus",
        goal: { op: ">=", target: 1, on: "ratio" },
      }),
    );
  const without = {
    writes: units.fresh.writeCapacity - writes.grouping - writes.cards,
    reads: units.fresh.readCapacity - reads.grouping - reads.cards,
  };
  const source = `${units.articles} new articles polled from 1,044 feeds in one cycle; DynamoDB Local's consumed capacity`;
  figures.push(
    figure({
      group: GROUP,
      name: "write units per new article, with stories",
      value: perArticle(units.fresh.writeCapacity),
      unit: "WCU",
      baseline: perArticle(without.writes),
      baselineLabel: "without stories: the same cycle's writes but those of story records",
      note: `grouping (postings, summaries, member rows) ${u2(writes.grouping)}, cards (after joins) ${u2(writes.cards)}; ${source}`,
    }),
    figure({
      group: GROUP,
      name: "grouping's write units per new article (postings, summary, member row), mean",
      value: perArticle(writes.grouping),
      unit: "WCU",
      goal: { op: "<=", target: 5, on: "value" },
      note: "at most 5 for any one article: packages/core/src/store/stories.test.ts",
    }),
    figure({
      group: GROUP,
      name: "read units per new article, with stories",
      value: perArticle(units.fresh.readCapacity),
      unit: "RCU",
      baseline: perArticle(without.reads),
      baselineLabel: "without stories: the same cycle's reads but those of story records",
      note: `grouping ${u2(reads.grouping)} (DynamoDB Local counts a Query that finds nothing as 0, DynamoDB as 0.5), cards ${u2(reads.cards)}; ${source}`,
    }),
    figure({
      group: GROUP,
      name: "grouping's read units per new article (postings, summaries), mean",
      value: perArticle(reads.grouping),
      unit: "RCU",
      goal: { op: "<=", target: 3, on: "value" },
    }),
    figure({
      group: GROUP,
      name: "story records written by a second, unchanged poll",
      value: (units.again.writeByKind.story ?? 0) + (units.again.writeByKind["story-card"] ?? 0),
      unit: "WCU",
      goal: { op: "=", target: 0, on: "value" },
    }),
  );
  return { figures, skips: [], details: { memory: memory.score, runs, units } };
}

// On its own: DynamoDB Local started here, the figures printed.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const engine = await startEngine({ kind: "dynamodb-local" });
  try {
    const { figures, skips } = await runStoriesProduct({ endpoint: engine.endpoint, log: (line) => console.log(line) });
    for (const skip of skips) console.log(`skipped: ${skip.reason} (STORIES_CORPUS=DIR names another)`);
    for (const f of figures)
      console.log(`${f.name}: ${f3(f.value)} (baseline ${f.baseline === null ? "—" : f3(f.baseline)})`);
  } finally {
    await engine.stop();
  }
}
