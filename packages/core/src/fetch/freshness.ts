/**
 * How long a response says it stays fresh (RFC 9111 §4.2.1): `Cache-Control: max-age`, else `Expires` minus
 * `Date`. A publisher's hint of how often its feed is worth fetching, nothing more: the poller never serves a
 * cached copy.
 */

/**
 * Seconds the response is fresh for, or null when it names no lifetime. `no-cache`, `no-store` and
 * `must-revalidate` with no `max-age` give null; `max-age` wins over `Expires` (RFC 9111 §5.3); an `Expires` that is
 * not a date, or is not after `Date` (else `now`), gives 0.
 * @example freshnessSeconds({ cacheControl: "public, max-age=3600", expires: null, date: null }, new Date()) // 3600
 */
export function freshnessSeconds(
  headers: { cacheControl: string | null; expires: string | null; date: string | null },
  now: Date,
): number | null {
  const directives = (headers.cacheControl ?? "")
    .split(",")
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  for (const directive of directives) {
    const match = /^max-age\s*=\s*"?(\d+)"?$/.exec(directive);
    if (match) return Number(match[1]);
  }
  if (directives.some((d) => d === "no-cache" || d === "no-store")) return null;
  if (!headers.expires) return null;
  const expires = Date.parse(headers.expires);
  if (Number.isNaN(expires)) return 0;
  const date = headers.date ? Date.parse(headers.date) : Number.NaN;
  const from = Number.isNaN(date) ? now.getTime() : date;
  return Math.max(0, Math.round((expires - from) / 1000));
}
