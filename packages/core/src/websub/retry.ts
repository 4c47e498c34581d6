/** When a failed delivery is tried again. */

/**
 * Waits after the 1st, 2nd, … failed attempt, in milliseconds: the first retry within a minute, then
 * backing off; the last is sent 27.7 hours after the first failure, so a subscriber down for a day still
 * gets it.
 */
export const DELIVERY_RETRY_DELAYS_MS: readonly number[] = [
  30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 43_200_000,
];

/**
 * How long to wait before attempt `failures + 1` of a delivery that failed `failures` times (1 or more), with
 * ±10 % jitter so retries to one subscriber do not arrive in step; null once every retry was spent.
 * `random` returns [0, 1).
 */
export function deliveryRetryDelayMs(failures: number, random: () => number = Math.random): number | null {
  const base = DELIVERY_RETRY_DELAYS_MS[failures - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.9 + 0.2 * random()));
}
