/**
 * Lambda entry of the delivery worker (infra/websub.ts subscribes `functions/websub/handler.handler` to the
 * delivery queue). Built once per instance: the bundled configuration, the linked table, callbacks to public
 * addresses only, the API app as renderer, the queues from `WEBSUB_QUEUE_URL` and `WEBSUB_DEAD_LETTER_URL`.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CallbackClient } from "@tributary/core/fetch";
import { bundledConfig, linkedStore, once } from "../poller/runtime.ts";
import type { VerifyMessage } from "./messages.ts";
import { sqsWebSubQueue } from "./queue.ts";
import { feedRenderer } from "./render.ts";
import { createDeliveryWorker, type DeliveryWorkerDeps } from "./worker.ts";

/** Metrics and logs of deliveries: namespace `Tributary`, dimension `service=websub`. */
export const WEBSUB_METRICS = { namespace: "Tributary", service: "websub" } as const;

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`websub: ${name} is not set (infra/websub.ts sets it)`);
  return value;
}

/**
 * The call point of the hub's verification of intent: functions/hub's `verifyAndStore(message.request, deps)`,
 * which the hub enqueues on this queue after its 202. Until it is wired here the message fails, is retried and
 * ends on the dead-letter queue, never lost silently.
 */
async function verifyWithHub(message: VerifyMessage): Promise<void> {
  throw new Error(`websub-verify for ${message.request.topic}: the hub's verifyAndStore is not wired in yet`);
}

async function lambdaDeps(): Promise<DeliveryWorkerDeps> {
  const config = bundledConfig();
  const store = await linkedStore(config);
  return {
    table: store,
    callbacks: new CallbackClient({ timeoutMs: 10_000, maxBytes: 4096, internal: "refused" }),
    render: feedRenderer({ config, store }),
    baseUrl: config.baseUrl ?? null,
    claimMs: 30_000,
    queue: sqsWebSubQueue(env("WEBSUB_QUEUE_URL")),
    deadLetters: sqsWebSubQueue(env("WEBSUB_DEAD_LETTER_URL")),
    verify: verifyWithHub,
    logger: new Logger({ serviceName: WEBSUB_METRICS.service }),
    metrics: new Metrics({ namespace: WEBSUB_METRICS.namespace, serviceName: WEBSUB_METRICS.service }),
  };
}

/** The delivery queue's consumer. */
export const handler = createDeliveryWorker(once(lambdaDeps));
