import { z } from "zod";
import { htmlToText } from "../normalize/text.ts";
import { SLUG_PATTERN } from "../urls.ts";
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

const terms = z.array(z.string().trim().min(1, "must not be empty"));

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
});

/** One merged topic feed. */
export const topicSchema = z.strictObject({
  slug,
  title,
  description: z.string().optional(),
  sources: z.array(z.string()).min(1, "must name at least one source"),
  include: terms.optional(),
  exclude: terms.optional(),
});

/** Poll limits. */
export const pollSchema = z.strictObject({
  everyMinutes: z.number().int().min(1).max(1440).default(10),
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
  baseUrl: httpUrl.optional(),
  sources: z.array(sourceSchema).min(1, "must list at least one source"),
  topics: z.array(topicSchema).min(1, "must list at least one topic"),
  poll: pollSchema.prefault({}),
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
