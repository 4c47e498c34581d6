import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { FEED_FORMATS, SLUG_PATTERN } from "@tributary/core/urls";
import type { HubRequest } from "@tributary/core/websub";
import { z } from "zod";

/**
 * The queue message of one admitted hub request, as the Lambda hub enqueues it on the delivery queue and the
 * delivery worker (functions/websub/worker.ts) reads it:
 * `{"kind":"websub-verify","receivedAt":ISO,"request":HubRequest}` (the request's `secret` included: the queue
 * is encrypted at rest like the table).
 */
export interface VerificationMessage {
  kind: "websub-verify";
  receivedAt: string;
  request: HubRequest;
}

const messageSchema = z.object({
  kind: z.literal("websub-verify"),
  receivedAt: z.string(),
  request: z.object({
    mode: z.enum(["subscribe", "unsubscribe"]),
    topic: z.string().min(1),
    feed: z.object({ slug: z.string().regex(SLUG_PATTERN), format: z.enum(FEED_FORMATS) }),
    callback: z.string().min(1),
    leaseSeconds: z.number().int().positive().nullable(),
    secret: z.string().nullable(),
  }),
});

/** The body of the queue message that asks for `request` to be verified. */
export function verificationMessage(request: HubRequest, receivedAt: Date): string {
  const message: VerificationMessage = { kind: "websub-verify", receivedAt: receivedAt.toISOString(), request };
  return JSON.stringify(message);
}

/**
 * Reads a queue message body written by `verificationMessage`.
 * @throws Error when the body is not such a message (a poison message: not worth retrying).
 */
export function readVerificationMessage(body: string): VerificationMessage {
  const parsed = messageSchema.safeParse(JSON.parse(body));
  if (!parsed.success) throw new Error(`not a websub-verify message: ${parsed.error.issues[0]?.message ?? "?"}`);
  return parsed.data;
}

/**
 * Hands admitted requests to an SQS queue (the Lambda hub answers 202 once the message is sent; the delivery
 * worker verifies). @throws what SQS throws, and the hub then answers 503.
 */
export function sqsVerificationQueue(queueUrl: string, client: SQSClient = new SQSClient({})) {
  return async (request: HubRequest): Promise<void> => {
    await client.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: verificationMessage(request, new Date()) }),
    );
  };
}
