/**
 * Topic membership: which topics, and so which lists, an item belongs to under a configuration — a topic's
 * resolved sources and its `include`/`exclude` terms matched as words where its `match` says (SPEC §1 Terms). Poll (where rows are written) and read (where a page
 * checks each row's item) both ask this one rule.
 */
import { createHash } from "node:crypto";
import type { Config, TopicConfig } from "../config/index.ts";
import { topicSourceIds } from "../config/index.ts";
import type { Article } from "../item.ts";
import { type ListKey, sourceList, topicList } from "../store/index.ts";
import { TermMatcher, TopicTerms } from "../terms/index.ts";

/** The topics and lists of items under one configuration, compiled once (`membership(config)`). */
export interface Membership {
  /** Slugs of the topics `item` belongs to, in configuration order. */
  topicsOf(item: Article): string[];
  /** Whether `item` belongs to the topic `slug` (false for a topic not configured). */
  inTopic(slug: string, item: Article): boolean;
  /** Every list `item` sits in: one per configured source it was seen in, then one per topic. */
  listsOf(item: Article): ListKey[];
  /** Slugs of the story-grouped topics (`stories` on, the default) `item` belongs to, in configuration order. */
  storyTopicsOf(item: Article): string[];
  /** A hash of what decides `topic`'s membership (its resolved sources, its terms and where they are looked for), 16 base64url characters. */
  fingerprint(topic: TopicConfig): string;
}

/**
 * The version of the rules of terms: part of every topic's fingerprint, so a release that matches terms
 * differently rebuilds every topic once from the stored items (v1: words, SPEC §1 Terms; before: substrings).
 */
const TERMS_RULES = 1;

/**
 * The version of a grouped topic's entries (`e:<slug>`, one row per story): part of the fingerprint of every topic
 * with `stories` on, so turning grouping on, or a table written before entries existed, builds them once.
 */
const ENTRIES_LAYOUT = 1;

/**
 * Whether an item passes one topic's terms (`include`, `exclude`, `match`; SPEC §1 Terms). Compiles the topic's
 * terms on each call: to judge many items use `membership(config)`, which compiles a configuration's terms once.
 * @example passesFilters({ slug: "w", title: "W", sources: ["*"], include: ["kyiv"] }, item) // title "Talks in Kyiv's port": true
 */
export function passesFilters(topic: TopicConfig, item: Article): boolean {
  return TermMatcher.compile([topic]).passes(item);
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
  const terms = TopicTerms.of(config);
  const grouped = new Set(config.topics.filter((topic) => topic.stories !== false).map((topic) => topic.slug));
  const fromSources = (entry: (typeof topics)[number], item: Article) =>
    item.sources.some((id) => entry.sources.has(id));
  const topicsOf = (item: Article) => {
    const passing = terms.passing(item);
    return topics.filter((entry) => passing.has(entry.topic.slug) && fromSources(entry, item)).map((e) => e.topic.slug);
  };
  const rule: Membership = {
    topicsOf,
    inTopic(slug, item) {
      const entry = topics.find((t) => t.topic.slug === slug);
      return entry !== undefined && fromSources(entry, item) && terms.passing(item).has(slug);
    },
    storyTopicsOf: (item) => topicsOf(item).filter((slug) => grouped.has(slug)),
    listsOf: (item) => [
      ...item.sources.filter((id) => configured.has(id)).map(sourceList),
      ...topicsOf(item).map(topicList),
    ],
    fingerprint(topic) {
      const terms: unknown[] = [TERMS_RULES, topic.include ?? [], topic.exclude ?? [], topic.match];
      // A topic turning story grouping on (or a table from before grouped entries) builds its entries once.
      if (topic.stories !== false) terms.push(`entries-${ENTRIES_LAYOUT}`);
      const rules = [topicSourceIds(config, topic.slug).sort(), ...terms];
      return createHash("sha256").update(JSON.stringify(rules)).digest("base64url").slice(0, 16);
    },
  };
  compiled.set(config, rule);
  return rule;
}
