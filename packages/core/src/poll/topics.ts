import { createHash } from "node:crypto";
import type { Config, TopicConfig } from "../config/index.ts";
import { topicSourceIds } from "../config/index.ts";
import type { Item } from "../item.ts";
import type { ListKey } from "../store/index.ts";
import { sourceList, topicList } from "../store/index.ts";
import { TermMatcher, TopicTerms } from "../terms/index.ts";

/**
 * The version of the rules of terms: part of every topic's fingerprint, so a release that matches terms
 * differently rebuilds every topic once from the stored items (v1: words, SPEC §1 Terms; before: substrings).
 */
const TERMS_RULES = 1;

/**
 * Whether an item passes one topic's terms (`include`, `exclude`, `match`; SPEC §1 Terms). Compiles the topic's
 * terms on each call: to judge many items use `topicsOf`, which compiles a configuration's terms once.
 */
export function passesFilters(topic: TopicConfig, item: Item): boolean {
  return TermMatcher.compile([topic]).passes(item);
}

/** Slugs of the topics an item belongs to under the configuration: one of its sources, and its terms. */
export function topicsOf(config: Config, item: Item): string[] {
  const passing = TopicTerms.of(config).passing(item);
  return config.topics
    .filter((topic) => {
      if (!passing.has(topic.slug)) return false;
      const ids = topicSourceIds(config, topic.slug);
      return item.sources.some((id) => ids.includes(id));
    })
    .map((topic) => topic.slug);
}

/** Every list an item sits in: one per configured source it was seen in, one per topic. */
export function listsOf(config: Config, item: Item): ListKey[] {
  const configured = new Set(config.sources.map((s) => s.id));
  return [...item.sources.filter((id) => configured.has(id)).map(sourceList), ...topicsOf(config, item).map(topicList)];
}

/** A hash of what decides a topic's membership: its resolved sources, its terms and where they are looked for. */
export function topicFingerprint(config: Config, topic: TopicConfig): string {
  const terms = [TERMS_RULES, topic.include ?? [], topic.exclude ?? [], topic.match];
  const rules = [topicSourceIds(config, topic.slug).sort(), ...terms];
  return createHash("sha256").update(JSON.stringify(rules)).digest("base64url").slice(0, 16);
}
