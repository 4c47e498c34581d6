import { pollerPlan } from "@tributary/core/aws";
import { pollerAlarms } from "./alarms.ts";
import { config, nodejsBundle } from "./config.ts";
import { tableWriter } from "./storage.ts";
import { websubQueue } from "./websub.ts";

const plan = pollerPlan(config.poll);
/** The schedule's rate: due sources are looked for every `poll.minMinutes`; each source is due when its interval says. */
const minutes = config.poll.minMinutes;

/** Every poller function: Node.js 22 on arm64, minified ESM bundles of the deployed configuration (infra/config.ts). */
const lambda = {
  runtime: "nodejs22.x",
  architecture: "arm64",
  nodejs: nodejsBundle,
  logging: { retention: "1 month" },
} as const;

/** Messages whose source could not be stored after five receives. FIFO, as its source queue must be. */
export const deadLetters = new sst.aws.Queue("PollDeadLetters", { fifo: true });

/**
 * Due sources, several per message (`pollerPlan`). FIFO: each host's sources are spread over `perHost` message
 * groups and SQS hands a group to one worker at a time (see packages/core/src/aws/plan.ts); the schedule gives every
 * message a deduplication id per packed sources and schedule window, so overlapping or retried runs do not
 * enqueue them twice.
 */
export const queue = new sst.aws.Queue("PollQueue", {
  fifo: { contentBasedDeduplication: false },
  visibilityTimeout: `${plan.visibilityTimeoutSeconds} seconds`,
  dlq: { queue: deadLetters.arn, retry: 5 },
});

/** The poll worker: its name (SST's, per app and stage) is an output of the deploy. */
export const worker = queue.subscribe(
  {
    ...lambda,
    description: "Polls the sources of a batch of poll messages (runCycle, mode ids).",
    handler: "functions/poller/worker.handler",
    timeout: `${plan.workerTimeoutSeconds} seconds`,
    memory: "512 MB",
    // The subscription grants receiving and deleting poll messages; it sends WebSub delivery messages.
    link: [tableWriter, websubQueue],
    environment: { WEBSUB_QUEUE_URL: websubQueue.url },
    concurrency: plan.reservedConcurrency === null ? undefined : { reserved: plan.reservedConcurrency },
  },
  {
    batch: { size: plan.batchSize, partialResponses: true },
    transform: {
      eventSourceMapping: {
        // At most maxWorkers workers: with each worker's fetcher limit, `poll.concurrency` holds across them.
        scalingConfig: plan.maxConcurrency === null ? undefined : { maximumConcurrency: plan.maxConcurrency },
        // FIFO event sources take no batching window; leave it unset rather than SST's 0.
        maximumBatchingWindowInSeconds: undefined,
      },
    },
  },
);

/**
 * Every `poll.minMinutes`, enqueue the due sources. The event mirrors an EventBridge "Scheduled Event" and
 * carries the scheduled time (the same on retries), from which the deduplication window is computed.
 */
export const schedule = new sst.aws.CronV2("PollSchedule", {
  schedule: `rate(${minutes} ${minutes === 1 ? "minute" : "minutes"})`,
  event: {
    version: "0",
    id: "<aws.scheduler.execution-id>",
    "detail-type": "Scheduled Event",
    source: "aws.scheduler",
    time: "<aws.scheduler.scheduled-time>",
    resources: ["<aws.scheduler.schedule-arn>"],
    detail: {},
  },
  function: {
    ...lambda,
    description: "Enqueues the due sources on the poll queue, and overdue WebSub deliveries on theirs.",
    handler: "functions/poller/schedule.handler",
    timeout: "5 minutes",
    memory: "512 MB",
    link: [tableWriter, queue, websubQueue],
    environment: { POLL_QUEUE_URL: queue.url, WEBSUB_QUEUE_URL: websubQueue.url },
  },
});

export const alarms = pollerAlarms(deadLetters.nodes.queue.name);
