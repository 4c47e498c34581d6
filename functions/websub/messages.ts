/**
 * The messages of the delivery queue (docs/deploy.md, WebSub): `websub-deliver` (deliveries to send, from the poll
 * worker, the schedule's sweep and the worker's own retries) and `websub-verify` (a hub request to verify after the
 * hub's 202). The delivery worker (worker.ts) reads both.
 */
import { FEED_FORMATS, LIST_GROUPS, SLUG_PATTERN } from "@tributary/core/urls";
import type { HubRequest } from "@tributary/core/websub";
import { z } from "zod";

/** Delivery ids one message carries at most (each attempt may wait out the callback timeout). */
export const IDS_PER_MESSAGE = 10;
/** SQS delays a message at most 15 minutes: longer waits are chained (the message comes back early and is delayed again). */
export const MAX_DELAY_SECONDS = 900;

/** Send these deliveries (those due; one not due yet is put back with a delay until it is). */
export interface DeliverMessage {
  kind: "websub-deliver";
  ids: string[];
}

/**
 * One admitted hub request to verify: `{"kind":"websub-verify","receivedAt":ISO,"request":HubRequest}` (the
 * request's `secret` included: the queue is encrypted at rest like the table).
 */
export interface VerificationMessage {
  kind: "websub-verify";
  receivedAt: string;
  request: HubRequest;
}

/** A message of the delivery queue. */
export type WebSubMessage = DeliverMessage | VerificationMessage;

const deliverSchema = z.object({
  kind: z.literal("websub-deliver"),
  ids: z.array(z.string().min(1).max(200)).min(1).max(100),
});

const verificationSchema = z.object({
  kind: z.literal("websub-verify"),
  receivedAt: z.string(),
  request: z.object({
    mode: z.enum(["subscribe", "unsubscribe"]),
    topic: z.string().min(1),
    feed: z.object({
      slug: z.string().regex(SLUG_PATTERN),
      format: z.enum(FEED_FORMATS),
      group: z.enum(LIST_GROUPS).optional(),
    }),
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
  const parsed = verificationSchema.safeParse(JSON.parse(body));
  if (!parsed.success) throw new Error(`not a websub-verify message: ${parsed.error.issues[0]?.message ?? "?"}`);
  return parsed.data;
}

/** Reads a delivery queue message body, or null when it is none (a poison message: not worth retrying). */
export function readWebSubMessage(body: string): WebSubMessage | null {
  try {
    const value: unknown = JSON.parse(body);
    if ((value as { kind?: unknown } | null)?.kind === "websub-verify") return readVerificationMessage(body);
    const parsed = deliverSchema.safeParse(value);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The messages that send these deliveries, at most `IDS_PER_MESSAGE` ids each. */
export function deliverMessages(ids: readonly string[]): DeliverMessage[] {
  const messages: DeliverMessage[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_MESSAGE) {
    messages.push({ kind: "websub-deliver", ids: ids.slice(i, i + IDS_PER_MESSAGE) });
  }
  return messages;
}

/** The SQS delay of a message for something due at `dueAt` (epoch ms): 0–900 s, rounded up. */
export function delaySeconds(dueAt: number, now: Date): number {
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((dueAt - now.getTime()) / 1000)));
}
