/**
 * The read side of Tributary: what the HTTP layer (feeds, pages, JSON API) asks of the store, each rule once.
 * Every method is a few store calls at most; the API keeps its own short-lived caches in front of them.
 */
import { LRUCache } from "lru-cache";
import {
  type Config,
  configuredSource,
  type DeclaredLanguage,
  retentionCutoff,
  type SourceConfig,
  sourcePosition,
  type TopicConfig,
  topicLanguage,
  topicSourceIds,
} from "../config/index.ts";
import { NotFoundError } from "../errors.ts";
import type { Item, StoryOther } from "../item.ts";
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
import type { ListGroup } from "../urls.ts";
import { topicPublishers } from "./publishers.ts";
import { healthReplan, latestFetch } from "./source-health.ts";
import { type SourceHealthPage, type SourceHealthQuery, sourceHealthPage } from "./source-pages.ts";
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
  group?: ListGroup;
}

/**
 * The list a page of `topic` reads: its story entries (`e:<slug>`) when the topic groups stories (`stories`, on by
 * default) and the query does not ask `group=none`, else every item of it (`t:<slug>`).
 */
export function topicListOf(topic: TopicConfig, query: Pick<PageQuery, "group">): ListKey {
  return topic.stories !== false && query.group !== "none" ? entryList(topic.slug) : topicList(topic.slug);
}

/**
 * `items` with the publishers of their stories' other items named (`sourceTitle`: the display title of `source`;
 * null with `source` when the card names none). Another item whose source is no longer configured is left out: items
 * seen only in sources since removed leave every topic (SPEC §1), and an entry's others are in it (one still in a
 * configured source is named by it first: `Reader.othersStillCarried`).
 */
function withOtherTitles(items: Item[], titles: Record<string, string>): Item[] {
  return items.map((item) => {
    const others = item.story.others;
    if (!others) return item;
    const named = others.flatMap((other): StoryOther[] => {
      if (other.source === null) return [{ ...other, sourceTitle: null }];
      if (!Object.hasOwn(titles, other.source)) return [];
      return [{ ...other, sourceTitle: titles[other.source] ?? null }];
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

/** What a source's feed declared of itself: its title and language (null when its feed gave none or it is unpolled). */
interface Declared extends DeclaredLanguage {
  title: string | null;
}

/** What a source declared, as a reader keeps it: being read or read, and when the read began (`Reader.epoch`). */
interface KeptDeclared {
  declared: Promise<Declared>;
  /** The reader's epoch when the read of the source's state began. */
  readAt: number;
}

/** Lists whose observed version a reader remembers (about 100 bytes each). */
const VERSIONS_SEEN_MAX = 4096;

/** Untitled sources a list's last rendering named, kept per list to be read with its next page. */
const SHOWN_MAX = 100;

/** Keys one BatchGetItem request reads at most. */
const BATCH_GET_KEYS = 100;

/** Source states read per BatchGet round while looking for a topic's language (`topicLanguage`). */
const LANGUAGE_CHUNK = 100;

/** Topics of more listed sources than this (or `["*"]`) are checked by the newest poll record (`lastChecked`). */
const CHECKED_BY_STATES_MAX = 100;

/** Whether `topic` has too many sources to read each one's state for a view (`["*"]`, or over 100 listed). */
function wideTopic(topic: TopicConfig): boolean {
  return topic.sources.includes("*") || topic.sources.length > CHECKED_BY_STATES_MAX;
}

/** The ids of `topic`'s sources in configuration order, one at a time (`["*"]`: every source, without a copy). */
function* sourceIdsOf(config: Config, topic: TopicConfig): Generator<string> {
  if (topic.sources.includes("*")) for (const source of config.sources) yield source.id;
  else yield* topic.sources;
}

/** Sources whose declarations a reader keeps at most (about 100 bytes each). */
const DECLARED_MAX = 200_000;

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
   * What each source's feed declared (title, language), read from its state when a page or a topic needs it, kept
   * `titleMaxAgeMs` (by the `now` clock) per source and shared by concurrent callers; a failed read is not kept. A
   * title is used for a list only when it was read after this reader saw the list's current version (`titlesAfter`):
   * a poll that reads a new feed title moves the version of every list that names the source (SPEC §1: a source's
   * title defaults to its feed's), so the title shows with the version that announces it.
   */
  private readonly declared: LRUCache<string, KeptDeclared>;
  /**
   * A counter of this reader's observations: it moves each time a list is seen at a version not seen before, and a
   * read of source states records it when it begins, so "read after the version was seen" is one comparison.
   */
  private epoch = 0;
  /** The version each list was last seen at (`listVersion`), and the epoch it was first seen at. */
  private readonly versionsSeen = new LRUCache<ListKey, { version: number; epoch: number }>({ max: VERSIONS_SEEN_MAX });
  /** The untitled sources each list's last page named, whose states its next page reads with its items. */
  private readonly shown = new LRUCache<ListKey, string[]>({ max: 1024 });
  /** Source states as of their latest poll, for health (`store.sources.current`, next fetches as the schedule plans them). */
  private readonly polled = (ids: string[]) =>
    this.store.sources.current(ids, this.config.poll.everyMinutes, this.now(), healthReplan(this.config));

  /** Whether titles or the language may come from source states (a source untitled, or no configured language). */
  private readonly declaresNeeded: boolean;

  constructor(options: ReaderOptions) {
    this.config = options.config;
    // Once per configuration, not per request: at 100,000 sources a scan of them costs on every page.
    this.declaresNeeded =
      options.config.language === undefined || options.config.sources.some((source) => !source.title);
    this.store = options.store;
    this.now = options.now ?? (() => new Date());
    this.declared = new LRUCache({
      max: DECLARED_MAX,
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

  /**
   * A list's version and change time (one GetItem), null before its first change. The reader notes the version: a
   * page of the list rendered from then on takes source titles read after it (`titlesAfter`). @throws StorageError
   */
  async listVersion(list: ListKey): Promise<ListMeta | null> {
    const meta = await this.store.lists.version(list);
    const version = meta?.version ?? 0;
    if (this.versionsSeen.get(list)?.version !== version) this.versionsSeen.set(list, { version, epoch: ++this.epoch });
    return meta;
  }

  /**
   * The epoch after which source titles must have been read to serve `list`: when this reader first saw the list at
   * the version it last read (`listVersion`); a list it has not seen asks for titles read from now on.
   */
  private titlesAfter(list: ListKey): number {
    return this.versionsSeen.get(list)?.epoch ?? ++this.epoch;
  }

  /**
   * One page of a list within retention, newest first: one Query of its rows and one BatchGetItem of their items
   * unless rows are dropped or `q`, `filter` or `filterout` search deeper (at most 1,000 rows a page). A
   * topic's items are served only while the configuration puts them in it (sources and filters).
   * @throws StorageError, InvalidCursorError (a cursor of another list, or tampered with)
   */
  async page(list: ListKey, query: PageQuery): Promise<ListPage> {
    const { items, nextCursor, dates } = await this.readPage(list, query);
    return { items, nextCursor, dates };
  }

  /** `page`, reading the states of `sourceStates` in the same BatchGetItem as the items. */
  private readPage(list: ListKey, query: PageQuery, sourceStates?: string[]) {
    const options: PageOptions = sourceStates && sourceStates.length > 0 ? { sourceStates } : {};
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
   * items with their publishers' titles — with the display titles of the sources of its items and its feeds' language. Source states are
   * read only when a title or the language depends on them, each kept five minutes: the first of the topic's
   * sources not kept are read with the page's items, as many as fit in its one BatchGetItem, and a page's untitled
   * source or the language may read more (`sourceTitles`, `topicLanguage`).
   */
  async topicPage(topic: TopicConfig, query: PageQuery): Promise<TopicPage> {
    const needed = this.declaresNeeded;
    const versioned = topicList(topic.slug);
    const after = this.titlesAfter(versioned);
    // As many as fit beside the page's rows in one BatchGetItem (100 keys): the untitled sources the list's last page
    // named whose titles predate its version (the page most likely names them again), then the topic's sources not
    // kept, in configuration order (titles and the language of a cold instance).
    const room = needed ? Math.min(LANGUAGE_CHUNK, BATCH_GET_KEYS - query.limit - 2) : 0;
    const stale = room > 0 ? this.notKept(this.shown.get(versioned) ?? [], room, after) : [];
    const ahead =
      room > stale.length
        ? [...new Set([...stale, ...this.notKept(sourceIdsOf(this.config, topic), room - stale.length)])]
        : stale;
    const readAt = this.epoch;
    const read = await this.readPage(topicListOf(topic, query), query, ahead);
    const { nextCursor, dates, sourceStates } = read;
    if (sourceStates) this.keep(ahead, Promise.resolve(sourceStates), readAt);
    const page = await this.othersStillCarried(read.items);
    const [sourceTitles, language] = await Promise.all([this.titlesOf(page, after), this.topicLanguage(topic)]);
    if (needed) this.shown.set(versioned, untitledSourceIds(this.config, page).slice(0, SHOWN_MAX));
    const items = withOtherTitles(page, sourceTitles);
    const publishers = topicPublishers(this.config, topic, items, sourceTitles);
    return { items, nextCursor, dates, topic, sourceTitles, publishers, language };
  }

  /**
   * `items` with each of their stories' other items whose first source is no longer configured named by a source of
   * it that still is (the first in configuration order), read from the items themselves (one BatchGetItem, only
   * when a source was removed); one seen only in sources since removed keeps its source, for `withOtherTitles` to
   * leave it out. @throws StorageError
   */
  private async othersStillCarried(items: Item[]): Promise<Item[]> {
    const gone = (source: string | null) => source !== null && !configuredSource(this.config, source);
    const ids = [
      ...new Set(items.flatMap((item) => (item.story.others ?? []).filter((o) => gone(o.source)).map((o) => o.id))),
    ];
    if (ids.length === 0) return items;
    const stored = await this.store.items.getMany(ids);
    const carrier = (id: string) => {
      const sources = (stored.get(id)?.sources ?? []).filter((source) => configuredSource(this.config, source));
      return sources.sort((a, b) => sourcePosition(this.config, a) - sourcePosition(this.config, b))[0];
    };
    return items.map((item) => {
      const others = item.story.others;
      if (!others?.some((other) => gone(other.source))) return item;
      const named = others.map((other) =>
        gone(other.source) ? { ...other, source: carrier(other.id) ?? other.source } : other,
      );
      return { ...item, story: { ...item.story, others: named } };
    });
  }

  /**
   * The language `topic`'s feeds declare: the configured `language` at no cost, else the one all of its sources
   * declared in their feeds (`topicLanguage`), from their states (kept five minutes), read 100 at a time and only
   * until two sources disagree or one declares none (what is kept is looked at before anything is read).
   */
  async topicLanguage(topic: TopicConfig): Promise<string | null> {
    if (this.config.language !== undefined) return topicLanguage(this.config, topic.slug, new Map());
    const ids = topicSourceIds(this.config, topic.slug);
    const languages = new Map<string, DeclaredLanguage>();
    const seen = new Set<string | null>();
    for (let at = 0; at < ids.length; at += LANGUAGE_CHUNK) {
      const chunk = ids.slice(at, at + LANGUAGE_CHUNK);
      // What is kept first: one source that declares none, or two that differ, decide it without a read.
      for (const kept of [false, true]) {
        const declared = await this.declaredOf(kept ? chunk : chunk.filter((id) => this.declared.has(id)));
        for (const [id, { language }] of declared) {
          languages.set(id, { language });
          seen.add(language ?? null);
        }
        if (seen.has(null) || seen.size > 1) return null;
      }
    }
    return topicLanguage(this.config, topic.slug, languages);
  }

  /**
   * A page of `source` with its known title: an untitled source's state is read with the page's items (one
   * BatchGetItem) unless its title was read since this reader saw the list's version.
   */
  async sourcePage(source: SourceConfig, query: PageQuery): Promise<SourcePage> {
    const list = sourceList(source.id);
    const after = this.titlesAfter(list);
    const ahead = source.title ? [] : this.notKept([source.id], 1, after);
    const readAt = this.epoch;
    const { items, nextCursor, dates, sourceStates } = await this.readPage(list, query, ahead);
    if (sourceStates) this.keep(ahead, Promise.resolve(sourceStates), readAt);
    const title = source.title ? null : ((await this.declaredOf([source.id], after)).get(source.id)?.title ?? null);
    return { items, nextCursor, dates, source: { id: source.id, title: knownTitle(source, { title }) } };
  }

  /**
   * Display titles of the sources `items` came from (and the publishers of a grouped entry's other items: configured,
   * else the feed's own, else the id), by source id.
   * Source states are read (one BatchGet of those not kept, each kept five minutes) only for sources of `items`
   * without a configured title.
   */
  sourceTitles(items: readonly Item[]): Promise<Record<string, string>> {
    return this.titlesOf(items, 0);
  }

  /** `sourceTitles`, with the feed titles read after epoch `after` (`titlesAfter`). */
  private async titlesOf(items: readonly Item[], after: number): Promise<Record<string, string>> {
    const declared = await this.declaredOf(untitledSourceIds(this.config, items), after);
    const titles: Record<string, string> = {};
    // A grouped entry names its story's other items' publishers too.
    const others = (item: Item) => (item.story.others ?? []).flatMap((other) => (other.source ? [other.source] : []));
    for (const id of new Set(items.flatMap((item) => [...item.sources, ...others(item)]))) {
      const source = configuredSource(this.config, id);
      if (source) titles[id] = displayTitle(source, { title: declared.get(id)?.title ?? null });
    }
    return titles;
  }

  /**
   * A page of source health (`/api/sources`, `/sources`): failing sources first, the longest failing first, then
   * the rest in configuration order, as of their latest poll (`sourceHealthPage`).
   * @throws InvalidCursorError, StorageError
   */
  sourceHealthPage(query: SourceHealthQuery): Promise<SourceHealthPage> {
    return sourceHealthPage({ config: this.config, store: this.store, now: this.now(), states: this.polled }, query);
  }

  /**
   * When any of `topic`'s sources was last fetched, or null when none ever was: their states (one BatchGet) for a
   * topic of at most 100 listed sources, else — `["*"]` or more — the newest poll record's latest fetch (one Query),
   * so the cost never follows the number of sources.
   */
  async lastChecked(topic: TopicConfig): Promise<string | null> {
    if (wideTopic(topic)) return this.store.sources.newestFetch(this.now());
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
   * were last checked (`lastChecked`), and its items counted up to `COUNT_BOUND`. Costs a BatchGet of list metas, a
   * BatchGet of the states of the sources of topics of at most 100 listed sources, one Query of the newest poll
   * record when a topic is wider, and one Query of at most `COUNT_BOUND` rows per topic; one BatchGet less when the
   * `known` summaries (from `topicSummaries`) are passed.
   */
  async topicOverviews(known?: TopicSummary[]): Promise<TopicOverview[]> {
    const narrow = this.config.topics.filter((topic) => !wideTopic(topic));
    const wide = narrow.length < this.config.topics.length;
    const [summaries, states, newest, pages] = await Promise.all([
      known ?? this.topicSummaries(),
      this.polled([...new Set(narrow.flatMap((topic) => topic.sources))]),
      wide ? this.store.sources.newestFetch(this.now()) : null,
      Promise.all(this.config.topics.map((topic) => this.page(topicListOf(topic, {}), { limit: COUNT_BOUND }))),
    ]);
    return summaries.map((summary, n) => {
      const topic = this.config.topics[n] as TopicConfig;
      const page = pages[n] as ListPage;
      return {
        ...summary,
        newestPublishedAt: page.items[0]?.publishedAt ?? null,
        checkedAt: wideTopic(topic)
          ? newest
          : latestFetch(topic.sources.map((id) => ({ lastFetchedAt: states.get(id)?.lastFetchedAt ?? null }))),
        itemCount: page.items.length,
        moreItems: page.nextCursor !== null,
      };
    });
  }

  /**
   * What the sources `ids` declared (title, language), by id: those kept, and the others read in one BatchGet of
   * their states (a source never polled declares nothing). An untitled source whose state was read before epoch
   * `titlesAfter` (its title may be older than the list being served) is read again. @throws StorageError
   */
  private async declaredOf(ids: readonly string[], titlesAfter = 0): Promise<Map<string, Declared>> {
    const missing = this.notKept(ids, Number.POSITIVE_INFINITY, titlesAfter);
    if (missing.length > 0) this.keep(missing, this.store.sources.states(missing), this.epoch);
    const out = new Map<string, Declared>();
    for (const id of ids) {
      const kept = this.declared.get(id);
      if (kept) out.set(id, await kept.declared);
    }
    return out;
  }

  /**
   * Of `ids`, the first `max` (default all) whose declarations are not kept, each once: never read, read more than
   * `titleMaxAgeMs` ago, or — for a source without a configured title — read before epoch `titlesAfter`.
   */
  private notKept(ids: Iterable<string>, max = Number.POSITIVE_INFINITY, titlesAfter = 0): string[] {
    const missing = new Set<string>();
    for (const id of ids) {
      if (missing.size >= max) break;
      const kept = this.declared.get(id);
      if (kept === undefined) missing.add(id);
      else if (kept.readAt < titlesAfter && !configuredSource(this.config, id)?.title) missing.add(id);
    }
    return [...missing];
  }

  /**
   * Keeps what each of `ids` declared as `states` (their states, being read since epoch `readAt`) say; a failed read
   * keeps nothing.
   */
  private keep(ids: readonly string[], states: Promise<Map<string, SourceState>>, readAt: number): void {
    for (const id of ids) {
      const declared = states.then((found) => {
        const state = found.get(id);
        return { title: state?.title ?? null, language: state?.language ?? null };
      });
      const kept = { declared, readAt };
      this.declared.set(id, kept);
      declared.catch(() => {
        if (this.declared.peek(id) === kept) this.declared.delete(id);
      });
    }
  }
}
