import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { CycleResult } from "@tributary/core/poll";
import type { MetricsSink } from "../runtime.ts";

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
