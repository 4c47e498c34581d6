/** The delivery queue on Amazon SQS, as the poll worker, the schedule, the hub and the delivery worker send to it. */
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { DeliverySender, HubRequest } from "@tributary/core/websub";
import { deliverMessages, verificationMessage, type WebSubMessage } from "./messages.ts";

/** One message and how long SQS holds it back (0–900 s). */
export interface Delayed {
  message: WebSubMessage;
  delaySeconds: number;
}

/** Where delivery messages go: the delivery queue, or its dead-letter queue. */
export interface WebSubQueue {
  /** @throws Error naming the messages SQS refused */
  send(messages: Delayed[]): Promise<void>;
}

/** The delivery queue on Amazon SQS (a standard queue: per-message delays), 10 messages a request. */
export function sqsWebSubQueue(queueUrl: string, client: SQSClient = new SQSClient({})): WebSubQueue {
  return {
    async send(messages) {
      for (let i = 0; i < messages.length; i += 10) {
        const entries = messages.slice(i, i + 10).map((m, n) => ({
          Id: String(n),
          MessageBody: JSON.stringify(m.message),
          DelaySeconds: m.delaySeconds,
        }));
        const result = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        const failed = result.Failed ?? [];
        if (failed.length > 0) {
          throw new Error(`websub queue: ${failed.length} of ${entries.length} messages refused: ${failed[0]?.Code}`);
        }
      }
    },
  };
}

/**
 * The AWS sender of `afterCycle` and of the schedule's sweep: messages on the delivery queue that send these
 * deliveries now (the delivery worker claims each first, so a message handled twice sends nothing twice).
 */
export function queueSender(queue: WebSubQueue): DeliverySender {
  return { send: (ids) => queue.send(deliverMessages(ids).map((message) => ({ message, delaySeconds: 0 }))) };
}

/**
 * Hands admitted hub requests to the delivery queue (the Lambda hub answers 202 once the message is sent; the
 * delivery worker verifies). @throws what SQS throws, and the hub then answers 503.
 */
export function sqsVerificationQueue(queueUrl: string, client: SQSClient = new SQSClient({})) {
  return async (request: HubRequest): Promise<void> => {
    await client.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: verificationMessage(request, new Date()) }),
    );
  };
}
