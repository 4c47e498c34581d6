import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
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
 * The poll queue on Amazon SQS: batches of 10, a few in parallel; entries SQS reports as failed are sent
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
      let next = 0;
      // A lane that fails stops; the others finish their batches before the failure is reported.
      const lanes = Array.from({ length: Math.min(PARALLEL, batches.length) }, async () => {
        while (next < batches.length) await sendBatch(batches[next++] as QueueEntry[]);
      });
      const failures = (await Promise.allSettled(lanes)).filter((r) => r.status === "rejected");
      if (failures.length > 0) throw (failures[0] as PromiseRejectedResult).reason;
    },
  };
}
