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
 * The membership rule of `config`, compiled once per configuration object: the configured source ids in one set,
 * which every `["*"]` topic shares (an item is matched against it, never against a list of every source), each
 * other topic's sources in a set of their own, the terms compiled, each topic's fingerprint computed on first use.
 * Cheap to ask again for every item: nothing of the size of the configuration is built per item or per call.
 * @example membership(config).topicsOf(item) // ["ukraine-war", "all"]
 */
export function membership(config: Config): Membership {
  const known = compiled.get(config);
  if (known) return known;
  const configured = new Set(config.sources.map((source) => source.id));
  const topics = config.topics.map((topic) => ({
    topic,
    sources: topic.sources.includes("*") ? configured : new Set(topic.sources),
  }));
  const bySlug = new Map(topics.map((entry) => [entry.topic.slug, entry]));
  const fingerprints = new WeakMap<TopicConfig, string>();
  const terms = TopicTerms.of(config);
  const grouped = new Set(config.topics.filter((topic) => topic.stories !== false).map((topic) => topic.slug));
  const fromSources = (entry: (typeof topics)[number], item: Article) =>
    item.sources.some((id) => entry.sources.has(id));
  const topicsOf = (item: Article) => {
    const passing = terms.passing(item);
    const slugs: string[] = [];
    for (const entry of topics) {
      if (passing.has(entry.topic.slug) && fromSources(entry, item)) slugs.push(entry.topic.slug);
    }
    return slugs;
  };
  const rule: Membership = {
    topicsOf,
    inTopic(slug, item) {
      const entry = bySlug.get(slug);
      return entry !== undefined && fromSources(entry, item) && terms.passing(item).has(slug);
    },
    storyTopicsOf: (item) => topicsOf(item).filter((slug) => grouped.has(slug)),
    listsOf: (item) => [
      ...item.sources.filter((id) => configured.has(id)).map(sourceList),
      ...topicsOf(item).map(topicList),
    ],
    fingerprint(topic) {
      const known = fingerprints.get(topic);
      if (known !== undefined) return known;
      const terms: unknown[] = [TERMS_RULES, topic.include ?? [], topic.exclude ?? [], topic.match];
      // A topic turning story grouping on (or a table from before grouped entries) builds its entries once.
      if (topic.stories !== false) terms.push(`entries-${ENTRIES_LAYOUT}`);
      const rules = [topicSourceIds(config, topic.slug).sort(), ...terms];
      const hash = createHash("sha256").update(JSON.stringify(rules)).digest("base64url").slice(0, 16);
      fingerprints.set(topic, hash);
      return hash;
    },
  };
  compiled.set(config, rule);
  return rule;
}
