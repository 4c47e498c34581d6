/** The one rule for naming a source: configured title, else the feed's own, else its id. */
import { type Config, configuredSource, type SourceConfig } from "../config/index.ts";
import type { Item } from "../item.ts";
import type { SourceState } from "../store/index.ts";

/**
 * A source's title as far as it is known: the configured `title`, else the title its feed gave itself (kept in
 * its state by the poller), else null. `/api/sources` and `/api/sources/{id}/items` serve this.
 * @example knownTitle({ id: "a", url: "https://a.example/feed" }, { title: "A News" }) // "A News"
 */
export function knownTitle(source: SourceConfig, state?: Pick<SourceState, "title"> | null): string | null {
  return source.title ?? state?.title ?? null;
}

/**
 * A source's title for people (feed categories, pages): its known title, else its id — never empty.
 * @example displayTitle({ id: "a", url: "https://a.example/feed" }, null) // "a"
 */
export function displayTitle(source: SourceConfig, state?: Pick<SourceState, "title"> | null): string {
  return knownTitle(source, state) ?? source.id;
}

/**
 * Ids of the sources `items` came from (and, for a story-grouped entry, those of its story's other items) that have
 * no configured title: those whose feed titles are needed. Empty when the configuration titles them, so a read of
 * source states is only made when a title depends on it.
 * @example untitledSourceIds(config, [{ sources: ["a", "b"] }]) // ["b"] when only "a" has a title
 */
export function untitledSourceIds(
  config: Config,
  items: readonly (Pick<Item, "sources"> & { story?: Pick<Item["story"], "others"> })[],
): string[] {
  const others = (item: (typeof items)[number]) =>
    (item.story?.others ?? []).flatMap((other) => (other.source ? [other.source] : []));
  const ids = new Set(items.flatMap((item) => [...item.sources, ...others(item)]));
  return [...ids].filter((id) => {
    const source = configuredSource(config, id);
    return source !== undefined && !source.title;
  });
}
