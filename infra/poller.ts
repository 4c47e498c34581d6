import { pollerPlan } from "@tributary/core/aws";
import { validateConfig } from "@tributary/core/config";
import configInput from "../tributary.config.ts";
import { pollerAlarms } from "./alarms.ts";
import { tableWriter } from "./storage.ts";
import { websubQueue } from "./websub.ts";

/** The configuration as the functions will see it: an invalid one stops the deploy, one line per problem. */
const config = validateConfig(configInput);
const plan = pollerPlan(config.poll);
const minutes = config.poll.everyMinutes;

/** Every poller function: Node.js 22 on arm64, minified ESM bundles that include tributary.config.ts. */
const lambda = {
  runtime: "nodejs22.x",
  architecture: "arm64",
  // The configuration enters the bundle validated and gzipped (infra/config-plugin.mjs), not as code.
  nodejs: { minify: true, plugins: "infra/config-plugin.mjs" },
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

queue.subscribe(
  {
    ...lambda,
    name: `${$app.name}-${$app.stage}-poll-worker`,
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
 * Every `poll.everyMinutes`, enqueue the due sources. The event mirrors an EventBridge "Scheduled Event" and
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
    name: `${$app.name}-${$app.stage}-poll-schedule`,
    description: "Enqueues the due sources on the poll queue, and overdue WebSub deliveries on theirs.",
    handler: "functions/poller/schedule.handler",
    timeout: "5 minutes",
    memory: "512 MB",
    link: [tableWriter, queue, websubQueue],
    environment: { POLL_QUEUE_URL: queue.url, WEBSUB_QUEUE_URL: websubQueue.url },
  },
});

export const alarms = pollerAlarms(deadLetters.nodes.queue.name);
