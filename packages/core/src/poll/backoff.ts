/** Longest wait between two attempts at a failing source. */
export const BACKOFF_CAP_MS = 24 * 60 * 60 * 1000;
/** Longest Retry-After honoured. */
export const RETRY_AFTER_CAP_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Delay before the next attempt after `consecutiveErrors` failures in a row: the poll interval doubled per
 * failure, jittered by ±25% (`random` in [0, 1)), capped at 24 h.
 */
export function backoffMs(consecutiveErrors: number, everyMinutes: number, random: () => number = Math.random): number {
  const base = everyMinutes * 60_000 * 2 ** Math.min(Math.max(consecutiveErrors - 1, 0), 20);
  const jittered = base * (0.75 + random() * 0.5);
  return Math.round(Math.min(BACKOFF_CAP_MS, jittered));
}
