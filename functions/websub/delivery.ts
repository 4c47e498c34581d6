/**
 * Lambda entry of the delivery worker (infra/websub.ts subscribes `functions/websub/delivery.handler` to the
 * delivery queue). Built once per instance: the bundled configuration, the linked table, callbacks to public
 * addresses only, the topic feed renderer, the queues from `WEBSUB_QUEUE_URL` and `WEBSUB_DEAD_LETTER_URL`,
 * and the hub's `verifyAndStore` for the verifications the hub enqueues after its 202.
 */
import { WEBSUB_METRICS } from "@tributary/core/aws";
import { CallbackClient } from "@tributary/core/fetch";
import { Reader } from "@tributary/core/read";
import { hubCallbacks, topicFeedRenderer } from "@tributary/core/websub";
import { bundledConfig, functionLogger, functionMetrics, linkedStore, once, requiredEnv } from "../runtime.ts";
import { sqsWebSubQueue } from "./queue.ts";
import { createDeliveryWorker, type DeliveryWorkerDeps, hubVerifier } from "./worker.ts";

async function lambdaDeps(): Promise<DeliveryWorkerDeps> {
  const config = bundledConfig();
  const store = await linkedStore(config);
  const logger = functionLogger(WEBSUB_METRICS);
  return {
    table: store,
    callbacks: new CallbackClient({ timeoutMs: 10_000, maxBytes: 4096, internal: "refused" }),
    render: topicFeedRenderer(new Reader({ config, store })),
    baseUrl: config.baseUrl ?? null,
    claimMs: 30_000,
    queue: sqsWebSubQueue(requiredEnv("WEBSUB_QUEUE_URL")),
    deadLetters: sqsWebSubQueue(requiredEnv("WEBSUB_DEAD_LETTER_URL")),
    verify: hubVerifier({ config, table: store, callbacks: hubCallbacks("refused") }, logger),
    logger,
    metrics: functionMetrics(WEBSUB_METRICS),
  };
}

/** The delivery queue's consumer. */
export const handler = createDeliveryWorker(once(lambdaDeps));
