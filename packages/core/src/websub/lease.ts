/** How long a subscription lasts. */
import { type Config, LEASE_LIMITS } from "../config/index.ts";

/**
 * The lease granted for one asked, in seconds: as asked between 10 seconds and 30 days, clamped to that
 * range outside it, `websub.leaseSeconds` when none was asked (W3C WebSub §5.1, `hub.lease_seconds`: the
 * hub decides the lease and tells the subscriber in verification).
 */
export function grantLease(askedSeconds: number | undefined, config: Pick<Config, "websub">): number {
  if (askedSeconds === undefined) return config.websub.leaseSeconds;
  return Math.min(LEASE_LIMITS.max, Math.max(LEASE_LIMITS.min, Math.trunc(askedSeconds)));
}
