/** The publisher of an entry: which of its sources a merged feed names as the place it comes from. */
import type { Item } from "../item.ts";
import { nonBlank } from "./text.ts";

/** A source as a feed names it: its display title and its feed's URL. */
export interface Publisher {
  id: string;
  /** The source's display title (configured, else its feed's own, else its id). */
  title: string;
  /** The source's feed URL, absolute: RSS `<source url>`, Atom `<source>`'s id and self link. */
  url: string;
}

/**
 * The sources a list includes, in configuration order, and the rule that picks an entry's publisher from them:
 * the first of its item's sources, in configuration order, that the list includes (SPEC §4 Publisher).
 * @example
 * const publishers = new Publishers([{ id: "a", title: "A", url: "https://a.example/feed" }]);
 * publishers.of({ sources: ["z", "a"] }) // { id: "a", … }
 */
export class Publishers {
  private readonly byId = new Map<string, { publisher: Publisher; order: number }>();

  /** `sources`: the sources the list includes, in configuration order. */
  constructor(sources: Iterable<Publisher>) {
    for (const publisher of sources) {
      if (!this.byId.has(publisher.id)) this.byId.set(publisher.id, { publisher, order: this.byId.size });
    }
  }

  /** The publisher of `item`'s entry, or null when none of its sources is in the list. Costs a lookup per source. */
  of(item: Pick<Item, "sources">): Publisher | null {
    let best: { publisher: Publisher; order: number } | undefined;
    for (const id of item.sources) {
      const found = this.byId.get(id);
      if (found && (!best || found.order < best.order)) best = found;
    }
    return best?.publisher ?? null;
  }
}

/**
 * The name an entry gives as its author: the item's own author, else its publisher's title (never the topic's or
 * the feed's title); null when it has neither.
 */
export function entryAuthor(item: Pick<Item, "author">, publisher: Publisher | null): string | null {
  return nonBlank(item.author) ?? nonBlank(publisher?.title);
}
