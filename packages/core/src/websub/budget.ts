/** Verification budgets per callback host: in one process's memory, or shared through the table by every instance. */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { StorageError } from "../errors.ts";
import type { SubscriptionTable } from "../store/subscriptions.ts";
import { type HostRateLimiter, type RateLimit, VERIFICATION_RATE } from "./rate-limit.ts";

/** Spends one verification request for a callback host. */
export interface VerificationBudget {
  /**
   * Spends one request for `host` at `nowMs` (epoch milliseconds): 0 when it may be sent, else the milliseconds
   * until it may be asked again.
   * @throws StorageError (table budgets)
   */
  take(host: string, nowMs: number): Promise<number>;
}

/** The budget of one process (the local server): a sliding window in memory. */
export function memoryBudget(limiter: HostRateLimiter): VerificationBudget {
  return {
    take: async (host, nowMs) => (limiter.take(host, nowMs) ? 0 : Math.max(1, limiter.retryAfterMs(host, nowMs))),
  };
}

/**
 * The budget every instance shares (AWS, where each Lambda instance has its own memory): one counter per host and
 * fixed window in the table (`WR#{host}`, one conditional UpdateItem per request), expiring by TTL a window after
 * its end. A fixed window lets at most twice the limit through around a window's edge.
 */
export function tableBudget(table: SubscriptionTable, rate: RateLimit = VERIFICATION_RATE): VerificationBudget {
  return {
    async take(host, nowMs) {
      const start = Math.floor(nowMs / rate.windowMs) * rate.windowMs;
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: table.table,
            Key: { pk: `WR#${host.toLowerCase()}`, sk: String(start) },
            UpdateExpression: "ADD sent :one SET expiresAt = :expires",
            ConditionExpression: "attribute_not_exists(sent) OR sent < :limit",
            ExpressionAttributeValues: {
              ":one": 1,
              ":limit": rate.limit,
              ":expires": Math.ceil((start + 2 * rate.windowMs) / 1000),
            },
          }),
        );
        return 0;
      } catch (error) {
        if ((error as Error).name === "ConditionalCheckFailedException")
          return Math.max(1, start + rate.windowMs - nowMs);
        throw new StorageError(`verification budget failed: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}
