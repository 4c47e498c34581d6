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
 * Verify a hub request after the hub's 202 (W3C WebSub §5.3). The hub (functions/hub) writes it with
 * `{"kind":"websub-verify","receivedAt":ISO,"request":HubRequest}`; the delivery worker hands it to the hub's
 * `verifyAndStore`.
 */
export interface VerifyMessage {
  kind: "websub-verify";
  receivedAt: string;
  request: HubRequest;
}

/** A message of the delivery queue. */
export type WebSubMessage = DeliverMessage | VerifyMessage;

const schema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("websub-deliver"), ids: z.array(z.string().min(1).max(200)).min(1).max(100) }),
  z.object({
    kind: z.literal("websub-verify"),
    receivedAt: z.string(),
    request: z.object({
      mode: z.enum(["subscribe", "unsubscribe"]),
      topic: z.string().min(1),
      feed: z.object({ slug: z.string().regex(/^[a-z0-9-]{1,64}$/), format: z.enum(["rss", "atom", "json"]) }),
      callback: z.string().min(1),
      leaseSeconds: z.number().int().positive().nullable(),
      secret: z.string().nullable(),
    }),
  }),
]);

/** Reads a delivery queue message body, or null when it is none (a poison message: not worth retrying). */
export function readWebSubMessage(body: string): WebSubMessage | null {
  try {
    const parsed = schema.safeParse(JSON.parse(body));
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
