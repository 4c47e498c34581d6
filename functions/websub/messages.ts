import { z } from "zod";
import { readVerificationMessage, type VerificationMessage } from "../hub/messages.ts";

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
 * A message of the delivery queue: deliveries to send, or a hub request to verify after the hub's 202 (the hub
 * writes it with `verificationMessage` of functions/hub/messages.ts, its one definition).
 */
export type WebSubMessage = DeliverMessage | VerificationMessage;

const deliverSchema = z.object({
  kind: z.literal("websub-deliver"),
  ids: z.array(z.string().min(1).max(200)).min(1).max(100),
});

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
