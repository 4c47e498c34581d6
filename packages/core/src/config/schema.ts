import { z } from "zod";
import { htmlToText } from "../normalize/text.ts";
import { DEFAULT_MATCH, InvalidTermError, MATCH_FIELDS, parseTerm } from "../terms/index.ts";
import { SLUG_PATTERN } from "../urls.ts";
import { fullTextSchema } from "./full-text.ts";
import { headersSchema } from "./headers.ts";
import { languageTag } from "./language-tag.ts";

const slug = z.string().regex(SLUG_PATTERN, "must match [a-z0-9-]{1,64}");

const httpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  },
  { message: "must be an http or https URL" },
);

/**
 * The public origin self links are built under (`baseUrl`): http or https, optionally with a path prefix, and
 * nothing a link could not be appended to — no query, fragment or credentials.
 */
const publicOrigin = httpUrl.superRefine((value, ctx) => {
  const url = new URL(value);
  const part = value.includes("?")
    ? "a query"
    : value.includes("#")
      ? "a fragment"
      : url.username || url.password
        ? "credentials"
        : null;
  if (part) {
    ctx.addIssue({ code: "custom", message: `must be an origin with an optional path, without ${part}` });
  } else if (url.href.replace(/\/$/, "") !== value.replace(/\/$/, "")) {
    // Links are built by appending to it as it is written: it must be written as the URL parser writes it.
    ctx.addIssue({ code: "custom", message: `must be written as a URL reads: ${JSON.stringify(url.href)}` });
  }
});

/** A term (SPEC §1 Terms): kept as written, refused when it can never match (empty, only `*`, no word). */
const term = z.string().superRefine((text, ctx) => {
  try {
    parseTerm(text);
  } catch (error) {
    if (!(error instanceof InvalidTermError)) throw error;
    const quoted = error.problem === "no-words" ? `: ${JSON.stringify(text)}` : "";
    ctx.addIssue({ code: "custom", message: `${error.reason}${quoted}` });
  }
});
const terms = z.array(term);

/** An interval in minutes: a whole number from 1 to 1440 (a day). */
const minutes = z.number().int().min(1).max(1440);

/** A title the operator writes for the configuration or a topic: shown as written (escaped wherever it is served). */
const title = z.string().trim().min(1, "must not be empty");

/**
 * A source's title: plain text, as the titles of the feeds it stands for are (entities decoded, markup removed,
 * active tags dropped, whitespace collapsed): imported lists and discovered pages write them.
 */
const sourceTitle = z
  .string()
  .transform((text) => htmlToText(text) ?? "")
  .pipe(z.string().min(1, "must not be empty"));

/** One section feed to poll. */
export const sourceSchema = z.strictObject({
  id: slug,
  url: httpUrl,
  title: sourceTitle.optional(),
  /**
   * A fixed interval for this source, whatever `poll.adaptive` says. It does not adapt, so `poll.minMinutes` and
   * `poll.maxMinutes` do not bound it (a daily source under a `maxMinutes` of 6 hours); shorter than `minMinutes`, it is
   * polled at each look for due sources.
   */
  everyMinutes: minutes.optional(),
  /** false: never polled; what it brought stays. Absent: true. */
  enabled: z.boolean().optional(),
  /** When the article page is fetched; absent: the top-level `fullText`. */
  fullText: fullTextSchema.optional(),
  /** Request headers for this source's feed (never shown or logged). */
  headers: headersSchema.optional(),
});

/** One merged topic feed. */
export const topicSchema = z.strictObject({
  slug,
  title,
  description: z.string().optional(),
  sources: z.array(z.string()).min(1, "must name at least one source"),
  /** Keep an item only if one of these terms matches. */
  include: terms.optional(),
  /** Drop an item if one of these terms matches; wins over `include`. */
  exclude: terms.optional(),
  /** Where terms are looked for; `content` is the text of the article's content. */
  match: z
    .array(z.enum(MATCH_FIELDS, { error: `must be one of ${MATCH_FIELDS.join(", ")}` }))
    .min(1, "must name at least one field")
    .refine((fields) => new Set(fields).size === fields.length, { message: "must not name a field twice" })
    .default(() => [...DEFAULT_MATCH]),
  /** One entry per story (SPEC §2 Stories). */
  stories: z.boolean().default(true),
});

/** Where a new source starts, when `poll.everyMinutes` is not given. */
const DEFAULT_EVERY_MINUTES = 10;

/** Poll limits and schedule; the interval bounds are filled in by `pollSchema`, which checks them against each other. */
const pollFields = z.strictObject({
  /**
   * Where a new source starts, the longest interval of a busy source (adaptive), every source's with `adaptive: false`;
   * default `DEFAULT_EVERY_MINUTES`.
   */
  everyMinutes: minutes.optional(),
  /** The shortest adapted interval, and how often due sources are looked for; default min(5, everyMinutes). */
  minMinutes: minutes.optional(),
  /** The longest adapted interval; default max(360, everyMinutes). */
  maxMinutes: minutes.optional(),
  /** Intervals adapt between minMinutes and maxMinutes to how often a source brings something new. */
  adaptive: z.boolean().default(true),
  concurrency: z.number().int().min(1).max(256).default(8),
  perHost: z.number().int().min(1).max(64).default(2),
  timeoutMs: z.number().int().min(100).max(300_000).default(15_000),
  maxBytes: z
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(5 * 1024 * 1024),
});

/** The shortest adapted interval when `minMinutes` is not given: 5 minutes, or `everyMinutes` when shorter. */
const defaultMinMinutes = (everyMinutes: number): number => Math.min(5, everyMinutes);
/** The longest adapted interval when `maxMinutes` is not given: 6 hours, or `everyMinutes` when longer. */
const defaultMaxMinutes = (everyMinutes: number): number => Math.max(360, everyMinutes);

/**
 * Poll limits and schedule, with minMinutes ≤ everyMinutes ≤ maxMinutes. A bound broken is reported on the field
 * given (a default never breaks one against `everyMinutes`), each bound it breaks named with its value, "by default"
 * when it was left out: `poll.minMinutes: must be at most everyMinutes (10) and maxMinutes (360)`. minMinutes >
 * maxMinutes is told on `minMinutes` when both are given.
 */
export const pollSchema = pollFields
  .superRefine((poll, ctx) => {
    const every = poll.everyMinutes ?? DEFAULT_EVERY_MINUTES;
    const everyNamed = `everyMinutes (${every}${poll.everyMinutes === undefined ? " by default" : ""})`;
    const min = poll.minMinutes ?? defaultMinMinutes(every);
    const max = poll.maxMinutes ?? defaultMaxMinutes(every);
    if (poll.minMinutes !== undefined) {
      const bounds: string[] = [];
      if (min > every) bounds.push(everyNamed);
      if (min > max) bounds.push(`maxMinutes (${max}${poll.maxMinutes === undefined ? " by default" : ""})`);
      if (bounds.length > 0) {
        ctx.addIssue({ code: "custom", path: ["minMinutes"], message: `must be at most ${bounds.join(" and ")}` });
      }
    }
    if (poll.maxMinutes !== undefined) {
      const bounds: string[] = [];
      if (max < every) bounds.push(everyNamed);
      if (poll.minMinutes === undefined && max < min) bounds.push(`minMinutes (${min} by default)`);
      if (bounds.length > 0) {
        ctx.addIssue({ code: "custom", path: ["maxMinutes"], message: `must be at least ${bounds.join(" and ")}` });
      }
    }
  })
  .transform(({ everyMinutes = DEFAULT_EVERY_MINUTES, minMinutes, maxMinutes, ...poll }) => ({
    everyMinutes,
    ...poll,
    minMinutes: minMinutes ?? defaultMinMinutes(everyMinutes),
    maxMinutes: maxMinutes ?? defaultMaxMinutes(everyMinutes),
  }));

/** The poll limits a configuration that names none gets. */
export const POLL_DEFAULTS: Readonly<z.output<typeof pollSchema>> = Object.freeze(pollSchema.parse({}));

/** The shortest and longest lease a WebSub subscriber is granted, in seconds (10 s to 30 days). */
export const LEASE_LIMITS = { min: 10, max: 30 * 86_400 } as const;

/** The WebSub hub of the topic feeds. */
export const websubSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** The lease granted when a subscriber asks for none, in seconds (10 days). */
  leaseSeconds: z.number().int().min(LEASE_LIMITS.min).max(LEASE_LIMITS.max).default(864_000),
  /** Verified subscriptions held at most, over every topic feed. */
  maxSubscriptions: z.number().int().min(1).max(10_000_000).default(10_000),
});

/** The whole configuration: sources, topics, polling, retention. Cross-field rules are checked in `validate.ts`. */
export const configSchema = z.strictObject({
  title,
  baseUrl: publicOrigin.optional(),
  sources: z.array(sourceSchema).min(1, "must list at least one source"),
  topics: z.array(topicSchema).min(1, "must list at least one topic"),
  poll: pollSchema.prefault({}),
  /** Every source's default `fullText`. */
  fullText: fullTextSchema.default("never"),
  /** Days an item is kept and shown: up to a century, so an archive of old news (or a labelled corpus) can be served. */
  retentionDays: z.number().int().min(1).max(36_500).default(90),
  /** BCP 47 tag of the served feeds; absent: the language all of a topic's sources declare (see `topicLanguage`). */
  language: z
    .string()
    .refine((value) => languageTag(value) !== null, { message: "must be a BCP 47 language tag, such as en or pt-BR" })
    .transform((value) => languageTag(value) ?? value)
    .optional(),
  websub: websubSchema.prefault({}),
});

/** What `defineConfig` accepts: defaults may be left out. */
export type ConfigInput = z.input<typeof configSchema>;
/** A validated configuration with every default filled in. */
export type Config = z.output<typeof configSchema>;
export type SourceConfig = z.output<typeof sourceSchema>;
export type TopicConfig = z.output<typeof topicSchema>;
export type PollConfig = z.output<typeof pollSchema>;
export type WebSubConfig = z.output<typeof websubSchema>;
export type { FullText } from "./full-text.ts";
