/**
 * The entries of story-grouped topics (SPEC §4, Stories in lists; docs/data-model.md, "Story entries"): one row per
 * story in `e:<slug>`, at the sort key of the story's earliest-stored item in the topic, which the story's card names
 * in `entries`. Grouping writes them as items are stored (`poll/stories.ts`); this module moves them when the rules
 * change what belongs — a topic's sources, terms or `stories` changing (`rebuildEntries`, from the stored items, no
 * fetch), an edit taking an entry's item out of a topic (`replaceEntries`), or an entry's item passing retention
 * (`sweepEntries`).
 */
import type { Config } from "../config/index.ts";
import {
  decodeList,
  decodeRowSortKey,
  entryList,
  type ListKey,
  type ListRow,
  rowSortKey,
  type Store,
  type StoredItem,
  type StoryCard,
  searchText,
  topicList,
} from "../store/index.ts";
import { membership } from "../topics/index.ts";

/** How often a card's entries are written again when a join moved the card meanwhile. */
const CARD_ATTEMPTS = 8;

/**
 * The story's earliest-stored item that belongs to topic `slug` under `config` and is published at or after `cutoff`
 * (ISO 8601 UTC, the retention cutoff; "" takes any), in the order its member rows' joins made, or null when none
 * does. One Query of the member rows, one BatchGetItem of the items.
 * @throws StorageError
 */
export async function entryOf(
  store: Store,
  config: Config,
  slug: string,
  story: string,
  cutoff = "",
): Promise<StoredItem | null> {
  const rows = await store.stories.members(story);
  const items = await store.items.getMany(rows.map((row) => row.id));
  const joined = [...rows].sort(
    (a, b) =>
      (a.order || Number.MAX_SAFE_INTEGER) - (b.order || Number.MAX_SAFE_INTEGER) ||
      (a.publishedAt < b.publishedAt ? -1 : a.publishedAt > b.publishedAt ? 1 : 0),
  );
  const rule = membership(config);
  const shown = (item: StoredItem | null | undefined): item is StoredItem =>
    Boolean(item && !item.pending && item.publishedAt >= cutoff && rule.inTopic(slug, item));
  for (const row of joined) {
    const item = items.get(row.id);
    if (shown(item) && (item.story ?? item.id) === story) return item;
  }
  // A story of one written before member rows existed is its own item.
  const own = items.get(story) ?? (rows.length === 0 ? await store.items.get(story) : null);
  return shown(own) ? own : null;
}

/**
 * Writes `slug`'s entry (`entry`, null: none) into the story's card, conditional on the card's version (read again
 * when a join moved it). Nothing for a story without a card (a story of one: its item is its entry).
 * @throws StorageError
 */
async function setCardEntry(store: Store, story: string, slug: string, entry: string | null): Promise<void> {
  for (let attempt = 0; attempt < CARD_ATTEMPTS; attempt++) {
    const card = await store.stories.card(story);
    if (!card || (card.entries[slug] ?? null) === entry) return;
    const entries = { ...card.entries };
    if (entry === null) delete entries[slug];
    else entries[slug] = entry;
    const next: StoryCard = { ...card, entries };
    if (await store.stories.putCard(next, card.version)) return;
  }
}

/**
 * Puts (`present`) or deletes `item`'s row in `slug`'s entries, conditional on the row's `rev`; `storyCard`: its story
 * has a card (the row says so, so a page reads that card).
 */
function setEntryRow(
  store: Store,
  slug: string,
  row: { id: string; sk: string },
  item: StoredItem | null,
  present: boolean,
  storyCard = true,
) {
  return store.lists.setRow(entryList(slug), row, item, present, { storyCard });
}

/** What an item change did to its lists, as its plan says (`Plan`). */
export interface ListChange {
  put: readonly ListKey[];
  remove: readonly ListKey[];
  /** Where its rows were when the change moved it (another `publishedAt`). */
  removeAt?: string;
}

/**
 * Keeps the grouped entries of a stored item's story in step with a change of the item (a source gained, an edit, a
 * correction that moved it), one GetItem of its story's card when the change touches a grouped topic: it becomes its
 * story's entry in a grouped topic it enters where the story has none (the earliest-stored there); where it is the
 * entry, its row is written again (new search text, or its new sort key, the old one deleted); where it left a topic,
 * `replaceEntries`.
 * @returns the topic lists whose entries changed (already moved with the change's own lists)
 * @throws StorageError
 */
export async function followChange(store: Store, config: Config, item: StoredItem, change: ListChange) {
  const grouped = new Set(config.topics.filter((t) => t.stories !== false).map((t) => t.slug));
  const slugOf = (list: ListKey) => {
    const { kind, id } = decodeList(list);
    return kind === "topic" && grouped.has(id) ? id : null;
  };
  const written = change.put.flatMap((list) => slugOf(list) ?? []);
  const inNow = new Set(membership(config).storyTopicsOf(item));
  const left = change.remove.flatMap((list) => slugOf(list) ?? []).filter((slug) => !inNow.has(slug));
  if (written.length === 0 && left.length === 0) return [];
  const story = item.story ?? item.id;
  const card = await store.stories.card(story);
  await writeEntries(
    store,
    item,
    card,
    written.filter((slug) => inNow.has(slug)),
    change.removeAt,
  );
  return left.length > 0 ? replaceEntries(store, config, item, left) : [];
}

/**
 * Where `item` is (or, its story having no entry there, becomes) its story's entry in the grouped topics `slugs`, its
 * entry row is written (`removeAt`: the old one, at another date, deleted). @returns the slugs written
 */
async function writeEntries(
  store: Store,
  item: StoredItem,
  card: StoryCard | null,
  slugs: readonly string[],
  removeAt?: string,
): Promise<string[]> {
  const story = item.story ?? item.id;
  const done: string[] = [];
  for (const slug of slugs) {
    let mine = card ? card.entries[slug] === item.id : story === item.id;
    if (card && card.entries[slug] === undefined) {
      await setCardEntry(store, story, slug, item.id);
      mine = true;
    }
    if (!mine) continue;
    const at = { id: item.id, sk: rowSortKey(item.publishedAt, item.id) };
    await setEntryRow(store, slug, at, item, true, card !== null);
    if (removeAt && removeAt !== item.publishedAt) {
      await setEntryRow(store, slug, { id: item.id, sk: rowSortKey(removeAt, item.id) }, null, false);
    }
    done.push(slug);
  }
  return done;
}

/**
 * The grouped entries of a stored item's story brought in line with the item again, whatever change of it a poll
 * stored before failing (a write after an item's commit that failed is redone by the source's next poll): its entry
 * rows where it is (or becomes) the entry in a grouped topic it belongs to, written where missing or unlike the
 * item (its search text, story or card mark), and the entry handed on where its story's card names it in a topic it left (`replaceEntries`). One GetItem of
 * its story's card and one BatchGetItem of its entry rows; nothing written when all is in place.
 * @returns the topic lists whose entries it wrote: their versions are to move
 * @throws StorageError
 */
export async function followStored(store: Store, config: Config, item: StoredItem): Promise<ListKey[]> {
  const inNow = membership(config).storyTopicsOf(item);
  const story = item.story ?? item.id;
  const card = await store.stories.card(story);
  const left = card
    ? Object.keys(card.entries).filter((slug) => card.entries[slug] === item.id && !inNow.includes(slug))
    : [];
  const mine = inNow.filter((slug) => (card ? (card.entries[slug] ?? item.id) === item.id : story === item.id));
  const sk = rowSortKey(item.publishedAt, item.id);
  const rows = await store.lists.rowsAt(mine.map((slug) => ({ list: entryList(slug), sk })));
  const missing = mine.filter((slug) => {
    const row = rows.get(`${entryList(slug)} ${sk}`);
    return !row || row.search !== searchText(item) || (row.story ?? item.id) !== story || row.card !== (card !== null);
  });
  const written = await writeEntries(store, item, card, missing);
  const moved = left.length > 0 ? await replaceEntries(store, config, item, left) : [];
  return [...new Set([...written.map(topicList), ...moved])];
}

/**
 * After `item` left the grouped topics `slugs` (an edit its terms no longer pass): where it was its story's entry,
 * the story's next earliest-stored item in the topic becomes the entry (card, then row), or the story leaves it.
 * @returns the topic lists whose entries changed
 * @throws StorageError
 */
export async function replaceEntries(store: Store, config: Config, item: StoredItem, slugs: readonly string[]) {
  const story = item.story ?? item.id;
  const grouped = slugs.filter((slug) => config.topics.find((t) => t.slug === slug)?.stories !== false);
  if (grouped.length === 0) return [];
  const card = await store.stories.card(story);
  const moved = grouped.filter((slug) => (card ? card.entries[slug] === item.id : story === item.id));
  for (const slug of moved) {
    const next = card ? await entryOf(store, config, slug, story) : null;
    if (next) await setEntryRow(store, slug, { id: next.id, sk: rowSortKey(next.publishedAt, next.id) }, next, true);
    await setCardEntry(store, story, slug, next?.id ?? null);
    await setEntryRow(store, slug, { id: item.id, sk: rowSortKey(item.publishedAt, item.id) }, item, false);
  }
  return moved.map(topicList);
}

/**
 * Brings a grouped topic's entries in line with its items (`t:<slug>`, already rebuilt) and the configuration, without
 * fetching: a story with one item in the topic and no card has that item as its entry; any other story's entry is
 * found from its member rows (`entryOf`) and written into its card. Then only the entry rows that differ are put or
 * deleted (conditional on their `rev`). A topic with `stories` off keeps no entries.
 * @throws StorageError
 */
export async function rebuildEntries(store: Store, config: Config, slug: string, cutoff: string): Promise<void> {
  const topic = config.topics.find((t) => t.slug === slug);
  if (!topic || topic.stories === false) return;
  const rows = await store.lists.rows(topicList(slug), cutoff);
  const current = await store.lists.rows(entryList(slug));
  const storyOf = (row: ListRow) => row.story ?? row.id;
  const byStory = new Map<string, ListRow[]>();
  for (const row of rows) byStory.set(storyOf(row), [...(byStory.get(storyOf(row)) ?? []), row]);
  const stories = [...new Set([...byStory.keys(), ...current.map(storyOf)])];
  const cards = await store.stories.cards(stories);
  const wanted = new Map<string, string>();
  for (const story of stories) {
    const mine = byStory.get(story) ?? [];
    if (!cards.has(story)) {
      const only = mine.length === 1 ? (mine[0] as ListRow) : null;
      if (only) wanted.set(only.sk, only.id);
      else if (mine.length > 1) {
        const entry = await entryOf(store, config, slug, story, cutoff);
        if (entry) wanted.set(rowSortKey(entry.publishedAt, entry.id), entry.id);
      }
      continue;
    }
    const entry = mine.length > 0 ? await entryOf(store, config, slug, story, cutoff) : null;
    await setCardEntry(store, story, slug, entry?.id ?? null);
    if (entry) wanted.set(rowSortKey(entry.publishedAt, entry.id), entry.id);
  }
  const present = new Map(current.map((row) => [row.sk, row.id]));
  const differing = new Map([...wanted, ...present].filter(([sk]) => wanted.has(sk) !== present.has(sk)));
  if (differing.size === 0) return;
  const items = await store.items.getMany([...differing.values()]);
  for (const [sk, id] of differing) {
    const item = items.get(id) ?? null;
    const put = wanted.has(sk) && item !== null && rowSortKey(item.publishedAt, item.id) === sk;
    await setEntryRow(store, slug, { id, sk }, item, put, item !== null && cards.has(item.story ?? item.id));
  }
}

/**
 * Retention for grouped topic `slug`'s entries: an entry whose item was published before `cutoff` (ISO 8601 UTC) is
 * handed to its story's next earliest-stored item still within retention in the topic (card, then row), or the story
 * leaves the topic; then the expired entry rows are deleted. The topic's version moves first (unless `versionMoved`:
 * the same cycle's sweep of its rows moved it), so a failure half-way leaves the expired rows for the next cycle to
 * hand on again. One Query of the expired rows; with some, one BatchGetItem of them and of their stories' cards.
 * @returns whether any entry passed retention
 * @throws StorageError
 */
export async function sweepEntries(
  store: Store,
  config: Config,
  slug: string,
  cutoff: string,
  now: Date,
  versionMoved = false,
): Promise<boolean> {
  const list = entryList(slug);
  const expired = await store.lists.expiredRows(list, cutoff);
  if (expired.length === 0) return false;
  if (!versionMoved) await store.lists.touch(topicList(slug), now);
  const { leaving, cards } = await leavingStories(store, list, expired);
  for (const { id, story } of leaving) {
    if (cards.get(story)?.entries[slug] !== id) continue;
    const next = await entryOf(store, config, slug, story, cutoff);
    if (next) await setEntryRow(store, slug, { id: next.id, sk: rowSortKey(next.publishedAt, next.id) }, next, true);
    await setCardEntry(store, story, slug, next?.id ?? null);
  }
  await store.lists.deleteRows(list, expired);
  return true;
}

/**
 * The grouped topics whose entries change when the rows `expired` (sort keys) of `list` leave by retention: those
 * where the stories of their items have an entry, as their cards name them — a story's size and other outlets count
 * only its items within retention. Stories of one item (no card) change no other topic. One BatchGetItem of the rows
 * (their `story`), one of the cards.
 * @throws StorageError
 */
export async function topicsOfLeaving(
  store: Store,
  config: Config,
  list: ListKey,
  expired: readonly string[],
): Promise<ListKey[]> {
  const grouped = new Set(config.topics.filter((t) => t.stories !== false).map((t) => t.slug));
  if (grouped.size === 0 || expired.length === 0) return [];
  const { cards } = await leavingStories(store, list, expired);
  const slugs = new Set<string>();
  for (const card of cards.values())
    for (const slug of Object.keys(card.entries)) if (grouped.has(slug)) slugs.add(slug);
  return [...slugs].map(topicList);
}

/**
 * The items of the rows `expired` (sort keys) of `list` with their stories (the rows' `story`), and the cards of
 * those stories that have one. One BatchGetItem of the rows, one of the cards.
 * @throws StorageError
 */
async function leavingStories(store: Store, list: ListKey, expired: readonly string[]) {
  const rows = await store.lists.rowsAt(expired.map((sk) => ({ list, sk })));
  const leaving = expired.map((sk) => {
    const { id } = decodeRowSortKey(sk);
    return { id, story: rows.get(`${list} ${sk}`)?.story ?? id };
  });
  const cards = await store.stories.cards([...new Set(leaving.map(({ story }) => story))]);
  return { leaving, cards };
}
