import type { PollConfig } from "@tributary/core/config";

/** The metric namespace and `service` dimension of the poller (EMF), shared by the worker and the alarms. */
export const POLLER_METRICS = { namespace: "Tributary", service: "poller" } as const;

/** FIFO queues deliver at most 10 messages a batch. */
const FIFO_MAX_BATCH = 10;
/** Lambda's longest run. */
const LAMBDA_MAX_SECONDS = 900;
/** SQS's longest visibility timeout. */
const SQS_MAX_VISIBILITY_SECONDS = 43_200;
/** What storing one source's items may take on top of its fetch (conditional writes, list rows). */
const STORE_BUDGET_MS = 10_000;
/** Start-up and topic sync of one worker invocation. */
const INVOCATION_OVERHEAD_SECONDS = 60;

/**
 * How the queue and its workers keep SPEC §3's fetch limits across Lambda instances.
 *
 * - `perHost`: each host's sources are spread over `perHost` FIFO message groups. SQS hands a group to one
 *   worker at a time, and a worker fetches one source per host at a time, so a host never sees more than
 *   `perHost` fetches at once, however many workers run.
 * - `concurrency`: at most `maxWorkers` workers run, each fetching at most `fetcher.concurrency` sources at
 *   once, and `maxWorkers × fetcher.concurrency ≤ concurrency`. The SQS event source's maximum concurrency
 *   cannot be below 2, so with `concurrency: 1` the worker gets a reserved concurrency of 1 instead.
 */
export interface PollerPlan {
  /** Messages (sources) one worker invocation receives. */
  batchSize: number;
  /** Message groups per host. */
  groupsPerHost: number;
  /** The SQS event source's maximum concurrency (2–1000), or null when `reservedConcurrency` caps workers. */
  maxConcurrency: number | null;
  /** Reserved concurrency of the worker function, or null. */
  reservedConcurrency: number | null;
  /** Worker instances at most. */
  maxWorkers: number;
  /** Limits of each worker's Fetcher. */
  fetcher: { concurrency: number; perHost: number; timeoutMs: number; maxBytes: number };
  /** Worker function timeout: a whole batch of one host, fetched one after another, fits in it. */
  workerTimeoutSeconds: number;
  /** Queue visibility timeout: six times the worker's timeout, as AWS advises for SQS event sources. */
  visibilityTimeoutSeconds: number;
}

/** The queue and worker settings that keep `poll`'s limits across workers. */
export function pollerPlan(poll: PollConfig): PollerPlan {
  const perSourceSeconds = (poll.timeoutMs + STORE_BUDGET_MS) / 1000;
  const fitting = Math.floor((LAMBDA_MAX_SECONDS - INVOCATION_OVERHEAD_SECONDS) / perSourceSeconds);
  const batchSize = Math.max(1, Math.min(FIFO_MAX_BATCH, fitting));
  const workerTimeoutSeconds = Math.min(
    LAMBDA_MAX_SECONDS,
    Math.ceil(batchSize * perSourceSeconds) + INVOCATION_OVERHEAD_SECONDS,
  );
  let maxWorkers: number;
  let perWorker: number;
  if (poll.concurrency < 2) {
    maxWorkers = 1;
    perWorker = 1;
  } else {
    maxWorkers = Math.min(1000, Math.max(2, Math.ceil(poll.concurrency / batchSize)));
    perWorker = Math.max(1, Math.min(batchSize, Math.floor(poll.concurrency / maxWorkers)));
  }
  return {
    batchSize,
    groupsPerHost: poll.perHost,
    maxConcurrency: poll.concurrency < 2 ? null : maxWorkers,
    reservedConcurrency: poll.concurrency < 2 ? 1 : null,
    maxWorkers,
    fetcher: { concurrency: perWorker, perHost: 1, timeoutMs: poll.timeoutMs, maxBytes: poll.maxBytes },
    workerTimeoutSeconds,
    visibilityTimeoutSeconds: Math.min(SQS_MAX_VISIBILITY_SECONDS, 6 * workerTimeoutSeconds),
  };
}
