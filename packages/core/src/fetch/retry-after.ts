/** The Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. */

/**
 * Milliseconds to wait according to a Retry-After value, measured from `now`; a date in the past gives 0.
 * Undefined when the header is absent or not understood.
 * @example parseRetryAfter("120", new Date()) // 120000
 */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) {
    const ms = Number(text) * 1000;
    return Number.isSafeInteger(ms) ? ms : undefined;
  }
  // An HTTP-date names its weekday and zone (`Wed, 21 Oct 2015 07:28:00 GMT`; RFC 850 and asctime forms too).
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(/GMT|UTC|[+-]\d{4}$/.test(text) ? text : `${text} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
