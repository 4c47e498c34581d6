/**
 * Which found feeds `npm run discover` proposes as sources: not those the configuration has already, nor those an
 * earlier page of the same run proposed. A feed is the same when its canonical URL is (`http`/`https`, host case,
 * default port, fragment, tracking parameters and query order aside).
 */
import type { UniqueIds } from "../config/ids.ts";
import type { SourceConfig } from "../config/index.ts";
import { canonicalUrl } from "../normalize/url.ts";
import { type FoundFeed, sourceEntries } from "./discover.ts";

/** A found feed that is a source already: its URL as found and the id of that source. */
export interface KnownFeed {
  url: string;
  id: string;
}

/** What to say for one page's feeds: sources to add, and the feeds that are sources already. */
export interface Proposal {
  /** Ready entries for the feeds not known yet (ids unique, see `sourceEntries`). */
  sources: SourceConfig[];
  /** Found feeds the configuration has already. */
  configured: KnownFeed[];
  /** Found feeds an earlier page of the run proposed. */
  proposedAbove: KnownFeed[];
}

/** The feeds known in a run: the configured sources', then those proposed, by canonical URL. */
export class KnownFeeds {
  readonly #configured = new Map<string, string>();
  readonly #proposed = new Map<string, string>();

  /** Starts from the configured sources (`{id, url}`). */
  constructor(sources: readonly { id: string; url: string }[] = []) {
    for (const source of sources) this.#configured.set(keyOf(source.url), source.id);
  }

  /**
   * Splits one page's found feeds: those configured or proposed already, and entries for the others (which are
   * then known as proposed, so a later page does not propose them again).
   * @example new KnownFeeds(config.sources).propose(feeds, new UniqueIds(config.sources.map((s) => s.id)))
   */
  propose(feeds: FoundFeed[], taken: UniqueIds): Proposal {
    const configured: KnownFeed[] = [];
    const proposedAbove: KnownFeed[] = [];
    const fresh: FoundFeed[] = [];
    for (const feed of feeds) {
      const key = keyOf(feed.url);
      const configuredId = this.#configured.get(key);
      const proposedId = this.#proposed.get(key);
      if (configuredId !== undefined) configured.push({ url: feed.url, id: configuredId });
      else if (proposedId !== undefined) proposedAbove.push({ url: feed.url, id: proposedId });
      else fresh.push(feed);
    }
    const sources = sourceEntries(fresh, taken);
    for (const source of sources) this.#proposed.set(keyOf(source.url), source.id);
    return { sources, configured, proposedAbove };
  }
}

/** The key a feed URL is known by: its canonical form, else the URL as written. */
const keyOf = (url: string): string => canonicalUrl(url) ?? url;
