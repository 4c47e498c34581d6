/**
 * The read side of Tributary: what the HTTP layer (feeds, pages, JSON API) asks of the store, each rule once.
 * Every method is a few store calls at most; the API keeps its own short-lived caches in front of them.
 */
import { LRUCache } from "lru-cache";
import {
  type Config,
  type DeclaredLanguage,
  retentionCutoff,
  type SourceConfig,
  type TopicConfig,
  topicLanguage,
  topicSourceIds,
} from "../config/index.ts";
import { NotFoundError } from "../errors.ts";
import type { Item } from "../item.ts";
import type { Publishers } from "../render/index.ts";
import {
  cardSize,
  entryList,
  type ListKey,
  type ListMeta,
  type ListPage,
  type PageOptions,
  type SourceState,
  type Store,
  type StoredItem,
  sourceList,
  storyList,
  toItem,
  topicList,
  topicOfList,
} from "../store/index.ts";
import { listFilter } from "../terms/index.ts";
import { membership } from "../topics/index.ts";
import { topicPublishers } from "./publishers.ts";
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
  /** Keep items one of these terms matches in title or summary (SPEC §1 Terms). */
  filter?: string[];
  /** Drop items any of these terms matches in title or summary. */
  filterout?: string[];
  /** `none`: every item of a story on its own in a topic with `stories` on (default: one entry per story). */
  group?: "none";
}

/**
 * The list a page of `topic` reads: its story entries (`e:<slug>`) when the topic groups stories (`stories`, on by
 * default) and the query does not ask `group=none`, else every item of it (`t:<slug>`).
 */
export function topicListOf(topic: TopicConfig, query: Pick<PageQuery, "group">): ListKey {
  return topic.stories !== false && query.group !== "none" ? entryList(topic.slug) : topicList(topic.slug);
}

/**
 * `items` with the publishers of their stories' other items named: `sourceTitle` the display title of `source`, both
 * null when that source is no longer configured.
 */
function withOtherTitles(items: Item[], titles: Record<string, string>): Item[] {
  return items.map((item) => {
    const others = item.story.others;
    if (!others) return item;
    const named = others.map((other) => {
      const known = other.source !== null && Object.hasOwn(titles, other.source);
      return {
        ...other,
        source: known ? other.source : null,
        sourceTitle: known ? (titles[other.source as string] ?? null) : null,
      };
    });
    return { ...item, story: { ...item.story, others: named } };
  });
}

/** A page of a topic with the display titles of the sources its items came from. */
export interface TopicPage extends ListPage {
  topic: TopicConfig;
  /** Source id → display title, for every configured source. */
  sourceTitles: Record<string, string>;
  /** The topic's sources its items came from, in configuration order: `publishers.of(item)` is an entry's publisher. */
  publishers: Publishers;
  /** The BCP 47 tag the topic's feeds declare (`topicLanguage`), or null. */
  language: string | null;
}

/** A story as `GET /api/stories/:id` answers it. */
export interface StoryItems {
  story: { id: string; size: number };
  /** Every item of the story within retention, newest first. */
  items: Item[];
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

/** The one key of the declared-by-sources cache: every configured source's states are read at once. */
const DECLARED = "declared";

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
  /**
   * What the sources' feeds declared, read from the states of every configured source, kept `titleMaxAgeMs` (by
   * the `now` clock) and shared by concurrent callers; a failed read is not kept.
   */
  private readonly declared: LRUCache<typeof DECLARED, Promise<DeclaredBySources>>;
  /** Source states as of their latest poll, for health (`store.sources.current`). */
  private readonly polled = (ids: string[]) =>
    this.store.sources.current(ids, this.config.poll.everyMinutes, this.now());

  constructor(options: ReaderOptions) {
    this.config = options.config;
    this.store = options.store;
    this.now = options.now ?? (() => new Date());
    this.declared = new LRUCache({
      max: 1,
      ttl: options.titleMaxAgeMs ?? 5 * 60_000,
      // Ages by the reader's clock, read at every check (no resolution cached), so an injected clock rules.
      perf: { now: () => this.now().getTime() },
      ttlResolution: 0,
    });
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
    return this.store.lists.version(list);
  }

  /**
   * One page of a list within retention, newest first: one Query of its rows and one BatchGetItem of their items
   * unless rows are dropped or `q`, `filter` or `filterout` search deeper (at most the newest 1,000 rows). A
   * topic's items are served only while the configuration puts them in it (sources and filters).
   * @throws StorageError, InvalidCursorError (a cursor of another list, or tampered with)
   */
  async page(list: ListKey, query: PageQuery): Promise<ListPage> {
    const { items, nextCursor } = await this.readPage(list, query);
    return { items, nextCursor };
  }

  /** `page`, reading the states of `sourceStates` in the same BatchGetItem as the items. */
  private readPage(list: ListKey, query: PageQuery, sourceStates?: string[]) {
    const options: PageOptions = { sourceStates };
    const slug = topicOfList(list);
    if (slug !== null) options.belongs = (item: StoredItem) => membership(this.config).inTopic(slug, item);
    return this.store.lists.page(
      list,
      {
        limit: query.limit,
        cursor: query.cursor ?? null,
        since: query.since ?? null,
        q: query.q ?? null,
        filter: listFilter(query.filter, query.filterout),
        cutoff: this.cutoff(),
      },
      options,
    );
  }

  /**
   * An item within retention and fully stored, with its story's size (one GetItem, and its story's card when it
   * names a story). @throws NotFoundError otherwise, StorageError
   */
  async item(id: string): Promise<Item> {
    const stored = ITEM_ID.test(id) ? await this.store.items.get(id) : null;
    if (!stored || stored.pending || stored.publishedAt < this.cutoff()) throw new NotFoundError(`no item "${id}"`);
    const card = stored.story ? await this.store.stories.card(stored.story) : null;
    return toItem(stored, card ? cardSize(card, this.cutoff()) : 1);
  }

  /**
   * Every item of a story within retention, newest first, and the story's size: the story's member rows and their
   * items (a page of 200 at a time); an item stored before stories is a story of its own.
   * @throws NotFoundError when no item of it is within retention, StorageError
   */
  async story(id: string): Promise<StoryItems> {
    const cutoff = this.cutoff();
    const items: Item[] = [];
    if (ITEM_ID.test(id)) {
      let cursor: string | null = null;
      do {
        const page: ListPage = await this.store.lists.page(storyList(id), { limit: 200, cursor, cutoff });
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      if (items.length === 0) {
        // A story of one whose member row is not written (an item stored before stories, or one being completed).
        const own = await this.store.items.get(id);
        if (own && !own.pending && own.publishedAt >= cutoff && (own.story ?? own.id) === id) items.push(toItem(own));
      }
    }
    if (items.length === 0) throw new NotFoundError(`no story "${id}"`);
    const size = items.length;
    return { story: { id, size }, items: items.map((item) => ({ ...item, story: { id, size } })) };
  }

  /**
   * A page of `topic` — one entry per story when it groups stories (`topicListOf`), each naming its story's other
   * items with their publishers' titles — with the display titles of its sources and its feeds' language (source states are read
   * only when a title or the language depends on them: one BatchGet, kept five minutes).
   */
  async topicPage(topic: TopicConfig, query: PageQuery): Promise<TopicPage> {
    // When titles or the language may come from source states and none are kept, they are read with the items.
    const needed = untitledSourceIds(this.config.sources).length > 0 || this.config.language === undefined;
    const states = needed && !this.declared.has(DECLARED) ? this.config.sources.map((source) => source.id) : undefined;
    const read = await this.readPage(topicListOf(topic, query), query, states);
    const { nextCursor, sourceStates } = read;
    if (sourceStates) this.keepDeclared(Promise.resolve(sourceStates));
    const [sourceTitles, language] = await Promise.all([this.sourceTitles(read.items), this.topicLanguage(topic)]);
    const items = withOtherTitles(read.items, sourceTitles);
    const publishers = topicPublishers(this.config, topic, items, sourceTitles);
    return { items, nextCursor, topic, sourceTitles, publishers, language };
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

  /** When any of `topic`'s sources (`["*"]`: every source) was last fetched (one BatchGet), or null when none ever was. */
  async lastChecked(topic: TopicConfig): Promise<string | null> {
    const states = await this.polled(topicSourceIds(this.config, topic.slug));
    return latestFetch([...states.values()]);
  }

  /** Every topic's summary, in configuration order (one BatchGet of list metas). */
  async topicSummaries(): Promise<TopicSummary[]> {
    const metas = await this.store.lists.versions(this.config.topics.map((topic) => topicList(topic.slug)));
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
      Promise.all(this.config.topics.map((topic) => this.page(topicListOf(topic, {}), { limit: COUNT_BOUND }))),
    ]);
    return summaries.map((summary, n) => {
      const topic = this.config.topics[n] as TopicConfig;
      const page = pages[n] as ListPage;
      return {
        ...summary,
        newestPublishedAt: page.items[0]?.publishedAt ?? null,
        checkedAt: latestFetch(
          topicSourceIds(this.config, topic.slug).map((id) => ({
            lastFetchedAt: states.get(id)?.lastFetchedAt ?? null,
          })),
        ),
        itemCount: page.items.length,
        moreItems: page.nextCursor !== null,
      };
    });
  }

  /** What the sources' feeds declared (titles, languages): one BatchGet of their states, reused `titleMaxAgeMs`. */
  private readDeclared(): Promise<DeclaredBySources> {
    const kept = this.declared.get(DECLARED);
    return kept ?? this.keepDeclared(this.store.sources.states(this.config.sources.map((source) => source.id)));
  }

  /** Keeps what `states` (of every configured source) declare, unless reading them fails. */
  private keepDeclared(states: Promise<Map<string, SourceState>>): Promise<DeclaredBySources> {
    const read = states.then((found) => {
      const titles = new Map<string, string>();
      const languages = new Map<string, DeclaredLanguage>();
      for (const [id, state] of found) {
        if (state.title) titles.set(id, state.title);
        languages.set(id, { language: state.language ?? null });
      }
      return { titles, languages };
    });
    this.declared.set(DECLARED, read);
    read.catch(() => {
      if (this.declared.peek(DECLARED) === read) this.declared.delete(DECLARED);
    });
    return read;
  }
}
