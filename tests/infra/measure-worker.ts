/**
 * Measures what docs/scaling.md builds on: the poller as deployed (schedule → FIFO queue → workers of 10
 * messages, the default limits) over 50 sources × 50 items on 50 hosts, against DynamoDB Local and the local
 * publisher on loopback. Three cycles: everything new, nothing changed (304s), 5 of 50 feeds with 2 new items.
 * Prints, per cycle, worker invocation times and DynamoDB requests and consumed capacity (ReturnConsumedCapacity).
 *
 *   npx tsx tests/infra/measure-worker.ts
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { pollerPlan } from "@tributary/core/aws";
import { validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { openStore, type Store } from "@tributary/core/store";
import { createScheduleHandler } from "../../functions/poller/schedule.ts";
import { createWorkerHandler } from "../../functions/poller/worker.ts";
import { startEngine } from "../../local/engine.ts";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { scheduledEvent } from "./events.ts";
import { FifoQueue } from "./fifo.ts";

const SOURCES = 50;
const ITEMS = 50;
const CONTENT = "<p>Paragraph of an article, as news sites send it in content:encoded.</p>".repeat(20);

interface Usage {
  requests: Record<string, number>;
  read: number;
  write: number;
}

/** Sums requests and consumed capacity of every command the store sends. */
function meter(store: Store): { take(): Usage } {
  let usage: Usage = { requests: {}, read: 0, write: 0 };
  store.kit.client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName).replace(/Command$/, "");
      const input = args.input as Record<string, unknown>;
      if (name !== "DescribeTable") input.ReturnConsumedCapacity = "TOTAL";
      usage.requests[name] = (usage.requests[name] ?? 0) + 1;
      const result = await next(args);
      type Consumed = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };
      const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        const writes = /Put|Update|Delete|BatchWrite/.test(name);
        usage.read += c.ReadCapacityUnits ?? (writes ? 0 : (c.CapacityUnits ?? 0));
        usage.write += c.WriteCapacityUnits ?? (writes ? (c.CapacityUnits ?? 0) : 0);
      }
      return result;
    },
    { step: "serialize", priority: "high", name: "measure-capacity" },
  );
  return {
    take() {
      const taken = usage;
      usage = { requests: {}, read: 0, write: 0 };
      return taken;
    },
  };
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))] ?? 0;

async function main() {
  const engine = await startEngine({ kind: "dynamodb-local" });
  const publisher = await startPublisher();
  const port = new URL(publisher.url).port;
  const publish = (source: number, extra: number) => {
    const items = Array.from({ length: ITEMS + extra }, (_, i) => ({
      title: `Story ${source}.${i} about Ukraine and diplomacy`,
      link: `https://news.example/${source}/${i}/`,
      pubDate: pubDate(i),
      description: `Summary of story ${source}.${i}.`,
      content: CONTENT,
      categories: ["World"],
    }));
    publisher.set(`/feed/${source}.rss`, {
      body: rss({ title: `Section ${source}`, items }),
      contentType: "application/rss+xml",
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
      { slug: "ukraine", title: "Ukraine", sources: ["*"], include: ["ukrain"] },
      { slug: "none", title: "None", sources: ["*"], include: ["no such word"] },
    ],
  });
  const plan = pollerPlan(config.poll);
  const store = await openStore({
    endpoint: engine.endpoint,
    tableName: "measure",
    retentionDays: 90,
    createTable: true,
  });
  const usage = meter(store);
  const logger = new Logger({ serviceName: "poller", logLevel: "SILENT" });
  const metrics = { addMetric() {}, publishStoredMetrics() {} };
  const resolve = async () => [{ address: "127.0.0.1", family: 4 as const }];
  const workers = Array.from({ length: plan.maxWorkers }, () => {
    const fetcher = new Fetcher({ ...plan.fetcher, resolve });
    const handler = createWorkerHandler(() => ({ config, store, fetcher, logger, metrics }));
    return async (event: Parameters<typeof handler>[0]) => {
      const started = performance.now();
      const response = await handler(event);
      invocations.push(performance.now() - started);
      return response;
    };
  });
  let invocations: number[] = [];
  const rows: Record<string, unknown>[] = [];
  const cycle = async (label: string, minutesLater: number) => {
    const at = new Date(Date.now() + minutesLater * 60_000);
    const queue = new FifoQueue("many-groups");
    usage.take();
    const scheduleStarted = performance.now();
    await createScheduleHandler(() => ({ config, store, queue, logger, now: () => at }))(scheduledEvent(at));
    const scheduleMs = performance.now() - scheduleStarted;
    const scheduleUsage = usage.take();
    invocations = [];
    const started = performance.now();
    await queue.drain(workers, plan.batchSize);
    const wall = performance.now() - started;
    const used = usage.take();
    rows.push({
      cycle: label,
      enqueued: queue.sent.length,
      invocations: invocations.length,
      "worker ms p50": Math.round(percentile(invocations, 0.5)),
      "worker ms max": Math.round(Math.max(...invocations)),
      "worker ms sum": Math.round(invocations.reduce((a, b) => a + b, 0)),
      "cycle wall ms": Math.round(wall),
      "schedule ms": Math.round(scheduleMs),
      "schedule RCU": Math.round(scheduleUsage.read * 10) / 10,
      "schedule WCU": Math.round(scheduleUsage.write * 10) / 10,
      "workers RCU": Math.round(used.read * 10) / 10,
      "workers WCU": Math.round(used.write * 10) / 10,
      requests: JSON.stringify(used.requests),
    });
  };
  await cycle("1: all new", 0);
  await cycle("2: unchanged (304)", 11);
  for (let s = 0; s < 5; s++) publish(s, 2);
  await cycle("3: 5 feeds +2 items", 22);
  console.log(`plan: ${JSON.stringify(plan)}`);
  console.log(
    `${SOURCES} sources × ${ITEMS} items (~${Buffer.byteLength(CONTENT)} B content each), ${config.topics.length} topics`,
  );
  for (const row of rows) console.log(JSON.stringify(row));
  store.close();
  await publisher.close();
  await engine.stop();
}

await main();
