import { websubAlarms } from "./alarms.ts";
import { nodejsBundle } from "./config.ts";
import { tableWriter } from "./storage.ts";

/**
 * WebSub in AWS (docs/deploy.md, WebSub): the hub function behind the router at `/websub`, the delivery queue with its
 * dead-letter queue, and the delivery worker.
 *
 * Retry times are kept in the store (one pending delivery per subscription, claimed with a conditional write);
 * the queue only says when to look. SQS delays a message at most 15 minutes, so a retry due in 12 hours is a
 * chain of delayed messages: each comes back, finds its delivery not yet due, and is delayed again (113 hops over
 * the whole 27.7-hour retry plan, one small Lambda run and one GetItem each). A delivery whose retries are spent is dropped with a log line and a
 * message on the dead-letter queue, whose alarm fires; so does a message that failed five receives (storage).
 */

/** Every WebSub function: Node.js 22 on arm64, minified bundles of the deployed configuration (infra/config.ts). */
const lambda = {
  runtime: "nodejs22.x",
  architecture: "arm64",
  nodejs: nodejsBundle,
  logging: { retention: "1 month" },
} as const;

/** Deliveries dropped after their last retry, and messages that failed five receives. Kept 14 days. */
export const websubDeadLetters = new sst.aws.Queue("WebSubDeadLetters", {
  transform: { queue: { messageRetentionSeconds: 14 * 86_400 } },
});

/**
 * `websub-deliver` messages (from the poll worker after a batch that changed topics, and the worker's own
 * retries and chained delays) and `websub-verify` messages (the hub's verification after its 202). Standard,
 * not FIFO: each message carries its own delay. A message is invisible for longer than the worker may run.
 */
export const websubQueue = new sst.aws.Queue("WebSubQueue", {
  visibilityTimeout: "180 seconds",
  dlq: { queue: websubDeadLetters.arn, retry: 5 },
});

/** The delivery worker: its name (SST's, per app and stage) is an output of the deploy. */
export const deliveryWorker = websubQueue.subscribe(
  {
    ...lambda,
    description: "Sends WebSub deliveries (claimed, retried with backoff) and verifies hub requests.",
    handler: "functions/websub/delivery.handler",
    // Ten messages of at most ten deliveries, eight at once, each bounded by the 10 s callback timeout.
    timeout: "120 seconds",
    memory: "512 MB",
    // It re-enqueues retries on its own queue and drops spent deliveries on the dead-letter queue.
    link: [tableWriter, websubQueue, websubDeadLetters],
    environment: { WEBSUB_QUEUE_URL: websubQueue.url, WEBSUB_DEAD_LETTER_URL: websubDeadLetters.url },
  },
  { batch: { size: 10, partialResponses: true } },
);

/**
 * The hub: `POST /websub` as a function URL behind the router. It writes subscriptions (after verification)
 * and enqueues each admitted request's verification on the delivery queue, so it runs after the 202.
 */
export const hub = new sst.aws.Function("WebSubHub", {
  ...lambda,
  description: "WebSub hub: subscribe and unsubscribe (POST /websub).",
  handler: "functions/websub/hub.handler",
  timeout: "20 seconds",
  memory: "512 MB",
  url: { cors: false },
  // A POST is never cached: at most this many requests run at once, whatever a flood sends (docs/deploy.md).
  concurrency: { reserved: 5 },
  link: [tableWriter, websubQueue],
  environment: { WEBSUB_VERIFY_QUEUE_URL: websubQueue.url },
});

export const alarms = websubAlarms(websubDeadLetters.nodes.queue.name);
