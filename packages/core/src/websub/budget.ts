/** Verification budgets per callback host: in one process's memory, or shared through the table by every instance. */
import type { Store } from "../store/store.ts";
import { callbackHostOf } from "../store/subscriptions.ts";
import type { HubRequest } from "./hub-request.ts";
import { type HostRateLimiter, type RateLimit, VERIFICATION_RATE, WILLING_VERIFICATION_LIMIT } from "./rate-limit.ts";

/**
 * How a hub request stands against its callback host's budget: `exempt`, an unsubscribe of a verified
 * subscription (counted, never refused for the rate); `willing`, a host that holds a verified subscription (its
 * callbacks answered verifications correctly: `WILLING_VERIFICATION_LIMIT` a minute); `unknown`, any other host
 * (the budget's own limit, `VERIFICATION_RATE`). SPEC §4 WebSub.
 */
export type RateStanding = "exempt" | "willing" | "unknown";

/**
 * The standing of `request` at `now`: one read of the subscription it names (for an unsubscribe), then one count of
 * its host's live subscriptions.
 * @throws StorageError
 */
export async function rateStanding(
  store: Pick<Store, "subscriptions">,
  request: HubRequest,
  now: Date,
): Promise<RateStanding> {
  if (request.mode === "unsubscribe") {
    const subscription = await store.subscriptions.find({ ...request.feed, callback: request.callback }, now);
    if (subscription !== null) return "exempt";
  }
  const host = callbackHostOf(request.callback);
  return (await store.subscriptions.countOfHost(host, now)) > 0 ? "willing" : "unknown";
}

/** Spends one verification request for a callback host. */
export interface VerificationBudget {
  /**
   * Spends one request for `host` at `nowMs` (epoch milliseconds) under the limit of its `standing` (default
   * `unknown`): 0 when it may be sent, else the milliseconds until it may be asked again. An exempt request is
   * counted and always sent.
   * @throws StorageError (table budgets)
   */
  take(host: string, nowMs: number, standing?: RateStanding): Promise<number>;
}

/** The limit of a standing, given the budget's limit for unknown hosts (a willing host never gets less). */
function limitOf(standing: RateStanding, unknownLimit: number): number {
  if (standing === "exempt") return Number.POSITIVE_INFINITY;
  return standing === "willing" ? Math.max(WILLING_VERIFICATION_LIMIT, unknownLimit) : unknownLimit;
}

/** The budget of one process (the local server): a sliding window in memory. */
export function memoryBudget(limiter: HostRateLimiter): VerificationBudget {
  return {
    take: async (host, nowMs, standing = "unknown") => {
      const limit = limitOf(standing, limiter.limit);
      return limiter.take(host, nowMs, limit) ? 0 : Math.max(1, limiter.retryAfterMs(host, nowMs, limit));
    },
  };
}

/**
 * The budget every instance shares (AWS, where each Lambda instance has its own memory): one counter per host and
 * fixed window in the table (`store.budgets`, one conditional UpdateItem per request), expiring by TTL a window
 * after its end. A fixed window lets at most twice the limit through around a window's edge. Unknown hosts get
 * `rate.limit` a window, willing ones `WILLING_VERIFICATION_LIMIT` (`RateStanding`).
 */
export function tableBudget(store: Pick<Store, "budgets">, rate: RateLimit = VERIFICATION_RATE): VerificationBudget {
  return {
    async take(host, nowMs, standing = "unknown") {
      const start = Math.floor(nowMs / rate.windowMs) * rate.windowMs;
      const limit = limitOf(standing, rate.limit);
      const admitted = await store.budgets.spend(host, { start, lengthMs: rate.windowMs, limit });
      return admitted ? 0 : Math.max(1, start + rate.windowMs - nowMs);
    },
  };
}
