/**
 * An in-memory stand-in for the FIFO poll queue and its Lambda event source: deduplication by id, message
 * groups handed to one worker at a time, batches, partial batch responses and redelivery of failures.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { QueueEntry } from "../../functions/poller/messages.ts";
import type { PollQueue } from "../../functions/poller/queue.ts";
import { sqsRecord } from "./events.ts";

interface Stored {
  entry: QueueEntry;
  receives: number;
}

/** A worker invocation: one SQS event in, a partial batch response out. */
export type WorkerInvocation = (event: SQSEvent) => Promise<SQSBatchResponse>;

/**
 * How receives fill a batch. SQS may return one message group per batch (it prefers messages of the same group)
 * or several; the fetch limits must hold either way.
 */
export type Batching = "one-group" | "many-groups";

export class FifoQueue implements PollQueue {
  readonly sent: QueueEntry[] = [];
  readonly failures: SQSRecord[] = [];
  #dedup = new Set<string>();
  #waiting: Stored[] = [];
  #lockedGroups = new Set<string>();

  constructor(readonly batching: Batching = "many-groups") {}

  /** SendMessageBatch: entries whose deduplication id was seen before are accepted and dropped. */
  async send(entries: QueueEntry[]): Promise<void> {
    for (const entry of entries) {
      if (this.#dedup.has(entry.MessageDeduplicationId)) continue;
      this.#dedup.add(entry.MessageDeduplicationId);
      this.sent.push(entry);
      this.#waiting.push({ entry, receives: 0 });
    }
  }

  get size(): number {
    return this.#waiting.length;
  }

  /** Up to `size` messages from groups no worker holds, oldest first; their groups are held until settled. */
  #receive(size: number): Stored[] {
    const batch: Stored[] = [];
    const taken = new Set<string>();
    for (const message of this.#waiting) {
      if (batch.length === size) break;
      const group = message.entry.MessageGroupId;
      if (this.#lockedGroups.has(group) && !taken.has(group)) continue;
      if (this.batching === "one-group" && taken.size > 0 && !taken.has(group)) continue;
      taken.add(group);
      this.#lockedGroups.add(group);
      batch.push(message);
    }
    this.#waiting = this.#waiting.filter((m) => !batch.includes(m));
    for (const m of batch) m.receives++;
    return batch;
  }

  /**
   * Runs `workers` event-source pollers until the queue is empty: each hands batches of `batchSize` to its own
   * worker instance. Failed messages go back to the queue until they were received `maxReceives` times.
   */
  async drain(workers: WorkerInvocation[], batchSize: number, maxReceives = 3): Promise<void> {
    let busy = 0;
    await Promise.all(
      workers.map(async (invoke) => {
        for (;;) {
          const batch = this.#receive(batchSize);
          if (batch.length === 0) {
            if (busy === 0 && this.#waiting.length === 0) return;
            await new Promise((resolve) => setTimeout(resolve, 5));
            continue;
          }
          busy++;
          const records = batch.map((m) => ({ record: sqsRecord(m.entry, m.receives), message: m }));
          try {
            const response = await invoke({ Records: records.map((r) => r.record) });
            const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
            for (const { record, message } of records) {
              if (!failed.has(record.messageId)) continue;
              this.failures.push(record);
              if (message.receives < maxReceives) this.#waiting.push(message);
            }
          } finally {
            for (const m of batch) this.#lockedGroups.delete(m.entry.MessageGroupId);
            busy--;
          }
        }
      }),
    );
  }
}
