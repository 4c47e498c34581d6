/**
 * The hub in AWS. `handler`: `POST /websub` as a Lambda function URL behind the CloudFront router; it admits or
 * refuses a request and enqueues each admitted one on `WEBSUB_VERIFY_QUEUE_URL` (a Lambda cannot work after its
 * answer). `verifyHandler`: that queue's consumer, running `verifyAndStore` for each message.
 */
import { validateConfig } from "@tributary/core/config";
import { openStore, resolveTableName } from "@tributary/core/store";
import { type HubDeps, hubCallbacks, verifyAndStore } from "@tributary/core/websub";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { handle } from "hono/aws-lambda";
import configInput from "../../tributary.config.ts";
import { createHubApp } from "./app.ts";
import { readVerificationMessage, sqsVerificationQueue } from "./messages.ts";

export { verifyAndStore } from "@tributary/core/websub";

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
    hand: (request) => {
      enqueue ??= sqsVerificationQueue(queueUrl());
      return enqueue(request);
    },
  }),
);

/**
 * The verification queue's consumer (SQS event source with `reportBatchItemFailures`): verifies and stores
 * each request. A failed verification is an outcome, not retried; a storage failure returns the message to
 * the queue (then the DLQ); a malformed message is dropped with a log line.
 */
export async function verifyHandler(event: SQSEvent): Promise<SQSBatchResponse> {
  const failures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    let message: ReturnType<typeof readVerificationMessage>;
    try {
      message = readVerificationMessage(record.body);
    } catch (error) {
      console.error(`websub: dropped message ${record.messageId}: ${(error as Error).message}`);
      continue;
    }
    try {
      const outcome = await verifyAndStore(message.request, deps);
      console.log(JSON.stringify({ event: "websub-verified", mode: message.request.mode, ...outcome }));
    } catch (error) {
      console.error(`websub: verification of ${record.messageId} failed: ${(error as Error).message}`);
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}
