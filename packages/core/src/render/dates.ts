/** Date formats of the feed formats: RFC 822 for RSS 2.0 and OPML, RFC 3339 (UTC) for Atom and JSON Feed. */
import { TributaryError } from "../errors.ts";

const ISO_8601 = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d))?$/i;

/** Parses an ISO 8601 date or date-time with a zone (a date alone is its midnight UTC) with a four-digit year. */
function parseIso(iso: string): Date {
  const date = ISO_8601.test(iso) ? new Date(iso) : new Date(Number.NaN);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 0 || year > 9999) {
    throw new TributaryError("render", `not an ISO 8601 date: ${JSON.stringify(iso)}`);
  }
  return date;
}

/**
 * Formats an ISO 8601 date as RFC 822 in GMT, as RSS 2.0 wants.
 * @example toRfc822("2024-01-02T03:04:05Z") // "Tue, 02 Jan 2024 03:04:05 GMT"
 * @throws TributaryError (stage `render`) when `iso` is not an ISO 8601 date.
 */
export function toRfc822(iso: string): string {
  return parseIso(iso).toUTCString();
}

/**
 * Normalizes an ISO 8601 date to RFC 3339 in UTC with milliseconds, as Atom and JSON Feed want.
 * @example toRfc3339("2024-01-02T04:04:05+01:00") // "2024-01-02T03:04:05.000Z"
 * @throws TributaryError (stage `render`) when `iso` is not an ISO 8601 date.
 */
export function toRfc3339(iso: string): string {
  return parseIso(iso).toISOString();
}
