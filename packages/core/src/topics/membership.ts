/**
 * Topic membership: which topics, and so which lists, an item belongs to under a configuration — a topic's
 * resolved sources and its `include`/`exclude` terms. Poll (where rows are written) and read (where a page
 * checks each row's item) both ask this one rule.
 */
import { createHash } from "node:crypto";
import type { Config, TopicConfig } from "../config/index.ts";
import { topicSourceIds } from "../config/index.ts";
import type { Article } from "../item.ts";
import { type ListKey, sourceList, topicList } from "../store/index.ts";

/** The topics and lists of items under one configuration, compiled once (`membership(config)`). */
export interface Membership {
  /** Slugs of the topics `item` belongs to, in configuration order. */
  topicsOf(item: Article): string[];
  /** Whether `item` belongs to the topic `slug` (false for a topic not configured). */
  inTopic(slug: string, item: Article): boolean;
  /** Every list `item` sits in: one per configured source it was seen in, then one per topic. */
  listsOf(item: Article): ListKey[];
  /** A hash of what decides `topic`'s membership (its resolved sources and filters), 16 base64url characters. */
  fingerprint(topic: TopicConfig): string;
}

/** The text a topic's terms are looked for in: title, summary and categories, lower-cased. */
function haystack(item: Article): string {
  return [item.title ?? "", item.summary ?? "", ...item.categories].join("\n").toLowerCase();
}

/**
 * Whether an item passes a topic's `include`/`exclude` filters: case-insensitive substrings of its title,
 * summary and categories; any `include` term must be present when there are some, no `exclude` term may be.
 * @example passesFilters({ slug: "w", title: "W", sources: ["*"], include: ["kyiv"] }, item) // title "Talks in KYIV": true
 */
export function passesFilters(topic: TopicConfig, item: Article): boolean {
  const text = haystack(item);
  if (topic.include?.length && !topic.include.some((term) => text.includes(term.toLowerCase()))) return false;
  if (topic.exclude?.some((term) => text.includes(term.toLowerCase()))) return false;
  return true;
}

const compiled = new WeakMap<Config, Membership>();

/**
 * The membership rule of `config`, compiled once per configuration object (each topic's sources resolved to a
 * set): cheap to ask again for every item.
 * @example membership(config).topicsOf(item) // ["ukraine-war", "all"]
 */
export function membership(config: Config): Membership {
  const known = compiled.get(config);
  if (known) return known;
  const topics = config.topics.map((topic) => ({ topic, sources: new Set(topicSourceIds(config, topic.slug)) }));
  const configured = new Set(config.sources.map((source) => source.id));
  const belongs = (entry: (typeof topics)[number], item: Article) =>
    item.sources.some((id) => entry.sources.has(id)) && passesFilters(entry.topic, item);
  const topicsOf = (item: Article) => topics.filter((entry) => belongs(entry, item)).map((entry) => entry.topic.slug);
  const rule: Membership = {
    topicsOf,
    inTopic(slug, item) {
      const entry = topics.find((t) => t.topic.slug === slug);
      return entry !== undefined && belongs(entry, item);
    },
    listsOf: (item) => [
      ...item.sources.filter((id) => configured.has(id)).map(sourceList),
      ...topicsOf(item).map(topicList),
    ],
    fingerprint(topic) {
      const rules = [topicSourceIds(config, topic.slug).sort(), topic.include ?? [], topic.exclude ?? []];
      return createHash("sha256").update(JSON.stringify(rules)).digest("base64url").slice(0, 16);
    },
  };
  compiled.set(config, rule);
  return rule;
}
