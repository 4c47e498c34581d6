/**
 * The delivery worker: consumes the delivery queue (docs/deploy.md, WebSub). `websub-deliver` messages send their due
 * deliveries (claimed first, so a message handled twice sends nothing twice); a retry or a delivery not due yet
 * goes back on the queue with a delay — SQS delays a message 15 minutes at most, so a longer wait is a chain of
 * delays, the message coming back early and being delayed again until its delivery is due. A delivery whose
 * retries are spent is dropped with a log line and a message on the dead-letter queue (its alarm fires).
 * `websub-verify` messages run the hub's verification of intent after its 202.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import {
  type DeliveryDeps,
  type DeliveryReport,
  type HubDeps,
  sendDeliveries,
  verifyAndStore,
} from "@tributary/core/websub";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { MetricsSink } from "../runtime.ts";
import { type DeliverMessage, delaySeconds, readWebSubMessage, type VerificationMessage } from "./messages.ts";
import type { Delayed, WebSubQueue } from "./queue.ts";

/** What the worker needs besides the sender's own dependencies. */
export interface DeliveryWorkerDeps extends DeliveryDeps {
  /** The delivery queue: retries and chained delays. */
  queue: WebSubQueue;
  /** The dead-letter queue: deliveries whose retries are spent. */
  deadLetters: WebSubQueue;
  /** The hub's verification of intent for one admitted request (`hubVerifier`). @throws to retry the message */
  verify(message: VerificationMessage): Promise<void>;
  logger: Pick<Logger, "info" | "warn" | "error">;
  metrics: MetricsSink;
}

/**
 * The hub's verification of intent after its 202 (`verifyAndStore`), as the worker runs it for a `websub-verify`
 * message: a failed verification is an outcome (logged, not retried); a storage failure throws (StorageError),
 * so the message goes back to the queue, and after five receives to the dead-letter queue.
 */
export function hubVerifier(hub: HubDeps, logger: Pick<Logger, "info">): DeliveryWorkerDeps["verify"] {
  return async (message) => {
    const outcome = await verifyAndStore(message.request, hub);
    logger.info("verification", { mode: message.request.mode, topic: message.request.topic, ...outcome });
  };
}

/** A delivery sent later than now by this much is put back on the queue rather than claimed (ms). */
const EARLY_MS = 1_000;

async function deliver(deps: DeliveryWorkerDeps, ids: string[]): Promise<DeliveryReport[]> {
  const now = (deps.now ?? (() => new Date()))();
  const later: Delayed[] = [];
  const due: string[] = [];
  for (const id of ids) {
    const delivery = await deps.table.deliveries.find(id);
    if (!delivery) continue;
    if (delivery.dueAt > now.getTime() + EARLY_MS) {
      later.push({ message: { kind: "websub-deliver", ids: [id] }, delaySeconds: delaySeconds(delivery.dueAt, now) });
    } else due.push(id);
  }
  const reports = await sendDeliveries(deps, due);
  const dropped: Delayed[] = [];
  for (const report of reports) {
    const message: DeliverMessage = { kind: "websub-deliver", ids: [report.id] };
    if (report.outcome === "retrying" && report.retryAt) {
      later.push({ message, delaySeconds: delaySeconds(Date.parse(report.retryAt), now) });
    }
    if (report.outcome === "dropped") dropped.push({ message, delaySeconds: 0 });
  }
  await deps.queue.send(later);
  await deps.deadLetters.send(dropped);
  return reports;
}

function record(deps: DeliveryWorkerDeps, reports: DeliveryReport[]): void {
  const count = (outcomes: DeliveryReport["outcome"][]) => reports.filter((r) => outcomes.includes(r.outcome)).length;
  deps.metrics.addMetric("DeliveriesSent", MetricUnit.Count, count(["delivered"]));
  deps.metrics.addMetric("DeliveriesFailed", MetricUnit.Count, count(["retrying", "dropped", "error"]));
  deps.metrics.addMetric("DeliveriesDropped", MetricUnit.Count, count(["dropped"]));
  for (const report of reports) {
    if (report.outcome === "dropped") deps.logger.error("delivery dropped: every retry spent", { ...report });
    else if (report.outcome === "retrying" || report.outcome === "error")
      deps.logger.warn("delivery failed", { ...report });
    else deps.logger.info(`delivery ${report.outcome}`, { ...report });
  }
}

/**
 * The delivery queue's handler (partial batch responses): a record whose work failed for storage or SQS goes
 * back to the queue, and after five receives to the dead-letter queue; an unreadable one is dropped with a log line.
 */
export function createDeliveryWorker(load: () => Promise<DeliveryWorkerDeps>) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const deps = await load();
    const failures: SQSBatchResponse["batchItemFailures"] = [];
    const reports: DeliveryReport[] = [];
    for (const record of event.Records) {
      const message = readWebSubMessage(record.body);
      try {
        if (!message) deps.logger.error("unreadable message", { messageId: record.messageId, body: record.body });
        else if (message.kind === "websub-verify") await deps.verify(message);
        else {
          const sent = await deliver(deps, message.ids);
          reports.push(...sent);
          if (sent.some((r) => r.outcome === "error")) failures.push({ itemIdentifier: record.messageId });
        }
      } catch (error) {
        deps.logger.error("message failed", { messageId: record.messageId, error: error as Error });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    record(deps, reports);
    deps.metrics.publishStoredMetrics();
    return { batchItemFailures: failures };
  };
}
