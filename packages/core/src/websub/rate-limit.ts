/** A per-host budget of requests, so the hub cannot be used to flood a host (it is no amplifier). */

/** How many requests one host may be sent in a window. */
export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  /** The window, in milliseconds. */
  windowMs: number;
  /** Hosts remembered at most; the least recently seen are forgotten first. */
  maxHosts?: number;
}

/** Verification requests per callback host not yet known to answer them: 10 a minute. */
export const VERIFICATION_RATE: RateLimit = { limit: 10, windowMs: 60_000 };

/**
 * Verification requests a minute to a willing callback host — one whose callbacks answered verifications correctly
 * (it holds a verified subscription): 60. Apps subscribe to many feeds at once; the limit keeps the hub from
 * flooding a host that never asked, not from serving one that answers.
 */
export const WILLING_VERIFICATION_LIMIT = 60;

/**
 * A sliding-window limit per host, kept in memory (one process). `take` spends one request of the host's
 * budget and says whether it may be sent.
 * @example if (!verifications.take(new URL(callback).hostname, Date.now())) refuse("too many verifications");
 */
export class HostRateLimiter {
  readonly #rate: Required<RateLimit>;
  readonly #sent = new Map<string, number[]>();

  constructor(rate: RateLimit) {
    this.#rate = { maxHosts: 10_000, ...rate };
  }

  /** Requests allowed per window by default. */
  get limit(): number {
    return this.#rate.limit;
  }

  /**
   * Spends one request for `host` at `nowMs` (epoch milliseconds): true when within `limit` requests in the window
   * (default: the limiter's; `Infinity` counts the request and never refuses it).
   */
  take(host: string, nowMs: number, limit = this.#rate.limit): boolean {
    const key = host.toLowerCase();
    const recent = (this.#sent.get(key) ?? []).filter((at) => at > nowMs - this.#rate.windowMs);
    this.#sent.delete(key);
    if (recent.length >= limit) {
      this.#sent.set(key, recent);
      return false;
    }
    recent.push(nowMs);
    this.#sent.set(key, recent);
    if (this.#sent.size > this.#rate.maxHosts) {
      const oldest = this.#sent.keys().next().value;
      if (oldest !== undefined) this.#sent.delete(oldest);
    }
    return true;
  }

  /**
   * How long until `host` may be sent one more request under `limit` (default: the limiter's), in milliseconds (0
   * when it may now): when the oldest request of its window leaves it. For a `Retry-After` answer.
   */
  retryAfterMs(host: string, nowMs: number, limit = this.#rate.limit): number {
    const recent = (this.#sent.get(host.toLowerCase()) ?? []).filter((at) => at > nowMs - this.#rate.windowMs);
    if (recent.length < limit) return 0;
    return (recent[recent.length - limit] ?? nowMs) + this.#rate.windowMs - nowMs;
  }
}
