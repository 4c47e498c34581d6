import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { POLLER_METRICS, pollerPlan } from "@tributary/core/aws";
import type { Config } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
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

/**
 * The queue worker's handler: polls the sources of a batch of messages with the very cycle of `npm run poll`
 * (`runCycle`, mode `ids`). A fetch or parse failure is the source's, recorded in its state, and the message is
 * done; a storage failure returns the message to the queue (partial batch response), so SQS retries it and
 * in the end moves it to the dead-letter queue.
 */
export function createWorkerHandler(load: () => WorkerDeps | Promise<WorkerDeps>) {
  const deps = once(load);
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const { config, store, fetcher, logger, metrics, now, afterBatch } = await deps();
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
      // Deliveries never fail the batch: its items are stored; a topic's next change queues them again.
      if (afterBatch) {
        try {
          const queued = await afterBatch(result);
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
