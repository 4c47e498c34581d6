/**
 * Measures what the worker's batch settings in packages/core/src/aws/plan.ts and docs/scaling.md are chosen from: one
 * worker invocation (the deployed handler, `pollEntries` messages) over 10, 25 and 50 sources, each on its own
 * host, with 2, 4, 8, 16 or all of them fetched at once, against DynamoDB Local and a loopback publisher that
 * answers every request after `DELAY_MS` (a real publisher's DNS, TLS and first byte). 90% of the sources are
 * unchanged (304), 10% have one new article in a 50-item feed, as docs/scaling.md assumes.
 *
 * Prints, per setting: wall time of the invocation, CPU time (user + system, `process.resourceUsage`), peak RSS
 * and heap (sampled every 5 ms), and the bytes the handler logs at INFO (its `batch polled` line and EMF metrics).
 *
 *   npx tsx tests/infra/measure-batch.ts
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { pollerPlan } from "@tributary/core/aws";
import { validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { openStore } from "@tributary/core/store";
import type { SQSEvent } from "aws-lambda";
import { pollEntries } from "../../functions/poller/messages.ts";
import { createWorkerHandler } from "../../functions/poller/worker.ts";
import { startEngine } from "../../local/engine.ts";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { sqsRecord } from "./events.ts";

const SOURCES = 50;
const ITEMS = 50;
const DELAY_MS = 300;
const SIZES = [10, 25, 50];
const CONCURRENCY = [2, 4, 8, 16, 50];
const ROUNDS = 3;
const CONTENT = "<p>Paragraph of an article, as news sites send it in content:encoded.</p>".repeat(20);

async function main() {
  const engine = await startEngine({ kind: "dynamodb-local" });
  const publisher = await startPublisher();
  const port = new URL(publisher.url).port;
  const extra = new Map<number, number>();
  const publish = (source: number, delayMs: number) => {
    const added = extra.get(source) ?? 0;
    const items = Array.from({ length: ITEMS }, (_, n) => {
      const i = n + added;
      return {
        title: `Story ${source}.${i} about diplomacy`,
        link: `https://news.example/${source}/${i}/`,
        pubDate: pubDate(ITEMS + added - i),
        description: `Summary of story ${source}.${i}.`,
        content: CONTENT,
        categories: ["World"],
      };
    });
    publisher.set(`/feed/${source}.rss`, {
      body: rss({ title: `Section ${source}`, items }),
      contentType: "application/rss+xml",
      delayMs,
    });
  };
  for (let s = 0; s < SOURCES; s++) publish(s, 0);
  const config = validateConfig({
    title: "Measure",
    sources: Array.from({ length: SOURCES }, (_, s) => ({
      id: `s${s}`,
      url: `http://h${s}.test:${port}/feed/${s}.rss`,
    })),
    topics: [
      { slug: "all", title: "All", sources: ["*"] },
      { slug: "first", title: "First", sources: Array.from({ length: 10 }, (_, s) => `s${s}`) },
      { slug: "world", title: "World", sources: ["*"], include: ["diplomacy"] },
      { slug: "none", title: "None", sources: ["*"], include: ["no such word"] },
    ],
  });
  const store = await openStore({
    endpoint: engine.endpoint,
    tableName: "measure",
    retentionDays: 90,
    createTable: true,
  });
  const resolve = async () => [{ address: "127.0.0.1", family: 4 as const }];
  const plan = pollerPlan(config.poll);
  let clock = Date.now();
  const now = () => new Date(clock);
  const event = (ids: string[]): SQSEvent => ({
    Records: pollEntries(config, ids, now()).map((entry) => sqsRecord(entry)),
  });
  const worker = (concurrency: number, logLevel: "SILENT" | "INFO") => {
    const fetcher = new Fetcher({ ...plan.fetcher, concurrency, resolve });
    const logger = new Logger({ serviceName: "poller", logLevel });
    const metrics =
      logLevel === "SILENT"
        ? { addMetric() {}, publishStoredMetrics() {} }
        : new Metrics({ namespace: "Tributary", serviceName: "poller" });
    return createWorkerHandler(() => ({ config, store, fetcher, logger, metrics, now }));
  };
  // First ingest, without delay, so that every later poll is a conditional GET.
  await worker(SOURCES, "SILENT")(event(config.sources.map((s) => s.id)));
  for (let s = 0; s < SOURCES; s++) publish(s, DELAY_MS);

  const rows: Record<string, unknown>[] = [];
  let round = 0;
  for (const size of SIZES) {
    for (const concurrency of CONCURRENCY.filter((c) => c <= size)) {
      const walls: number[] = [];
      const cpus: number[] = [];
      let peakRss = 0;
      let peakHeap = 0;
      let logBytes = 0;
      global.gc?.();
      const baseRss = process.memoryUsage().rss;
      for (let r = 0; r < ROUNDS; r++) {
        clock += 11 * 60_000;
        round++;
        const ids = Array.from({ length: size }, (_, i) => `s${i}`);
        // 10% of the batch has one new article.
        for (let i = 0; i < size / 10; i++) {
          const s = (round * 7 + i * 10) % size;
          extra.set(s, (extra.get(s) ?? 0) + 1);
          publish(s, DELAY_MS);
        }
        const handler = worker(concurrency, r === 0 ? "INFO" : "SILENT");
        global.gc?.();
        const sampler = setInterval(() => {
          const m = process.memoryUsage();
          peakRss = Math.max(peakRss, m.rss);
          peakHeap = Math.max(peakHeap, m.heapUsed);
        }, 5);
        const write = process.stdout.write.bind(process.stdout);
        let written = 0;
        process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
          written += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
          return r === 0 ? true : write(chunk, ...rest);
        }) as typeof process.stdout.write;
        const cpu = process.resourceUsage();
        const started = performance.now();
        await handler(event(ids));
        walls.push(performance.now() - started);
        const after = process.resourceUsage();
        process.stdout.write = write;
        clearInterval(sampler);
        cpus.push((after.userCPUTime - cpu.userCPUTime + after.systemCPUTime - cpu.systemCPUTime) / 1000);
        if (r === 0) logBytes = written;
      }
      const mid = (values: number[]) =>
        Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0);
      rows.push({
        sources: size,
        "fetches in flight": concurrency,
        "wall ms (median of 3)": mid(walls),
        "wall ms range": `${Math.round(Math.min(...walls))}–${Math.round(Math.max(...walls))}`,
        "cpu ms (median)": mid(cpus),
        "rss before MB": Math.round(baseRss / 2 ** 20),
        "peak rss MB": Math.round(peakRss / 2 ** 20),
        "peak heap MB": Math.round(peakHeap / 2 ** 20),
        "log bytes": logBytes,
      });
    }
  }
  console.log(`${SOURCES} sources × ${ITEMS} items, publisher delay ${DELAY_MS} ms, node ${process.version}`);
  for (const row of rows) console.log(JSON.stringify(row));
  store.close();
  await publisher.close();
  await engine.stop();
}

await main();
