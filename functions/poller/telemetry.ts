import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { CycleResult } from "@tributary/core/poll";
import { POLLER_METRICS } from "./plan.ts";

/** The poller's structured JSON logger (level from `POWERTOOLS_LOG_LEVEL`, default INFO). */
export function pollerLogger(): Logger {
  return new Logger({ serviceName: POLLER_METRICS.service });
}

/** The poller's CloudWatch metrics, written as EMF log lines: namespace `Tributary`, dimension `service=poller`. */
export function pollerMetrics(): Metrics {
  return new Metrics({ namespace: POLLER_METRICS.namespace, serviceName: POLLER_METRICS.service });
}

/** Where the worker records metrics: a Powertools `Metrics`, or a recorder in tests. */
export interface MetricsSink {
  addMetric(name: string, unit: Parameters<Metrics["addMetric"]>[1], value: number): unknown;
  publishStoredMetrics(): unknown;
}

/**
 * Adds one cycle's metrics: SourcesOk (fetched or not modified), SourcesFailing (fetch or parse failed),
 * StorageFailures, ItemsNew, ItemsUpdated, and FetchMs once per source polled (fetch and store, milliseconds).
 */
export function recordCycle(metrics: MetricsSink, result: CycleResult): void {
  const count = (outcomes: string[]) => result.reports.filter((r) => outcomes.includes(r.outcome)).length;
  metrics.addMetric("SourcesOk", MetricUnit.Count, count(["fetched", "not-modified"]));
  metrics.addMetric("SourcesFailing", MetricUnit.Count, count(["failed"]));
  metrics.addMetric("StorageFailures", MetricUnit.Count, count(["storage-error"]));
  metrics.addMetric("ItemsNew", MetricUnit.Count, result.summary.itemsNew);
  metrics.addMetric("ItemsUpdated", MetricUnit.Count, result.summary.itemsUpdated);
  for (const report of result.reports) metrics.addMetric("FetchMs", MetricUnit.Milliseconds, report.ms);
}
