/**
 * The hub in AWS. `handler`: `POST /websub` as a Lambda function URL behind the CloudFront router; it admits or
 * refuses a request and enqueues each admitted one on `WEBSUB_VERIFY_QUEUE_URL` (a Lambda cannot work after its
 * answer): the delivery queue, whose worker (functions/websub/handler.ts) runs `verifyAndStore` for it.
 */
import { validateConfig } from "@tributary/core/config";
import { openStore, resolveTableName } from "@tributary/core/store";
import { type HubDeps, hubCallbacks, tableBudget } from "@tributary/core/websub";
import { handle } from "hono/aws-lambda";
import configInput from "../../tributary.config.ts";
import { createHubApp } from "./app.ts";
import { sqsVerificationQueue } from "./messages.ts";

// Built once per instance: the bundled configuration, the linked table, callbacks to public addresses only.
const config = validateConfig(configInput);
const table = await openStore({ retentionDays: config.retentionDays, tableName: resolveTableName() });
const deps: HubDeps = { config, table, callbacks: hubCallbacks("refused") };

function queueUrl(): string {
  const url = process.env.WEBSUB_VERIFY_QUEUE_URL;
  if (!url) throw new Error("hub: WEBSUB_VERIFY_QUEUE_URL is not set (infra/websub.ts sets it)");
  return url;
}

let enqueue: ReturnType<typeof sqsVerificationQueue> | null = null;

/** `POST /websub` (Lambda function URL event; CloudFront sets X-Forwarded-Host to the subscriber's host). */
export const handler = handle(
  createHubApp({
    ...deps,
    trustForwardedHost: true,
    // Every instance spends the same per-host budget of verifications (the hub is no amplifier).
    budget: tableBudget(table),
    hand: (request) => {
      enqueue ??= sqsVerificationQueue(queueUrl());
      return enqueue(request);
    },
  }),
);
