/** The one rule for naming a source: configured title, else the feed's own, else its id. */
import type { SourceConfig } from "../config/index.ts";
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
 * Ids of the sources without a configured title whose feed titles are needed: those `items` (and the other items of
 * their stories that grouped entries name) came from, or
 * every untitled source when `items` is not given. Empty when the configuration titles them all, so a read
 * of source states is only made when a title depends on it.
 */
export function untitledSourceIds(sources: readonly SourceConfig[], items?: readonly Item[]): string[] {
  const untitled = sources.filter((source) => !source.title).map((source) => source.id);
  if (!items || untitled.length === 0) return untitled;
  // A grouped entry names the publishers of its story's other items too.
  const others = (item: Item) => (item.story.others ?? []).flatMap((other) => (other.source ? [other.source] : []));
  const seen = new Set(items.flatMap((item) => [...item.sources, ...others(item)]));
  return untitled.some((id) => seen.has(id)) ? untitled : [];
}
