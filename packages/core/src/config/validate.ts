import type { z } from "zod";
import { ConfigError, type ConfigProblem } from "../errors.ts";
import { SLUG_PATTERN } from "../urls.ts";
import { feedIdentity, hasCredentials } from "./feed-url.ts";
import { type Config, configSchema } from "./schema.ts";

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out === "" ? "(root)" : out;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys")
    return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) return "is required";
  return issue.message;
}

interface Loose {
  sources?: unknown;
  topics?: unknown;
}

const records = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.map((v) => (v && typeof v === "object" ? (v as Record<string, unknown>) : {})) : [];

/** What a source URL with credentials is told: its id when it has a usable one, never the URL itself. */
const credentialsProblem = (id: unknown): string =>
  `${typeof id === "string" && SLUG_PATTERN.test(id) ? `source "${id}" has` : "has"} a user name or password in its ` +
  "URL, which is shown publicly: put credentials in headers (e.g. an Authorization header)";

/**
 * Rules across fields (unique ids, slugs and feeds, known sources, no credentials in a source URL), checked even
 * when the shape has problems too. Two sources name the same feed when `feedIdentity` says so.
 */
function crossCheck(input: Loose): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const ids = new Set<string>();
  const feeds = new Map<string, { index: number; id: unknown }>();
  records(input.sources).forEach((source, i) => {
    if (typeof source.url === "string" && hasCredentials(source.url)) {
      problems.push({ path: `sources[${i}].url`, message: credentialsProblem(source.id) });
    }
    const feed = typeof source.url === "string" ? feedIdentity(source.url) : null;
    if (feed !== null) {
      const first = feeds.get(feed);
      if (first) {
        const named = typeof first.id === "string" ? ` ("${first.id}")` : "";
        problems.push({ path: `sources[${i}].url`, message: `the same feed as sources[${first.index}]${named}` });
      } else feeds.set(feed, { index: i, id: source.id });
    }
    if (typeof source.id !== "string") return;
    if (ids.has(source.id)) problems.push({ path: `sources[${i}].id`, message: `duplicate source id "${source.id}"` });
    ids.add(source.id);
  });
  const slugs = new Set<string>();
  records(input.topics).forEach((topic, i) => {
    if (typeof topic.slug === "string") {
      if (slugs.has(topic.slug))
        problems.push({ path: `topics[${i}].slug`, message: `duplicate topic slug "${topic.slug}"` });
      slugs.add(topic.slug);
    }
    const sources = Array.isArray(topic.sources) ? (topic.sources as unknown[]) : [];
    if (sources.includes("*") && sources.length > 1) {
      problems.push({ path: `topics[${i}].sources`, message: `"*" must stand alone` });
    }
    sources.forEach((id, j) => {
      if (typeof id === "string" && id !== "*" && !ids.has(id)) {
        problems.push({ path: `topics[${i}].sources[${j}]`, message: `unknown source "${id}"` });
      }
    });
  });
  return problems;
}

/**
 * Validates a configuration object and fills in defaults.
 * @throws ConfigError listing every problem with its path.
 */
export function validateConfig(input: unknown): Config {
  const result = configSchema.safeParse(input);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issueMessage(issue) }));
  problems.push(...crossCheck(input && typeof input === "object" ? (input as Loose) : {}));
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  return result.data;
}

/** The source ids a topic merges, `["*"]` expanded. */
export function topicSourceIds(config: Config, slug: string): string[] {
  const topic = config.topics.find((t) => t.slug === slug);
  if (!topic) return [];
  return topic.sources.includes("*") ? config.sources.map((s) => s.id) : [...topic.sources];
}
