/**
 * A story's card (`G#<id>` / `C`: what lists show of a story of two items or more) and the entry rows of grouped
 * topics it names, as a join — or several joins of one story, in one write (`writeCard`) — writes them
 * (docs/data-model.md, "Stories" and "Story entries"): after the joins' summaries and postings, before their member
 * rows — the member row comes last, so an item whose card a failed poll did not write has no member row, and the next
 * poll writes both (`completeStory`).
 */
import type { Config } from "../config/index.ts";
import {
  cardWith,
  entriesWith,
  entryList,
  type ListKey,
  newestFirst,
  rowSortKey,
  type Store,
  type StoredItem,
  type StoryCard,
  type StoryMember,
  topicList,
} from "../store/index.ts";
import { membership } from "../topics/index.ts";

/** How often a card is written again when another writer moved it meanwhile. */
const CARD_ATTEMPTS = 8;

/** An item as a story's card shows it among `others`. */
export function memberOf(item: StoredItem): StoryMember {
  return {
    id: item.id,
    url: item.url,
    title: item.title,
    source: item.sources[0] ?? null,
    publishedAt: item.publishedAt,
  };
}

/** The entry lists (`e:<slug>`) of the story-grouped topics `item` belongs to. */
export function entryListsOf(config: Config, item: StoredItem): ListKey[] {
  return membership(config).storyTopicsOf(item).map(entryList);
}

/** Whether a card holds every member up to its version. */
const complete = (card: StoryCard) => card.times.length >= card.version;

/**
 * Puts `item`'s row in a grouped topic's entries (`storyCard`: its story has a card), unless a newer change of the
 * item wrote it (conditional on the row's `rev`, as every row write: idempotent).
 */
export function putEntryRow(store: Store, list: ListKey, item: StoredItem, storyCard = false): Promise<boolean> {
  const row = { id: item.id, sk: rowSortKey(item.publishedAt, item.id) };
  return store.lists.setRow(list, row, item, true, { storyCard });
}

/** Puts the rows of each of `items` in the entries of each grouped topic whose entry `card` says it is. */
async function putEntryRows(store: Store, items: readonly StoredItem[], card: StoryCard): Promise<void> {
  const byId = new Map(items.map((item) => [item.id, item]));
  await Promise.all(
    Object.entries(card.entries).flatMap(([slug, id]) => {
      const item = byId.get(id);
      return item ? [putEntryRow(store, entryList(slug), item, true)] : [];
    }),
  );
}

/**
 * Marks the entry rows of every other entry of a story that gets its first card (or a rebuilt one) as rows of a story
 * with a card: one read of those items (but those in `have`), one row write per topic. The entries of `joining` (the
 * items whose joins the card is written for) are put by `putEntryRows`.
 */
async function markEntryRows(
  store: Store,
  joining: ReadonlySet<string>,
  card: StoryCard,
  have: StoredItem[],
): Promise<void> {
  const others = [...new Set(Object.values(card.entries))].filter((id) => !joining.has(id));
  if (others.length === 0) return;
  const items = new Map(have.map((known) => [known.id, known]));
  const missing = others.filter((id) => !items.has(id));
  if (missing.length > 0) for (const [id, read] of await store.items.getMany(missing)) items.set(id, read);
  await Promise.all(
    Object.entries(card.entries).flatMap(([slug, id]) => {
      const entry = joining.has(id) ? undefined : items.get(id);
      return entry ? [putEntryRow(store, entryList(slug), entry, true)] : [];
    }),
  );
}

/** How a card write moves the topics it changes, and what the caller knows of the card. */
export interface CardOptions {
  /** The poll's clock: the topics' versions move at this time. */
  now: () => Date;
  /**
   * Moves the versions of these topic lists (default: one UpdateItem each). A cycle moves each list once
   * (`StoryGrouping`): the first join that changes it.
   */
  touch?: (lists: readonly ListKey[]) => Promise<unknown>;
  /** The card as the caller knows it (null: the story has none); read (consistently) when not given. */
  known?: StoryCard | null;
}

/** What writing a card came to: the topic lists moved, and the card as stored (undefined: not known). */
export interface CardWrite {
  touched: ListKey[];
  card: StoryCard | null | undefined;
}

/** One join a card write is for: the item that joined, and the story's version its join made. */
export interface CardJoin {
  item: StoredItem;
  version: number;
}

/**
 * Writes the card of `item`'s story after the item's join made the story's `version` (`writeCard` of that one join).
 * @returns the topic lists moved, and the card as now stored
 * @throws StorageError
 */
export function updateCard(
  store: Store,
  config: Config,
  item: StoredItem,
  version: number,
  options: CardOptions,
): Promise<CardWrite> {
  return writeCard(store, config, [{ item, version }], options);
}

/**
 * Writes the card of one story after the joins `joins` (its items, in the order they joined: ascending versions, each
 * join's summary written) — one write for all of them: from the card read when it is complete and one join behind the
 * first and the joins' versions follow one another, else rebuilt from the story's member rows (the joining items',
 * written after the card, taken as there) and items; when a complete card of the last join's version or later is
 * there, only the items' entry rows. Conditional on the card read; read again after another writer won. Before the
 * card: the joining items' entry rows where they become the story's entry, and the version of every topic where the
 * story has an entry (its page shows the story's new size and outlets: ETag, Last-Modified, a WebSub delivery).
 * @returns the topic lists moved, and the card as now stored (undefined: not known — the story's summary is gone, or
 *   other writers kept winning)
 * @throws StorageError; RangeError when `joins` is empty, or its items are not of one story at ascending versions
 */
export async function writeCard(
  store: Store,
  config: Config,
  joins: readonly CardJoin[],
  options: CardOptions,
): Promise<CardWrite> {
  const first = joins[0];
  const last = joins.at(-1);
  if (!first || !last) throw new RangeError("a card is written for one join or more");
  const story = first.item.story ?? first.item.id;
  const before = (n: number) => joins[n - 1]?.version ?? first.version - 1;
  if (joins.some((join, n) => (join.item.story ?? join.item.id) !== story || join.version <= before(n))) {
    throw new RangeError(`the joins of a card write are one story's, at ascending versions (story ${story})`);
  }
  const consecutive = last.version - first.version === joins.length - 1;
  const items = joins.map((join) => join.item);
  const joining = new Set(items.map((item) => item.id));
  const rule = membership(config);
  const joined = (card: StoryCard, from: readonly CardJoin[]) =>
    from.reduce((next, join) => cardWith(next, memberOf(join.item), join.version, rule.storyTopicsOf(join.item)), card);
  const touch =
    options.touch ??
    ((lists: readonly ListKey[]) => Promise.all(lists.map((l) => store.lists.touch(l, options.now()))));
  for (let attempt = 0; attempt < CARD_ATTEMPTS; attempt++) {
    const card = attempt === 0 && options.known !== undefined ? options.known : await store.stories.card(story);
    if (card && card.version >= last.version && complete(card)) {
      await putEntryRows(store, items, card);
      return { touched: [], card };
    }
    const following = card !== null && complete(card) && card.version === first.version - 1 && consecutive;
    const have: StoredItem[] = [];
    let next: StoryCard | null = null;
    if (following) next = joined(card, joins);
    else if (!card && first.version === 2 && consecutive) {
      const start = await firstCard(store, config, first.item);
      if (start) {
        next = joined(start.card, joins.slice(1));
        have.push(start.first);
      }
    }
    if (!next && !following) {
      const order = joins.map((join) => ({ item: join.item, order: join.version }));
      next = await rebuildCard(store, config, story, order);
    }
    if (!next) return { touched: [], card: undefined };
    await putEntryRows(store, items, next);
    if (!following) await markEntryRows(store, joining, next, have);
    const touched = Object.keys(next.entries).map(topicList);
    await touch(touched);
    if (await store.stories.putCard(next, card?.version ?? null)) return { touched, card: next };
  }
  return { touched: [], card: undefined };
}

/**
 * The card of a story of two: its first item (read by id, the story's id) and `item`, which joined it. Null when that
 * item is gone or not the story's (the card is rebuilt from the member rows).
 */
async function firstCard(
  store: Store,
  config: Config,
  item: StoredItem,
): Promise<{ card: StoryCard; first: StoredItem } | null> {
  const story = item.story ?? item.id;
  const first = await store.items.get(story);
  if (!first || (first.story ?? first.id) !== story) return null;
  const firstAt = Date.parse(first.publishedAt);
  const entries = entriesWith({}, first.id, membership(config).storyTopicsOf(first));
  const start: StoryCard = { id: story, version: 1, firstAt, times: [0], members: [memberOf(first)], entries };
  return { card: cardWith(start, memberOf(item), 2, membership(config).storyTopicsOf(item)), first };
}

/**
 * A story's card from its member rows and their items (those that name the story), in the order they joined, its
 * entries the first of them in each grouped topic under `config`; `joining` (an item whose join is being written,
 * its member row not yet) counts as a member at `order`. Null when the story's summary is gone.
 * @throws StorageError
 */
export async function rebuildCard(
  store: Store,
  config: Config,
  story: string,
  joining: readonly { item: StoredItem; order: number }[] = [],
): Promise<StoryCard | null> {
  const summary = await store.stories.summary(story);
  if (!summary) return null;
  const rows = await store.stories.members(story);
  for (const { item, order } of joining) {
    if (!rows.some((row) => row.id === item.id)) rows.push({ id: item.id, publishedAt: item.publishedAt, order });
  }
  const items = await store.items.getMany(rows.map((row) => row.id));
  const members = rows
    .filter((row) => (items.get(row.id)?.story ?? row.id) === story && items.has(row.id))
    .sort(
      (a, b) =>
        (a.order || Number.MAX_SAFE_INTEGER) - (b.order || Number.MAX_SAFE_INTEGER) ||
        (a.publishedAt < b.publishedAt ? -1 : 1),
    );
  const stored = members.map((row) => items.get(row.id) as StoredItem);
  const rule = membership(config);
  const entries = stored.reduce<Record<string, string>>(
    (found, member) => entriesWith(found, member.id, rule.storyTopicsOf(member)),
    {},
  );
  return {
    id: story,
    version: Math.max(summary.version, stored.length),
    firstAt: summary.firstAt,
    times: stored.map((member) => Date.parse(member.publishedAt) - summary.firstAt),
    members: stored.map(memberOf).sort(newestFirst),
    entries,
  };
}
