/** Which sources a topic's entries name as their publishers. */
import { type Config, type TopicConfig, topicSourceIds } from "../config/index.ts";
import type { Item } from "../item.ts";
import { Publishers } from "../render/index.ts";

/**
 * The publishers of a page of `topic`: the topic's sources that `items` came from, in configuration order, each
 * with its display title (`sourceTitles`) and its feed URL as the URL standard writes it. Costs one pass over the
 * configured sources.
 */
export function topicPublishers(
  config: Config,
  topic: TopicConfig,
  items: readonly Item[],
  sourceTitles: Readonly<Record<string, string>>,
): Publishers {
  const onPage = new Set(items.flatMap((item) => item.sources));
  const included = topic.sources.includes("*") ? null : new Set(topicSourceIds(config, topic.slug));
  return new Publishers(
    config.sources
      .filter((source) => onPage.has(source.id) && (included === null || included.has(source.id)))
      .map((source) => ({ id: source.id, title: sourceTitles[source.id] ?? source.id, url: new URL(source.url).href })),
  );
}
