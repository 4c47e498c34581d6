import { createHash } from "node:crypto";
import type { Config, TopicConfig } from "../config/index.ts";
import { topicSourceIds } from "../config/index.ts";
import type { Item } from "../item.ts";
import type { ListKey } from "../store/index.ts";
import { sourceList, topicList } from "../store/index.ts";

function haystack(item: Item): string {
  return [item.title ?? "", item.summary ?? "", ...item.categories].join("\n").toLowerCase();
}

/** Whether an item passes a topic's include/exclude filters (case-insensitive substrings of title, summary, categories). */
export function passesFilters(topic: TopicConfig, item: Item): boolean {
  const text = haystack(item);
  if (topic.include?.length && !topic.include.some((term) => text.includes(term.toLowerCase()))) return false;
  if (topic.exclude?.some((term) => text.includes(term.toLowerCase()))) return false;
  return true;
}

/** Slugs of the topics an item belongs to under the configuration. */
export function topicsOf(config: Config, item: Item): string[] {
  return config.topics
    .filter((topic) => {
      const ids = topicSourceIds(config, topic.slug);
      return item.sources.some((id) => ids.includes(id)) && passesFilters(topic, item);
    })
    .map((topic) => topic.slug);
}

/** Every list an item sits in: one per configured source it was seen in, one per topic. */
export function listsOf(config: Config, item: Item): ListKey[] {
  const configured = new Set(config.sources.map((s) => s.id));
  return [...item.sources.filter((id) => configured.has(id)).map(sourceList), ...topicsOf(config, item).map(topicList)];
}

/** A hash of what decides a topic's membership: its resolved sources and filters. */
export function topicFingerprint(config: Config, topic: TopicConfig): string {
  const rules = [topicSourceIds(config, topic.slug).sort(), topic.include ?? [], topic.exclude ?? []];
  return createHash("sha256").update(JSON.stringify(rules)).digest("base64url").slice(0, 16);
}
