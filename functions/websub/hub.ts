/**
 * Lambda entry of the hub (infra/websub.ts: `functions/websub/hub.handler`): `POST /websub` as a Lambda function
 * URL behind the CloudFront router; it admits or refuses a request and enqueues each admitted one on
 * `WEBSUB_VERIFY_QUEUE_URL` (a Lambda cannot work after its answer): the delivery queue, whose worker
 * (delivery.ts) runs `verifyAndStore` for it.
 */
import { type HubDeps, hubCallbacks, tableBudget } from "@tributary/core/websub";
import { handle } from "hono/aws-lambda";
import { bundledConfig, linkedStore, requiredEnv } from "../runtime.ts";
import { createHubApp } from "./hub-app.ts";
import { sqsVerificationQueue } from "./queue.ts";

// Built once per instance: the bundled configuration, the linked table, callbacks to public addresses only.
const config = bundledConfig();
const table = await linkedStore(config);
const deps: HubDeps = { config, table, callbacks: hubCallbacks("refused") };

let enqueue: ReturnType<typeof sqsVerificationQueue> | null = null;

/** `POST /websub` (Lambda function URL event; CloudFront sets X-Forwarded-Host to the subscriber's host). */
export const handler = handle(
  createHubApp({
    ...deps,
    trustForwardedHost: true,
    // Every instance spends the same per-host budget of verifications (the hub is no amplifier).
    budget: tableBudget(table),
    hand: (request) => {
      enqueue ??= sqsVerificationQueue(requiredEnv("WEBSUB_VERIFY_QUEUE_URL"));
      return enqueue(request);
    },
  }),
);
