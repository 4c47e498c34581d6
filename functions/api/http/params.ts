import { z } from "@hono/zod-openapi";
import { BadRequestError } from "@tributary/core/errors";
import { HEALTH_STATUSES } from "@tributary/core/read";
import { FEED_PAGE_LIMIT } from "@tributary/core/render";
import { InvalidTermError, parseTerm } from "@tributary/core/terms";
import { GIVEN_ONCE, LIST_GROUP_RULE, LIST_GROUPS } from "@tributary/core/urls";
import type { RefinementCtx, ZodError } from "zod";

const ISO = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(\.\d{1,9})?)?(Z|([+-])(\d\d):?(\d\d))?)?$/i;

/** Days in `month` (1–12) of `year`, in the proleptic Gregorian calendar ISO 8601 uses. */
function daysIn(year: number, month: number): number {
  if (month !== 2) return [4, 6, 9, 11].includes(month) ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/**
 * Reads an ISO 8601 time (RFC 3339's profile, the offset optional), a date alone meaning its midnight UTC and a time
 * without offset meaning UTC. The one rule of every date parameter: a date or time that does not exist — month 13,
 * 2026-02-29, 2024-02-31, hour 24, minute or second 60, an offset of 24 hours or more — is refused, never rolled over
 * into the next day or month as `Date.parse` would.
 * @returns the instant as `toISOString()`, or null when `value` is not such a time.
 * @example parseSince("2026-11-01") // "2026-11-01T00:00:00.000Z"
 * @example parseSince("2024-02-31T10:00Z") // null
 */
export function parseSince(value: string): string | null {
  const match = ISO.exec(value.trim());
  if (!match) return null;
  const [, y = "", mo = "", d = "", h = "00", mi = "00", sec = "00", fraction = "", zone, sign, oh = "00", om = "00"] =
    match;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month))) return null;
  // Two digits each: only the upper bounds can be broken.
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59 || Number(oh) > 23 || Number(om) > 59) return null;
  const offset = zone && zone.toUpperCase() !== "Z" ? `${sign}${oh}:${om}` : "Z";
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}${fraction}${offset}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * The one rule for repeated parameters (`GIVEN_ONCE`), which every parameter of the lists and source lists goes
 * through first: a query's parameters arrive as Hono gives them, a string, or an array of the values of a parameter
 * given more than once (the OpenAPI routes' validator) or of every parameter (`c.req.queries()`, `parseQuery`). One
 * value is the parameter's value; more than one, even equal or empty, is refused ("must be given once").
 * @returns the single value (or undefined when absent), or `z.NEVER` with the issue added.
 */
function single(value: unknown, ctx: RefinementCtx): unknown {
  if (!Array.isArray(value)) return value;
  if (value.length === 1) return value[0];
  ctx.addIssue({ code: "custom", message: GIVEN_ONCE });
  return z.NEVER;
}

/** Why an empty value is refused. */
export const EMPTY_VALUE = "must not be empty";

/**
 * The one rule for empty values (SPEC §4 Parameters: a bad value answers 400 naming the parameter): a parameter given
 * with an empty or blank value (`?filter=`, `?cursor=%20`) says nothing usable, so it is refused ("must not be
 * empty") rather than read as absent. Every parameter of the lists and source lists goes through it but `q`
 * (`searchQuery`) and `limit` (`integerParam`, whose own rule refuses an empty value). A repeat is refused first
 * (`single`).
 */
function given<T extends z.ZodType>(schema: T) {
  return z.preprocess((raw, ctx) => {
    const value = single(raw, ctx);
    if (typeof value === "string" && value.trim() === "") {
      ctx.addIssue({ code: "custom", message: EMPTY_VALUE });
      return z.NEVER;
    }
    return value;
  }, schema);
}

/**
 * `q`, the one parameter whose empty value means "no search" (`EMPTY_MEANS_ABSENT`): an empty substring is in every
 * title, and the topic page's search box sends `q=` when submitted empty. Trimmed; blank is absent. Given more than
 * once, even empty, it is refused (`single`).
 */
const searchQuery = () =>
  z.preprocess((raw, ctx) => {
    const value = single(raw, ctx);
    return typeof value === "string" && value.trim() === "" ? undefined : value;
  }, z.string().trim().max(200, "is too long").optional());

/** Plain decimal digits, nothing else: no sign, point, exponent, radix prefix or white space. */
const DECIMAL_DIGITS = /^[0-9]+$/;

/**
 * An integer-valued query parameter, the one rule every such parameter follows: only plain decimal digits
 * (leading zeros allowed) within `min`–`max`, else a 400 naming the parameter ("must be an integer from 1 to
 * 200"). Absent gives `fallback`; present but empty is refused, as `limit=` says nothing usable. `Number()`
 * alone would take `0x3`, `0b11`, `3e0`, `+3`, ` 3 ` and `3.0` as 3, which no documented spelling allows. Given more
 * than once, it is refused (`single`: "must be given once").
 * @example integerParam({ name: "limit", min: 1, max: 200, fallback: 20 }).parse("30") // 30
 */
export function integerParam(spec: { name: string; min: number; max: number; fallback: number }) {
  const message = `must be an integer from ${spec.min} to ${spec.max}`;
  return z
    .preprocess(single, z.string({ error: message }).optional())
    .transform((value, ctx) => {
      if (value === undefined) return spec.fallback;
      const n = DECIMAL_DIGITS.test(value) ? Number(value) : Number.NaN;
      if (!(n >= spec.min && n <= spec.max)) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return n;
    })
    .openapi({
      param: { name: spec.name, in: "query" },
      type: "integer",
      minimum: spec.min,
      maximum: spec.max,
      default: spec.fallback,
    });
}

const MAX_TERMS = 10;
const MAX_TERM_LENGTH = 100;

/**
 * `filter` / `filterout`: up to 10 `|`-separated terms, each 1–100 characters after trimming and one that can
 * match (SPEC §1 Terms: words, a trailing `*` for words beginning so, never regular expressions).
 */
function terms(name: string, description: string) {
  return given(z.string().optional())
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const list = value.split("|").map((term) => term.trim());
      if (list.length > MAX_TERMS) {
        ctx.addIssue({ code: "custom", message: `must have at most ${MAX_TERMS} terms separated by |` });
        return z.NEVER;
      }
      if (list.some((term) => term.length < 1 || term.length > MAX_TERM_LENGTH)) {
        ctx.addIssue({
          code: "custom",
          message: `must have terms of 1 to ${MAX_TERM_LENGTH} characters separated by |`,
        });
        return z.NEVER;
      }
      for (const term of list) {
        try {
          parseTerm(term);
        } catch (error) {
          if (!(error instanceof InvalidTermError)) throw error;
          ctx.addIssue({ code: "custom", message: `term ${JSON.stringify(term)} ${error.reason}` });
          return z.NEVER;
        }
      }
      return list;
    })
    .openapi({ param: { name, in: "query" }, type: "string", description, example: "ukrain*|kyiv" });
}

/**
 * Query parameters of every list (feeds, pages, API): `limit`, `cursor`, `q`, `since`, `filter`, `filterout`, `group`.
 * Unknown ones are ignored; an empty value is refused (`given`), but `q=` is no search; one given more than once is
 * refused (`single`).
 */
export function listQuery(defaultLimit: number) {
  return z.object({
    limit: integerParam({ name: "limit", min: 1, max: 200, fallback: defaultLimit }).openapi({
      description: "Items per page, 1–200.",
    }),
    cursor: given(z.string().max(512, "is too long").optional()).openapi({
      param: { name: "cursor", in: "query" },
      description: "Opaque: the `nextCursor` of the previous page.",
    }),
    q: searchQuery().openapi({
      param: { name: "q", in: "query" },
      description:
        "Case-insensitive substring of title or summary, looked for in the newest 1,000 items; empty: no search.",
    }),
    since: given(z.string().optional())
      .transform((value, ctx) => {
        if (value === undefined) return undefined;
        const iso = parseSince(value);
        if (iso === null) {
          ctx.addIssue({ code: "custom", message: "must be an ISO 8601 date or time that exists" });
          return z.NEVER;
        }
        return iso;
      })
      .openapi({
        param: { name: "since", in: "query" },
        type: "string",
        description: "ISO 8601 time (a date alone is its midnight UTC): only items published strictly after it.",
        example: "2026-11-01T00:00:00Z",
      }),
    filter: terms(
      "filter",
      "Up to 10 terms separated by `|`: only items whose title or summary has one of them, looked for through the whole list, 1,000 items a page (a page may hold fewer than `limit`, none even, and still name a next page). A term matches whole words, case and accents ignored (`putin` matches Putin's, not computing); a trailing `*` matches words that begin so (`ukrain*`); several words match in a row (`peace talks`); not regular expressions.",
    ),
    group: given(z.enum(LIST_GROUPS, { error: LIST_GROUP_RULE }).optional()).openapi({
      param: { name: "group", in: "query" },
      description:
        "`none`: every item on its own. Without it, a topic with `stories` on lists each story once: its entry is the story's earliest-stored item in the topic, with `story.others` naming up to 10 other outlets that carried it.",
    }),
    filterout: terms(
      "filterout",
      "Up to 10 terms separated by `|`: items whose title or summary has any of them are left out, looked for through the whole list as `filter` is. Terms match as in `filter`.",
    ),
  });
}

/** Source health per page when `limit` is not given (`/api/sources`, `/sources`). */
export const SOURCES_DEFAULT_LIMIT = 100;

/**
 * Query parameters of the source lists (`/api/sources`, `/sources`): `limit` 1–1000 (default 100), `cursor`, and
 * `status` (keep only that status). Unknown ones are ignored; an empty value is refused (`given`), and so is one given
 * more than once (`single`).
 */
export const sourcesQuery = z.object({
  limit: integerParam({ name: "limit", min: 1, max: 1000, fallback: SOURCES_DEFAULT_LIMIT }).openapi({
    description: "Sources per page, 1–1000.",
  }),
  cursor: given(z.string().max(512, "is too long").optional()).openapi({
    param: { name: "cursor", in: "query" },
    description: "Opaque: the `nextCursor` of the previous page.",
  }),
  status: given(z.enum(HEALTH_STATUSES, { error: `must be one of ${HEALTH_STATUSES.join(", ")}` }).optional()).openapi({
    param: { name: "status", in: "query" },
    description: "Only sources of this status.",
  }),
});

/** The parsed parameters of a source list. */
export type SourcesParams = z.output<typeof sourcesQuery>;

/** The parsed parameters of a list. */
export type ListParams = z.output<ReturnType<typeof listQuery>>;

/** Items a page when `limit` is not given: feeds 50 and the API 20, the topic page 30. */
export const DEFAULT_LIMIT = { feed: FEED_PAGE_LIMIT, api: 20, page: 30 } as const;

export const feedQuery = listQuery(DEFAULT_LIMIT.feed);
export const apiQuery = listQuery(DEFAULT_LIMIT.api);
export const pageQuery = listQuery(DEFAULT_LIMIT.page);

/** The first problem of a failed validation as the BadRequestError naming its parameter. */
export function badRequest(error: ZodError, fallback: string): BadRequestError {
  const issue = error.issues[0];
  const parameter = issue && issue.path.length > 0 ? String(issue.path[0]) : fallback;
  return new BadRequestError(parameter, issue?.message ?? "is invalid");
}

/**
 * Validates a query outside OpenAPI routes: `query` is every parameter's values, as `c.req.queries()` gives them.
 * @throws BadRequestError naming the bad parameter (one given more than once among them).
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, string[]>): z.output<S> {
  const result = schema.safeParse(query);
  if (!result.success) throw badRequest(result.error, "query");
  return result.data;
}
