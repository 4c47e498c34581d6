/**
 * The read side of Tributary: what the HTTP layer (feeds, pages, JSON API) asks of the store, each rule once.
 * Every method is a few store calls at most; the API keeps its own short-lived caches in front of them.
 */
import {
  type Config,
  type DeclaredLanguage,
  retentionCutoff,
  type SourceConfig,
  type TopicConfig,
  topicLanguage,
} from "../config/index.ts";
import { NotFoundError } from "../errors.ts";
import type { Item } from "../item.ts";
import {
  type ListKey,
  type ListMeta,
  type ListPage,
  type Store,
  sourceList,
  toItem,
  topicList,
} from "../store/index.ts";
import { latestFetch, type SourceHealth, sourceHealth } from "./source-health.ts";
import { displayTitle, knownTitle, untitledSourceIds } from "./source-titles.ts";
import { COUNT_BOUND, type TopicOverview, type TopicSummary, topicSummary } from "./topic-summary.ts";

/** What to read of a list: its parsed `limit`, `cursor`, `q`, `since`, `filter`, `filterout` (feeds, pages, API). */
export interface PageQuery {
  /** 1–200. */
  limit: number;
  /** Opaque, from a previous page's `nextCursor`. */
  cursor?: string;
  /** Case-insensitive substring of title or summary. */
  q?: string;
  /** ISO 8601 UTC: only items published strictly after. */
  since?: string;
  /** Keep items whose title or summary contains one of these (case-insensitive). */
  filter?: string[];
  /** Drop items whose title or summary contains any of these (case-insensitive). */
  filterout?: string[];
}

/** A page of a topic with the display titles of the sources its items came from. */
export interface TopicPage extends ListPage {
  topic: TopicConfig;
  /** Source id → display title, for every configured source. */
  sourceTitles: Record<string, string>;
  /** The BCP 47 tag the topic's feeds declare (`topicLanguage`), or null. */
  language: string | null;
}

/** A page of one source's items with its known title. */
export interface SourcePage extends ListPage {
  source: { id: string; title: string | null };
}

/** What a reader is built from. */
export interface ReaderOptions {
  config: Config;
  store: Store;
  /** The clock of retention (tests pass a fixed one). */
  now?: () => Date;
  /** How long feed titles read from source states are reused, in ms (default five minutes). */
  titleMaxAgeMs?: number;
}

/** Titles and languages the sources' feeds gave themselves, by source id. */
interface DeclaredBySources {
  titles: Map<string, string>;
  languages: Map<string, DeclaredLanguage>;
}
/** What an item id can be (URL-safe: `[A-Za-z0-9_-]`); anything else is not looked up. */
const ITEM_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Reads topics, sources and lists for the HTTP layer. Build one per app (one warm instance).
 * @example
 * const reader = new Reader({ config, store });
 * const page = await reader.topicPage(reader.topic("ukraine-war"), { limit: 20 });
 */
export class Reader {
  readonly config: Config;
  readonly store: Store;
  readonly now: () => Date;
  private readonly titleMaxAgeMs: number;
  /** Source states as of their latest poll, for health (`Store.getCurrentSourceStates`). */
  private readonly polled = (ids: string[]) => this.store.getCurrentSourceStates(ids, this.config.poll, this.now());
  private declared: { at: number; read: Promise<DeclaredBySources> } | null = null;

  constructor(options: ReaderOptions) {
    this.config = options.config;
    this.store = options.store;
    this.now = options.now ?? (() => new Date());
    this.titleMaxAgeMs = options.titleMaxAgeMs ?? 5 * 60_000;
  }

  /** The configured topic `slug`. @throws NotFoundError when there is none. */
  topic(slug: string): TopicConfig {
    const topic = this.config.topics.find((t) => t.slug === slug);
    if (!topic) throw new NotFoundError(`no topic "${slug}"`);
    return topic;
  }

  /** The configured source `id`. @throws NotFoundError when there is none. */
  source(id: string): SourceConfig {
    const source = this.config.sources.find((s) => s.id === id);
    if (!source) throw new NotFoundError(`no source "${id}"`);
    return source;
  }

  /** The retention cutoff (ISO): items published before it are never shown (the configuration's `retentionDays`). */
  cutoff(): string {
    return retentionCutoff(this.config, this.now());
  }

  /** A list's version and change time (one GetItem), null before its first change. @throws StorageError */
  listVersion(list: ListKey): Promise<ListMeta | null> {
    return this.store.getListMeta(list);
  }

  /**
   * One page of a list within retention, newest first: one Query unless `q`, `filter` or `filterout` search
   * deeper (at most the newest 1,000 rows). @throws StorageError, BadRequestError (a cursor of another list)
   */
  page(list: ListKey, query: PageQuery): Promise<ListPage> {
    return this.store.queryList(list, {
      limit: query.limit,
      cursor: query.cursor ?? null,
      since: query.since ?? null,
      q: query.q ?? null,
      include: query.filter ?? [],
      exclude: query.filterout ?? [],
      cutoff: this.cutoff(),
    });
  }

  /** An item within retention and fully stored (one GetItem). @throws NotFoundError otherwise, StorageError */
  async item(id: string): Promise<Item> {
    const stored = ITEM_ID.test(id) ? await this.store.getItem(id) : null;
    if (!stored || stored.pending || stored.publishedAt < this.cutoff()) throw new NotFoundError(`no item "${id}"`);
    return toItem(stored);
  }

  /**
   * A page of `topic` with the display titles of its sources and its feeds' language (source states are read
   * only when a title or the language depends on them: one BatchGet, kept five minutes).
   */
  async topicPage(topic: TopicConfig, query: PageQuery): Promise<TopicPage> {
    const page = await this.page(topicList(topic.slug), query);
    const [sourceTitles, language] = await Promise.all([this.sourceTitles(page.items), this.topicLanguage(topic)]);
    return { ...page, topic, sourceTitles, language };
  }

  /**
   * The language `topic`'s feeds declare: the configured `language` at no cost, else the one all of its sources
   * declared in their feeds (`topicLanguage`), from their states (one BatchGet, reused five minutes).
   */
  async topicLanguage(topic: TopicConfig): Promise<string | null> {
    const languages = this.config.language === undefined ? (await this.readDeclared()).languages : new Map();
    return topicLanguage(this.config, topic.slug, languages);
  }

  /** A page of `source` with its known title. */
  async sourcePage(source: SourceConfig, query: PageQuery): Promise<SourcePage> {
    const page = await this.page(sourceList(source.id), query);
    const titles = source.title ? null : (await this.readDeclared()).titles;
    return { ...page, source: { id: source.id, title: knownTitle(source, { title: titles?.get(source.id) ?? null }) } };
  }

  /**
   * Display titles of every configured source (configured, else the feed's own, else the id). Source states are
   * read (one BatchGet, reused for five minutes) only when a source of `items` (or, without `items`, any
   * source) has no configured title.
   */
  async sourceTitles(items?: readonly Item[]): Promise<Record<string, string>> {
    const ids = untitledSourceIds(this.config.sources, items);
    const titles = ids.length > 0 ? (await this.readDeclared()).titles : new Map<string, string>();
    return Object.fromEntries(
      this.config.sources.map((source) => [source.id, displayTitle(source, { title: titles.get(source.id) ?? null })]),
    );
  }

  /** Every configured source's health, in configuration order (one BatchGet, one Query of the poll records). */
  async sourceHealth(): Promise<SourceHealth[]> {
    const states = await this.polled(this.config.sources.map((source) => source.id));
    return this.config.sources.map((source) => sourceHealth(source, states.get(source.id)));
  }

  /** When any of `topic`'s sources was last fetched (one BatchGet), or null when none ever was. */
  async lastChecked(topic: TopicConfig): Promise<string | null> {
    const states = await this.polled(topic.sources);
    return latestFetch([...states.values()]);
  }

  /** Every topic's summary, in configuration order (one BatchGet of list metas). */
  async topicSummaries(): Promise<TopicSummary[]> {
    const metas = await this.store.getListMetas(this.config.topics.map((topic) => topicList(topic.slug)));
    return this.config.topics.map((topic) => topicSummary(topic, metas.get(topicList(topic.slug))));
  }

  /**
   * Every topic's overview for the home page: its summary, when its newest item was published, when its sources
   * were last checked, and its items counted up to `COUNT_BOUND`. Costs two BatchGets (list metas, source
   * states) and one Query of at most `COUNT_BOUND` rows per topic; one BatchGet less when the `known`
   * summaries (from `topicSummaries`) are passed.
   */
  async topicOverviews(known?: TopicSummary[]): Promise<TopicOverview[]> {
    const [summaries, states, pages] = await Promise.all([
      known ?? this.topicSummaries(),
      this.polled(this.config.sources.map((source) => source.id)),
      Promise.all(this.config.topics.map((topic) => this.page(topicList(topic.slug), { limit: COUNT_BOUND }))),
    ]);
    return summaries.map((summary, n) => {
      const topic = this.config.topics[n] as TopicConfig;
      const page = pages[n] as ListPage;
      return {
        ...summary,
        newestPublishedAt: page.items[0]?.publishedAt ?? null,
        checkedAt: latestFetch(topic.sources.map((id) => ({ lastFetchedAt: states.get(id)?.lastFetchedAt ?? null }))),
        itemCount: page.items.length,
        moreItems: page.nextCursor !== null,
      };
    });
  }

  /**
   * What the sources' feeds declared of themselves — titles and languages — from the states of every configured
   * source (one BatchGet, shared by concurrent callers), reused for `titleMaxAgeMs`; a failed read is not kept.
   */
  private readDeclared(): Promise<DeclaredBySources> {
    const at = this.now().getTime();
    if (this.declared && at - this.declared.at < this.titleMaxAgeMs) return this.declared.read;
    const read = this.store.getSourceStates(this.config.sources.map((source) => source.id)).then((states) => {
      const titles = new Map<string, string>();
      const languages = new Map<string, DeclaredLanguage>();
      for (const [id, state] of states) {
        if (state.title) titles.set(id, state.title);
        languages.set(id, { language: state.language ?? null });
      }
      return { titles, languages };
    });
    const entry = { at, read };
    this.declared = entry;
    read.catch(() => {
      if (this.declared === entry) this.declared = null;
    });
    return read;
  }
}
