/** Verification budgets per callback host: in one process's memory, or shared through the table by every instance. */
import type { Store } from "../store/store.ts";
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
export function tableBudget(store: Pick<Store, "budgets">, rate: RateLimit = VERIFICATION_RATE): VerificationBudget {
  return {
    async take(host, nowMs) {
      const start = Math.floor(nowMs / rate.windowMs) * rate.windowMs;
      const admitted = await store.budgets.spend(host, { start, lengthMs: rate.windowMs, limit: rate.limit });
      return admitted ? 0 : Math.max(1, start + rate.windowMs - nowMs);
    },
  };
}
