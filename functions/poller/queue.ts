import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import pLimit from "p-limit";
import type { QueueEntry } from "./messages.ts";

/** Where the schedule puts due sources. */
export interface PollQueue {
  /** Enqueues every entry. @throws Error naming the entries SQS refused after retries. */
  send(entries: QueueEntry[]): Promise<void>;
}

/** SendMessageBatch takes at most 10 entries. */
const BATCH = 10;
/** Batches in flight at once. */
const PARALLEL = 8;
/** Attempts for entries SQS reports as failed (throttling, internal errors). */
const ATTEMPTS = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The poll queue on Amazon SQS: batches of 10, at most 8 in flight; entries SQS reports as failed are sent
 * again with backoff (their deduplication ids keep a resend from doubling a message).
 */
export function sqsPollQueue(queueUrl: string, client: SQSClient = new SQSClient({})): PollQueue {
  async function sendBatch(batch: QueueEntry[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const result = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
      const failed = result.Failed ?? [];
      if (failed.length === 0) return;
      const retryable = failed.filter((f) => !f.SenderFault);
      if (attempt >= ATTEMPTS || retryable.length < failed.length) {
        const reasons = failed.map((f) => `${f.Id}: ${f.Code}${f.Message ? ` (${f.Message})` : ""}`).join(", ");
        throw new Error(`queue: ${failed.length} of ${pending.length} messages refused: ${reasons}`);
      }
      const ids = new Set(retryable.map((f) => f.Id));
      pending = pending.filter((entry) => ids.has(entry.Id));
      await sleep(100 * 2 ** attempt);
    }
  }

  return {
    async send(entries) {
      const batches: QueueEntry[][] = [];
      for (let i = 0; i < entries.length; i += BATCH) batches.push(entries.slice(i, i + BATCH));
      const limit = pLimit(PARALLEL);
      // Every batch is tried, whatever another's fate; the first failure is reported once all have settled.
      const settled = await Promise.allSettled(batches.map((batch) => limit(() => sendBatch(batch))));
      const failed = settled.find((r) => r.status === "rejected");
      if (failed) throw failed.reason;
    },
  };
}
