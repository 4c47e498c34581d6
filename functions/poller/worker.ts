import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { POLLER_METRICS, pollerPlan } from "@tributary/core/aws";
import type { Config } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { type PageRun, ruleOf, runPageJobs } from "@tributary/core/fulltext";
import { type CycleResult, runCycle } from "@tributary/core/poll";
import type { Store } from "@tributary/core/store";
import { afterCycle } from "@tributary/core/websub";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { bundledConfig, functionLogger, functionMetrics, linkedStore, type MetricsSink, once } from "../runtime.ts";
import { queueSender, sqsWebSubQueue } from "../websub/queue.ts";
import { parsePollMessage } from "./messages.ts";
import { recordCycle } from "./telemetry.ts";

/** What a worker needs. */
export interface WorkerDeps {
  config: Config;
  store: Store;
  /** Limited as `pollerPlan` says, so that the limits hold across workers. */
  fetcher: Fetcher;
  logger: Logger;
  metrics: MetricsSink;
  now?: () => Date;
  /** After a batch's commit: queues the WebSub deliveries of the topics it changed; returns how many. */
  afterBatch?: (result: CycleResult) => Promise<number>;
}

/**
 * Ids of the records to hand back to SQS: their message could not be read, or the items of one of its sources
 * could not be stored (SQS then delivers the whole message again; its other sources are polled again, which
 * stores nothing twice).
 */
function failedRecords(event: SQSEvent, result: CycleResult | null): { itemIdentifier: string }[] {
  const storageFailed = new Set(result?.reports.filter((r) => r.outcome === "storage-error").map((r) => r.id));
  return event.Records.filter((record) => {
    const message = parsePollMessage(record.body);
    return !message || !result || message.sourceIds.some((id) => storageFailed.has(id));
  }).map((record) => ({ itemIdentifier: record.messageId }));
}

/** The earliest schedule run among the batch's messages: its healthy sources are next due an interval after. */
function scheduledAt(event: SQSEvent): Date | undefined {
  const times = event.Records.map((r) => Date.parse(parsePollMessage(r.body)?.scheduledAt ?? "")).filter(
    (t) => !Number.isNaN(t),
  );
  return times.length > 0 ? new Date(Math.min(...times)) : undefined;
}

/** Time a worker keeps, after it stops claiming page jobs, for the fetches under way and its deliveries. */
const PAGES_MARGIN_MS = 30_000;

/**
 * The article pages of the batch's sources that are due (those its polls just left, and retries come due), off
 * the polls' path: after them, in this worker's fetcher slots, so the per-host limits of the poll queue's host
 * groups hold for pages too (SPEC §6). No new page job is claimed once the invocation has less than a fetch
 * timeout and `PAGES_MARGIN_MS` left. Never fails the batch: a job left unfinished is due again for the next
 * worker of its sources.
 */
async function runBatchPages(deps: WorkerDeps, ids: string[], context?: Context): Promise<PageRun | null> {
  // Sources that never want pages have no jobs: their batches read nothing for them.
  const wanting = deps.config.sources.filter((s) => ids.includes(s.id) && ruleOf(deps.config, s) !== "never");
  if (wanting.length === 0) return null;
  const stop = new AbortController();
  const left = context?.getRemainingTimeInMillis?.();
  const budget = left === undefined ? null : left - deps.config.poll.timeoutMs - PAGES_MARGIN_MS;
  if (budget !== null && budget <= 0) return null;
  const timer = budget === null ? undefined : setTimeout(() => stop.abort(), budget);
  try {
    return await runPageJobs({ ...deps, sources: new Set(wanting.map((s) => s.id)), signal: stop.signal });
  } catch (error) {
    deps.logger.error("page jobs not read", { error: error as Error });
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The queue worker's handler: polls the sources of a batch of messages with the very cycle of `npm run poll`
 * (`runCycle`, mode `ids`), then fetches the article pages of those sources that are due (`runBatchPages`).
 * A fetch or parse failure is the source's, recorded in its state, and the message is done; a storage failure
 * returns the message to the queue (partial batch response), so SQS retries it and in the end moves it to the
 * dead-letter queue. A page never fails a message.
 */
export function createWorkerHandler(load: () => WorkerDeps | Promise<WorkerDeps>) {
  const deps = once(load);
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const loaded = await deps();
    const { config, store, fetcher, logger, metrics, now, afterBatch } = loaded;
    if (context) logger.addContext(context);
    const ids = [...new Set(event.Records.flatMap((r) => parsePollMessage(r.body)?.sourceIds ?? []))];
    for (const record of event.Records) {
      if (!parsePollMessage(record.body))
        logger.error("unreadable message", { messageId: record.messageId, body: record.body });
    }
    if (ids.length === 0) return { batchItemFailures: failedRecords(event, null) };
    let result: CycleResult | null = null;
    const started = Date.now();
    try {
      result = await runCycle({ config, store, fetcher, now, scheduledAt: scheduledAt(event) }, { mode: "ids", ids });
    } catch (error) {
      // Reading the source states or syncing topics failed: nothing was polled, every message goes back.
      logger.error("cycle failed", { ids, error: error as Error });
      metrics.addMetric("StorageFailures", MetricUnit.Count, ids.length);
    }
    if (result) {
      for (const report of result.reports) {
        if (report.outcome === "storage-error") logger.error("source not stored", { ...report });
        else if (report.outcome === "failed") logger.warn("source failed", { ...report });
        else logger.debug("source polled", { ...report });
      }
      logger.info("batch polled", { messages: event.Records.length, ms: Date.now() - started, ...result.summary });
      recordCycle(metrics, result);
      const pages = await runBatchPages(loaded, ids, context);
      if (pages && pages.reports.length > 0) {
        const count = (outcome: string) => pages.reports.filter((r) => r.outcome === outcome).length;
        logger.info("pages fetched", {
          pages: pages.reports.length,
          stored: count("stored"),
          retrying: count("retrying"),
        });
        metrics.addMetric("PagesStored", MetricUnit.Count, count("stored"));
      }
      const changedLists = [...new Set([...(result.changedLists ?? []), ...(pages?.changedLists ?? [])])];
      // Deliveries never fail the batch: its items are stored; a topic's next change queues them again.
      if (afterBatch) {
        try {
          const queued = await afterBatch({ ...result, changedLists });
          if (queued > 0) logger.info("deliveries queued", { deliveries: queued });
        } catch (error) {
          logger.error("deliveries not queued", { error: error as Error });
        }
      }
    }
    metrics.publishStoredMetrics();
    return { batchItemFailures: failedRecords(event, result) };
  };
}

/** Production dependencies: the bundled configuration, the linked table, a fetcher limited per `pollerPlan`. */
async function lambdaDeps(): Promise<WorkerDeps> {
  const config = bundledConfig();
  const store = await linkedStore(config);
  const websubQueue = process.env.WEBSUB_QUEUE_URL;
  const sender = websubQueue ? queueSender(sqsWebSubQueue(websubQueue)) : null;
  return {
    config,
    store,
    fetcher: new Fetcher(pollerPlan(config.poll).fetcher),
    logger: functionLogger(POLLER_METRICS),
    metrics: functionMetrics(POLLER_METRICS),
    afterBatch: sender ? (result) => afterCycle({ config, table: store, sender }, result) : undefined,
  };
}

/** Lambda entry point (infra/poller.ts subscribes `functions/poller/worker.handler` to the poll queue). */
export const handler = createWorkerHandler(lambdaDeps);
