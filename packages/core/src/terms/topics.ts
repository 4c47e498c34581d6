/**
 * Topic membership by terms: every topic's `include`, `exclude` and `match` compiled into one `TermMatcher` per
 * configuration, so an item is folded and cut into words once however many topics judge it.
 */
import type { Config, TopicConfig } from "../config/index.ts";
import { type MatchSubject, TermMatcher } from "./matcher.ts";

/**
 * The terms of a configuration's topics, compiled once. `passing` says which topics' terms keep an item; the
 * topics' sources are the caller's to check.
 * @example
 * const terms = TopicTerms.of(config);
 * terms.passes("ukraine-war", item) // true when its terms keep the item
 */
export class TopicTerms {
  private static readonly compiled = new WeakMap<readonly TopicConfig[], TopicTerms>();
  private readonly matcher: TermMatcher;
  private readonly slugs: readonly string[];
  private readonly index: ReadonlyMap<string, number>;

  private constructor(topics: readonly TopicConfig[]) {
    this.matcher = TermMatcher.compile(topics);
    this.slugs = topics.map((topic) => topic.slug);
    this.index = new Map(this.slugs.map((slug, n) => [slug, n]));
  }

  /**
   * The compiled terms of `config`'s topics, compiled on first use and kept while the configuration lives (a
   * reloaded configuration is compiled anew).
   * @throws InvalidTermError for a term that can never match (a validated configuration has none).
   */
  static of(config: Pick<Config, "topics">): TopicTerms {
    let terms = TopicTerms.compiled.get(config.topics);
    if (!terms) {
      terms = new TopicTerms(config.topics);
      TopicTerms.compiled.set(config.topics, terms);
    }
    return terms;
  }

  /** Slugs of the topics whose terms keep `item` (no `exclude` term matches; an `include` term does, or none is set). */
  passing(item: MatchSubject): Set<string> {
    const verdicts = this.matcher.verdicts(item);
    const out = new Set<string>();
    verdicts.forEach((keep, n) => {
      if (keep) out.add(this.slugs[n] as string);
    });
    return out;
  }

  /** Whether topic `slug`'s terms keep `item`; false for an unknown slug. */
  passes(slug: string, item: MatchSubject): boolean {
    const n = this.index.get(slug);
    return n !== undefined && (this.matcher.verdicts(item)[n] ?? false);
  }
}
