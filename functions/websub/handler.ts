/**
 * Lambda entry of the delivery worker (infra/websub.ts subscribes `functions/websub/handler.handler` to the
 * delivery queue). Built once per instance: the bundled configuration, the linked table, callbacks to public
 * addresses only, the topic feed renderer, the queues from `WEBSUB_QUEUE_URL` and `WEBSUB_DEAD_LETTER_URL`,
 * and the hub's `verifyAndStore` for the verifications the hub enqueues after its 202.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CallbackClient } from "@tributary/core/fetch";
import { Reader } from "@tributary/core/read";
import { hubCallbacks, topicFeedRenderer } from "@tributary/core/websub";
import { bundledConfig, linkedStore, once } from "../poller/runtime.ts";
import { sqsWebSubQueue } from "./queue.ts";
import { createDeliveryWorker, type DeliveryWorkerDeps, hubVerifier } from "./worker.ts";

/** Metrics and logs of deliveries: namespace `Tributary`, dimension `service=websub`. */
export const WEBSUB_METRICS = { namespace: "Tributary", service: "websub" } as const;

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`websub: ${name} is not set (infra/websub.ts sets it)`);
  return value;
}

async function lambdaDeps(): Promise<DeliveryWorkerDeps> {
  const config = bundledConfig();
  const store = await linkedStore(config);
  const logger = new Logger({ serviceName: WEBSUB_METRICS.service });
  return {
    table: store,
    callbacks: new CallbackClient({ timeoutMs: 10_000, maxBytes: 4096, internal: "refused" }),
    render: topicFeedRenderer(new Reader({ config, store })),
    baseUrl: config.baseUrl ?? null,
    claimMs: 30_000,
    queue: sqsWebSubQueue(env("WEBSUB_QUEUE_URL")),
    deadLetters: sqsWebSubQueue(env("WEBSUB_DEAD_LETTER_URL")),
    verify: hubVerifier({ config, table: store, callbacks: hubCallbacks("refused") }, logger),
    logger,
    metrics: new Metrics({ namespace: WEBSUB_METRICS.namespace, serviceName: WEBSUB_METRICS.service }),
  };
}

/** The delivery queue's consumer. */
export const handler = createDeliveryWorker(once(lambdaDeps));
