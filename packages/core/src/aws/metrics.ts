/** The CloudWatch metrics (EMF) the functions write and the alarms in infra/alarms.ts watch. */

/** The namespace of every Tributary metric. */
export const METRIC_NAMESPACE = "Tributary";

/** A family of functions as its metrics name it: the namespace and the `service` dimension. */
export interface MetricsService {
  namespace: string;
  service: string;
}

/**
 * The poller (schedule and workers): SourcesOk, SourcesFailing, StorageFailures, ItemsNew, ItemsUpdated, FetchMs,
 * PagesStored (full text), and the schedule's gauge of sources failing for more than a day (`failingOverADay`).
 */
export const POLLER_METRICS = {
  namespace: METRIC_NAMESPACE,
  service: "poller",
  failingOverADay: "SourcesFailingOverADay",
} as const satisfies MetricsService & { failingOverADay: string };

/** WebSub (hub and delivery worker): DeliveriesSent, DeliveriesFailed, DeliveriesDropped. */
export const WEBSUB_METRICS = { namespace: METRIC_NAMESPACE, service: "websub" } as const satisfies MetricsService;
