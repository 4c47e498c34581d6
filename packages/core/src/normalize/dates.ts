/** Feed dates: RFC 822/2822 (day and month names of `DATE_LANGUAGES`), ISO 8601 and common broken variants. */
import { isDayName, monthOf, ZONES } from "./date-names.ts";

// Words between the parts of a date: "5 de octubre de 2024", "January 5, 2024 at 10:00", "um 10:00 Uhr".
const FILLERS = new Set(["at", "de", "del", "le", "um", "om", "kl", "den", "uhr", "h"]);
const ISO =
  /^(\d{4})[-/.]?(\d{2})[-/.]?(\d{2})(?:[T\s]\s*(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?$/i;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(z|[+-]\d{2}:?\d{2})?$/i;
// RFC 1123 as most feeds write it ("Tue, 05 Mar 2024 10:00:00 GMT"): read without the general RFC 822 reader.
const RFC1123 =
  /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (GMT|UTC?|Z|[+-]\d{4})$/;
const MONTH_ABBREVIATIONS = "JanFebMarAprMayJunJulAugSepOctNovDec";

/**
 * Reads a date, or null when it cannot be read or is not after 1970-01-01. Without a zone, UTC is meant.
 * Military zone letters follow the military convention (A = +01:00); RFC 822 printed their signs reversed.
 * @example parseDate("Tue, 5 Mar 24 10:00 EST")?.toISOString() // "2024-03-05T15:00:00.000Z"
 */
export function parseDate(raw: string | null | undefined): Date | null {
  const text = raw?.trim().replace(/\s+/g, " ") ?? "";
  if (text === "" || text.length > 100) return null;
  const date = parseIso(text) ?? parseRfc1123(text) ?? parseRfc822(text);
  return date !== null && date.getTime() > 0 ? date : null;
}

/**
 * An entry's dates as its feed gives them (raw strings, best candidate first, as `RawEntry` holds them): the first
 * of each list that `parseDate` reads; `published` falls back to `updated`. Null where none reads. What is then
 * done with a missing or future date is the caller's (`normalizeEntry` dates the item when it is read).
 * @example readEntryDates({ published: ["soon"], updated: ["2024-03-05"] }).published // 2024-03-05T00:00:00Z
 */
export function readEntryDates(entry: { published: readonly string[]; updated: readonly string[] }): {
  published: Date | null;
  updated: Date | null;
} {
  const updated = firstDate(entry.updated);
  return { published: firstDate(entry.published) ?? updated, updated };
}

function firstDate(raws: readonly string[]): Date | null {
  for (const raw of raws) {
    const date = parseDate(raw);
    if (date !== null) return date;
  }
  return null;
}

function parseIso(text: string): Date | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const ms = Number((m[7] ?? "0").padEnd(3, "0").slice(0, 3));
  return build(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    ms,
    offset(m[8]),
  );
}

/**
 * The common RFC 1123 form, read as `parseRfc822` reads it (a weekday that does not fit is ignored there too); null
 * for any other text or an impossible date, which `parseRfc822` then reads or refuses.
 */
function parseRfc1123(text: string): Date | null {
  const m = RFC1123.exec(text);
  const zone = m ? offset(m[7]) : undefined;
  if (!m || zone === undefined) return null;
  const month = MONTH_ABBREVIATIONS.indexOf(m[2] as string) / 3;
  return build(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]), 0, zone);
}

function parseRfc822(text: string): Date | null {
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  let time: RegExpExecArray | undefined;
  let zone: number | undefined;
  let meridiem: string | undefined;
  const tokens = splitDashes(text).split(/[\s,]+/);
  for (const [index, token] of tokens.entries()) {
    const lower = token.toLowerCase().replace(/\.$/, "");
    const timeMatch = TIME.exec(token);
    if (lower === "" || /^\(.*\)$/.test(lower)) continue;
    // "AT" after the time is Atlantic time; before it, a word.
    if (FILLERS.has(lower) && (time === undefined || lower !== "at")) continue;
    // "Mar" is March, or Tuesday in French, Spanish and Italian when a month name follows.
    if (month === undefined && day === undefined && isDayName(token)) {
      if (monthOf(token) === undefined || tokens.slice(index + 1).some((t) => monthOf(t) !== undefined)) continue;
    }
    const named = /^\p{L}{3,}\.?$/u.test(token) && month === undefined ? monthOf(token) : undefined;
    if (timeMatch && time === undefined) {
      time = timeMatch;
      if (timeMatch[4]) zone = offset(timeMatch[4]);
    } else if (named !== undefined) {
      month = named;
    } else if (/^\d{4}$/.test(lower) && year === undefined) {
      year = Number(lower);
    } else if (/^\d{1,2}$/.test(lower) && day === undefined) {
      day = Number(lower);
    } else if (/^\d{2}$/.test(lower) && year === undefined) {
      year = Number(lower) < 50 ? 2000 + Number(lower) : 1900 + Number(lower);
    } else if ((lower === "am" || lower === "pm") && time !== undefined) {
      meridiem = lower;
    } else if (zone === undefined && offset(lower) !== undefined) {
      zone = offset(lower);
    } else {
      return null;
    }
  }
  if (day === undefined || month === undefined || year === undefined) return null;
  let hours = Number(time?.[1] ?? 0);
  if (meridiem !== undefined && (hours < 1 || hours > 12)) return null;
  if (meridiem !== undefined) hours = (hours % 12) + (meridiem === "pm" ? 12 : 0);
  return build(year, month, day, hours, Number(time?.[2] ?? 0), Number(time?.[3] ?? 0), 0, zone);
}

/** "16-Oct-2017" → "16 Oct 2017", leaving zones such as "GMT-0500" alone. */
function splitDashes(text: string): string {
  return text
    .replace(/(\d)-([a-z])/gi, "$1 $2")
    .replace(/(\p{L}{3,12})-(\d)/giu, (whole, name: string, digit: string) =>
      monthOf(name) !== undefined ? `${name} ${digit}` : whole,
    );
}

/**
 * Minutes east of UTC for a zone token: `Z`, `+0500`, `-05:00`, `+05`, `EST`, `MEST`, `GMT+2`, a military letter,
 * or a tz database name `Etc/GMT+5` (five hours behind UTC: the tz database's sign is reversed).
 */
function offset(token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  const lower = token.toLowerCase();
  // Own names only: a token named like an object's property (`constructor`) is no zone.
  const named = Object.hasOwn(ZONES, lower) ? ZONES[lower] : undefined;
  if (named !== undefined) return named;
  if (/^[a-ik-y]$/.test(lower)) {
    const code = lower.charCodeAt(0);
    if (lower <= "i") return (code - 96) * 60;
    if (lower <= "m") return (code - 97) * 60;
    return -(code - 109) * 60;
  }
  const etc = /^etc\/(?:gmt|utc)([+-])(\d{1,2})$/.exec(lower);
  if (etc) return (etc[1] === "-" ? 60 : -60) * Number(etc[2]);
  if (lower === "etc/gmt" || lower === "etc/utc") return 0;
  const m = /^(?:gmt|utc)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(lower);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return minutes > 14 * 60 ? undefined : m[1] === "-" ? -minutes : minutes;
}

function build(
  year: number,
  month: number,
  day: number,
  h: number,
  m: number,
  s: number,
  ms: number,
  zone = 0,
): Date | null {
  if (month < 0 || month > 11 || day < 1 || h > 23 || m > 59 || s > 60) return null;
  const local = Date.UTC(year, month, day, h, m, Math.min(s, 59), ms);
  if (new Date(local).getUTCDate() !== day) return null;
  return new Date(local - zone * 60_000);
}
