import type { PollConfig } from "@tributary/core/config";

/**
 * The metric namespace and `service` dimension of the poller (EMF), shared by the worker, the schedule and the
 * alarms, and the name of the schedule's gauge of sources failing for more than a day.
 */
export const POLLER_METRICS = {
  namespace: "Tributary",
  service: "poller",
  failingOverADay: "SourcesFailingOverADay",
} as const;

/** FIFO queues deliver at most 10 messages a batch. */
const FIFO_MAX_BATCH = 10;
/** Lambda's longest run. */
const LAMBDA_MAX_SECONDS = 900;
/** SQS's longest visibility timeout. */
const SQS_MAX_VISIBILITY_SECONDS = 43_200;
/** What storing one source's items may take on top of its fetch (conditional writes, list rows). */
const STORE_BUDGET_MS = 10_000;
/**
 * Sources one worker invocation polls at most, and fetches it keeps in flight at most: chosen from
 * tests/infra/measure-batch.ts (docs/scaling.md, "Worker batch"). Per source polled, an invocation of 50
 * sources costs a third of one of 10; more than 16 fetches at once saves little and holds more bodies in memory.
 */
const SOURCES_PER_INVOCATION = 50;
const FETCHES_PER_WORKER = 16;
/** Host buckets per worker: enough message groups that every worker finds a free one. */
const BUCKETS_PER_WORKER = 10;
/** Start-up and topic sync of one worker invocation. */
const INVOCATION_OVERHEAD_SECONDS = 60;

/**
 * How the queue and its workers keep the fetch limits (`poll.concurrency` in all, `poll.perHost` per host) across Lambda instances.
 *
 * - `perHost`: each host's sources are spread over `perHost` FIFO message groups (its bucket's slots; a
 *   message carries sources of one group, of any hosts of the bucket). SQS hands a group to one worker at a
 *   time, and a worker fetches one source per host at a time, so a host never sees more than `perHost`
 *   fetches at once, however many workers run.
 * - `concurrency`: at most `maxWorkers` workers run, each fetching at most `fetcher.concurrency` sources at
 *   once, and `maxWorkers × fetcher.concurrency ≤ concurrency`. The SQS event source's maximum concurrency
 *   cannot be below 2, so with `concurrency: 1` the worker gets a reserved concurrency of 1 instead.
 */
export interface PollerPlan {
  /** Messages one worker invocation receives (≤ 10, FIFO's limit). */
  batchSize: number;
  /** Sources one message carries at most; `batchSize × sourcesPerMessage` sources per invocation. */
  sourcesPerMessage: number;
  /** Message groups per host. */
  groupsPerHost: number;
  /** Host buckets: each host's slots are groups `b<bucket>#<slot>`, shared by the hosts of a bucket. */
  groupBuckets: number;
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
  // Every source of an invocation may be of one host, fetched one after another: they must fit its timeout.
  const perInvocation = Math.max(1, Math.min(SOURCES_PER_INVOCATION, fitting));
  const batchSize = Math.min(FIFO_MAX_BATCH, perInvocation);
  const sourcesPerMessage = Math.max(1, Math.floor(perInvocation / batchSize));
  const workerTimeoutSeconds = Math.min(
    LAMBDA_MAX_SECONDS,
    Math.ceil(batchSize * sourcesPerMessage * perSourceSeconds) + INVOCATION_OVERHEAD_SECONDS,
  );
  let maxWorkers: number;
  let perWorker: number;
  if (poll.concurrency < 2) {
    maxWorkers = 1;
    perWorker = 1;
  } else {
    const inFlight = Math.min(FETCHES_PER_WORKER, batchSize * sourcesPerMessage);
    maxWorkers = Math.min(1000, Math.max(2, Math.ceil(poll.concurrency / inFlight)));
    perWorker = Math.max(1, Math.min(inFlight, Math.floor(poll.concurrency / maxWorkers)));
  }
  return {
    batchSize,
    sourcesPerMessage,
    groupsPerHost: poll.perHost,
    groupBuckets: BUCKETS_PER_WORKER * maxWorkers,
    maxConcurrency: poll.concurrency < 2 ? null : maxWorkers,
    reservedConcurrency: poll.concurrency < 2 ? 1 : null,
    maxWorkers,
    fetcher: { concurrency: perWorker, perHost: 1, timeoutMs: poll.timeoutMs, maxBytes: poll.maxBytes },
    workerTimeoutSeconds,
    visibilityTimeoutSeconds: Math.min(SQS_MAX_VISIBILITY_SECONDS, 6 * workerTimeoutSeconds),
  };
}
