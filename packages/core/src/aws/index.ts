/** What the AWS deployment (infra/) and its functions (functions/) share: the poller's plan and the metric names. */
export { METRIC_NAMESPACE, type MetricsService, POLLER_METRICS, WEBSUB_METRICS } from "./metrics.ts";
export { type PollerPlan, pollerPlan } from "./plan.ts";
