/**
 * A cycle's new items, grouped into stories as they are first stored (docs/stories.md, docs/data-model.md
 * "Stories"). Every source's merge hands its new items here; once every source of the cycle has (or has said it
 * will not), they are grouped one after the other in `publishedAt`, then id, order — across all sources, so the
 * result never depends on fetch timing — and each is stored as soon as its story is decided:
 *
 * 1. decide: the postings of its lookup terms and the summaries of its best candidates are read, and `decide` says
 *    which story it joins (or that it starts its own);
 * 2. store the item, naming that story: the item is the claim — when another poll stores it first, this one
 *    groups nothing (that poll does);
 * 3. write the story's records (`StoryIndex.commit`: postings, summary, then the member row, which comes last and
 *    so marks the item complete); after a conflicting write, read again and decide again — an item whose story
 *    changes names its new one first;
 * 4. after a join, the story's card (what lists show of it).
 *
 * A poll that stops between 2 and 4 leaves its source's state unsaved, so the next poll reads the entry again and
 * finds the item stored with its source's copy and no member row: it completes the item's story (`complete`).
 */
import type { Config } from "../config/index.ts";
import type { ItemTooLargeError } from "../errors.ts";
import { htmlToText } from "../normalize/index.ts";
import {
  cardWith,
  entriesWith,
  entryList,
  type ListKey,
  newestFirst,
  rowSortKey,
  type Store,
  type StoredItem,
  type StoredSummary,
  type StoryCard,
  type StoryMember,
  topicList,
} from "../store/index.ts";
import {
  candidatesOf,
  changeOf,
  decide,
  featuresOf,
  groupingOrder,
  type ItemFeatures,
  lookupsOf,
  mayHoldHost,
  newSummary,
  STORY_DEFAULTS,
  StoryConflictError,
  withMember,
} from "../stories/index.ts";
import { dayOf, keyTerm } from "../stories/postings.ts";
import { membership } from "../topics/index.ts";
import { type Commits, commitPlans } from "./merge-commits.ts";
import type { Plan } from "./merge-plan.ts";

/** How often one item is decided again after conflicting writes before its poll gives up (as `groupItem`). */
const MAX_ATTEMPTS = 8;

/** Items whose story this process is writing, by table and id: a poll completing one waits for it first. */
const grouping = new Map<string, Promise<unknown>>();

/** The fields grouping reads of an item (`StoryInput`): its content as text. */
function storyInput(item: StoredItem) {
  return {
    id: item.id,
    url: item.url,
    title: item.title,
    summary: item.summary,
    contentText: htmlToText(item.contentHtml),
    publishedAt: item.publishedAt,
  };
}

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

/** One source's new items waiting for the cycle's grouping. */
interface Submission {
  sourceId: string;
  plans: Plan[];
  /** The merge's read sequence (`commitSequence`) when it read these items. */
  readAt: number;
  done: (commits: Commits) => void;
  fail: (error: unknown) => void;
}

/**
 * The grouping of one cycle's new items. `expect` names the cycle's sources; each submits its merge's new items
 * (`submit`, its first call counting as its arrival) or says it has none (`leave`); grouping starts once all have.
 * Without expected sources (a merge on its own) each submission is grouped at once.
 */
export class StoryGrouping {
  readonly #waiting = new Set<string>();
  #queue: Submission[] = [];
  #open: boolean;
  /** Grouping runs one batch at a time: each decision reads what the ones before it wrote. */
  #chain: Promise<void> = Promise.resolve();
  readonly #sourceRank: Map<string, number>;

  constructor(
    private readonly store: Store,
    private readonly config: Config,
    expected: Iterable<string> = [],
  ) {
    for (const id of expected) this.#waiting.add(id);
    this.#open = this.#waiting.size === 0;
    this.#sourceRank = new Map(config.sources.map((source, n) => [source.id, n]));
  }

  /** `sourceId` submits nothing (more) before its poll ends: grouping need not wait for it. */
  leave(sourceId: string): void {
    if (this.#waiting.delete(sourceId)) this.#release();
  }

  /**
   * Stores `plans` (new items of `sourceId`'s merge, read at `readAt`) grouped into stories, in the cycle's order:
   * committed, lost (another poll stored the item first), waited (another source of this cycle carried it, or this
   * process had it in flight: its merge plans it again) or rejected (too large).
   * @throws StorageError (items grouped before the failure stay stored and grouped)
   */
  submit(sourceId: string, plans: Plan[], readAt: number): Promise<Commits> {
    const arrived = this.#waiting.delete(sourceId);
    if (plans.length === 0) {
      if (arrived) this.#release();
      return Promise.resolve(emptyCommits());
    }
    const result = new Promise<Commits>((done, fail) => this.#queue.push({ sourceId, plans, readAt, done, fail }));
    if (arrived) this.#release();
    else if (this.#open) this.#flush();
    return result;
  }

  /**
   * Completes the stories of items stored by a poll that stopped before their story's records were all written (see
   * the module's doc): one read of their member rows, then those missing. Runs in turn with the cycle's grouping.
   * @throws StorageError
   */
  complete(items: readonly StoredItem[]): Promise<ListKey[]> {
    if (items.length === 0) return Promise.resolve([]);
    const run = this.#chain.then(() => completeStories(this.store, this.config, items));
    this.#chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  #release(): void {
    if (this.#waiting.size === 0) {
      this.#open = true;
      this.#flush();
    }
  }

  #flush(): void {
    if (this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    this.#chain = this.#chain.then(() => this.#group(batch));
  }

  /** Groups a batch: one plan per item (its first source in configuration order), in grouping order. */
  async #group(batch: Submission[]): Promise<void> {
    const results = new Map<Submission, Commits>(batch.map((s) => [s, emptyCommits()]));
    const chosen = new Map<string, { plan: Plan; from: Submission }>();
    const rank = (s: Submission) => this.#sourceRank.get(s.sourceId) ?? Number.MAX_SAFE_INTEGER;
    for (const from of batch) {
      for (const plan of from.plans) {
        const other = chosen.get(plan.next.id);
        if (!other || rank(from) < rank(other.from)) {
          if (other) results.get(other.from)?.waited.push(other.plan);
          chosen.set(plan.next.id, { plan, from });
        } else results.get(from)?.waited.push(plan);
      }
    }
    const ordered = groupingOrder(
      [...chosen.values()].map((c) => ({ ...c, id: c.plan.next.id, publishedAt: c.plan.next.publishedAt })),
    );
    // A storage failure fails the source of that item (the next poll redoes it, its items after it left alone);
    // the other sources' items go on.
    const failed = new Map<Submission, unknown>();
    for (const { plan, from } of ordered) {
      if (failed.has(from)) continue;
      try {
        const outcome = await this.#store(plan, from.readAt);
        const commits = results.get(from) as Commits;
        if (outcome.kind === "committed") {
          commits.committed.set(plan.next.id, plan.outcome);
          commits.touched = [...(commits.touched ?? []), ...outcome.touched];
        } else if (outcome.kind === "rejected") commits.rejected.push(outcome.error);
        else commits[outcome.kind].push(plan);
      } catch (error) {
        if (!failed.has(from)) failed.set(from, error);
      }
    }
    for (const submission of batch) {
      if (failed.has(submission)) submission.fail(failed.get(submission));
      else submission.done(results.get(submission) as Commits);
    }
  }

  /** Decides one new item's story, stores the item naming it, then writes the story's records. */
  async #store(
    plan: Plan,
    readAt: number,
  ): Promise<
    | { kind: "committed"; touched: ListKey[] }
    | { kind: "lost" | "waited" }
    | { kind: "rejected"; error: ItemTooLargeError }
  > {
    const item = plan.next;
    const features = featuresOf(storyInput(item), STORY_DEFAULTS);
    const key = `${this.store.table}\u0000${item.id}`;
    const index = this.store.stories.index();
    let created = false;
    let release: () => void = () => undefined;
    // Marked before the item is written: a poll of this process completing the item waits for this one.
    grouping.set(key, new Promise<void>((resolve) => (release = resolve)));
    try {
      for (let attempt = 0; ; attempt++) {
        const consistent = attempt > 0;
        const postings = await index.postings(lookupsOf(features), consistent);
        const wanted = candidatesOf(features, postings, STORY_DEFAULTS);
        const summaries = (wanted.length ? await index.summaries(wanted, consistent) : []) as StoredSummary[];
        // A story this item already started, or (after a conflict) one another poll completing it wrote it into.
        const own = summaries.find((s) => s.id === item.id);
        const done = created
          ? summaries.find((s) => s.id === item.story && this.store.stories.wroteLast(s, item.id))
          : undefined;
        const change = changeOf(features, decide(features, summaries, STORY_DEFAULTS), postings, STORY_DEFAULTS);
        const story = done?.id ?? own?.id ?? change.summary.id;
        if (!created) {
          item.story = story;
          // A new story's item is its entry in every grouped topic it enters: those rows are written with its others.
          if (story === item.id) plan.put = [...plan.put, ...entryListsOf(this.config, item)];
          const commits = await commitPlans(this.store, [plan], readAt);
          if (commits.rejected[0]) return { kind: "rejected", error: commits.rejected[0] };
          if (commits.lost.length > 0) return { kind: "lost" };
          if (commits.waited.length > 0) return { kind: "waited" };
          created = true;
        } else if (item.story !== story) {
          await moveItem(this.store, item, story);
        }
        const written = done ?? own;
        if (written) return await this.#finish(item, features, written);
        try {
          await index.commit(change);
        } catch (error) {
          if (!(error instanceof StoryConflictError) || attempt + 1 >= MAX_ATTEMPTS) throw error;
          continue;
        }
        const touched =
          change.summary.version > 1 ? await updateCard(this.store, this.config, item, change.summary.version) : [];
        return { kind: "committed", touched };
      }
    } finally {
      grouping.delete(key);
      release();
    }
  }

  /** The item's join was written by another poll: its postings, member row and card follow. */
  async #finish(item: StoredItem, features: ItemFeatures, summary: StoredSummary) {
    await addPostings(this.store, features, summary);
    await this.store.stories.putMember(summary.id, item.id, item.publishedAt, summary.version);
    const touched = summary.version > 1 ? await updateCard(this.store, this.config, item, summary.version) : [];
    return { kind: "committed" as const, touched };
  }
}

/**
 * Names `story` as the item's stored story (its decision changed after a conflict), conditional on the item's `rev`:
 * read again after another write won.
 */
async function moveItem(store: Store, item: StoredItem, story: string): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await store.items.get(item.id);
    if (!stored) return;
    if (stored.story === story) break;
    if (await store.items.replace({ ...stored, story, rev: stored.rev + 1 }, stored.rev)) break;
  }
  item.story = story;
}

const emptyCommits = (): Commits => ({ committed: new Map(), lost: [], waited: [], rejected: [] });

/** Adds `summary`'s story to the postings of the item's lookup terms on its day (adding commutes: nothing decided). */
async function addPostings(
  store: Store,
  features: ItemFeatures,
  summary: StoredSummary | { id: string; firstAt: number },
) {
  const day = dayOf(features.publishedAt);
  await Promise.all(
    [...new Set(features.keys.map(keyTerm))].map((term) =>
      store.stories.addToPosting(term, day, summary.id, summary.firstAt),
    ),
  );
}

/** The entry lists (`e:<slug>`) of the story-grouped topics `item` belongs to. */
function entryListsOf(config: Config, item: StoredItem): ListKey[] {
  return membership(config).storyTopicsOf(item).map(entryList);
}

/**
 * Completes the stories of `items` whose member rows are missing (one BatchGetItem of them), one at a time.
 * @returns the topic lists whose grouped entries the completed joins changed
 * @throws StorageError
 */
export async function completeStories(store: Store, config: Config, items: readonly StoredItem[]): Promise<ListKey[]> {
  const named = items.filter((item): item is StoredItem & { story: string } => item.story !== undefined);
  for (const item of named) await grouping.get(`${store.table}\u0000${item.id}`)?.catch(() => undefined);
  const complete = await store.stories.withMemberRows(named);
  const touched: ListKey[] = [];
  for (const item of named)
    if (!complete.has(item.id)) touched.push(...(await completeStory(store, config, item, true)));
  return touched;
}

/**
 * Completes the story of `item` (see the module's doc): nothing when its member row is there (written last; not read
 * again when the caller found it `missing`). A
 * story it started gets its postings, summary and entry rows; a join is written unless the story shows it already
 * (its last write was this item's, or its host filter holds the item's host: taken as written), then its postings,
 * member row and card.
 * @returns the topic lists whose grouped entries the join changed
 * @throws StorageError
 */
export async function completeStory(
  store: Store,
  config: Config,
  item: StoredItem,
  missing = false,
): Promise<ListKey[]> {
  const story = item.story;
  if (!story) return [];
  await grouping.get(`${store.table}\u0000${item.id}`)?.catch(() => undefined);
  if (!missing && (await store.stories.hasMember(story, item.id, item.publishedAt))) return [];
  const features = featuresOf(storyInput(item), STORY_DEFAULTS);
  if (story === item.id) {
    await addPostings(store, features, { id: item.id, firstAt: features.publishedAt });
    const started = await store.stories.putSummary(newSummary(features, STORY_DEFAULTS.profileTerms), item.id);
    await Promise.all(entryListsOf(config, item).map((list) => putEntryRow(store, list, item)));
    await store.stories.putMember(story, item.id, item.publishedAt, 1);
    // The poll that stored the item may have moved it to another story meanwhile: the summary just written goes.
    if (started && (await store.items.get(item.id))?.story !== item.id) await store.stories.withdraw(item.id);
    return [];
  }
  let summary: StoredSummary | null = null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    summary = await store.stories.summary(story);
    if (!summary) break;
    const written =
      store.stories.wroteLast(summary, item.id) ||
      (features.host !== null && mayHoldHost(summary.hosts, features.host));
    if (written) break;
    const next = withMember(summary, features, STORY_DEFAULTS.profileTerms);
    if (await store.stories.putSummary(next, item.id)) {
      summary = { ...next, by: null };
      break;
    }
  }
  if (!summary) {
    // Its story is gone (it expired): the item is a story of its own.
    await moveItem(store, item, item.id);
    return completeStory(store, config, item, true);
  }
  await addPostings(store, features, summary);
  await store.stories.putMember(story, item.id, item.publishedAt, summary.version);
  return updateCard(store, config, item, summary.version);
}

/** Whether a card holds every member up to its version. */
const complete = (card: StoryCard) => card.times.length >= card.version;

/**
 * Puts `item`'s row in the entries of each grouped topic whose entry `card` says it is (idempotent: conditional on
 * the row's `rev`, as every row write).
 */
async function putEntryRows(store: Store, item: StoredItem, card: StoryCard): Promise<void> {
  const mine = Object.keys(card.entries).filter((slug) => card.entries[slug] === item.id);
  await Promise.all(mine.map((slug) => putEntryRow(store, entryList(slug), item, true)));
}

/**
 * Puts `item`'s row in a grouped topic's entries (`storyCard`: its story has a card), unless a newer change of the
 * item wrote it.
 */
function putEntryRow(store: Store, list: ListKey, item: StoredItem, storyCard = false): Promise<boolean> {
  const row = { id: item.id, sk: rowSortKey(item.publishedAt, item.id) };
  return store.lists.setRow(list, row, item, true, { storyCard });
}

/**
 * Marks the entry rows of every other entry of a story that gets its first card (or a rebuilt one) as rows of a story
 * with a card: one read of those items, one row write per topic.
 */
async function markEntryRows(store: Store, item: StoredItem, card: StoryCard): Promise<void> {
  const others = [...new Set(Object.values(card.entries))].filter((id) => id !== item.id);
  if (others.length === 0) return;
  const items = await store.items.getMany(others);
  await Promise.all(
    Object.entries(card.entries).flatMap(([slug, id]) => {
      const entry = items.get(id);
      return entry ? [putEntryRow(store, entryList(slug), entry, true)] : [];
    }),
  );
}

/**
 * Writes the card of `item`'s story after the item's join made the story's `version`: from the card read when it is
 * complete and one join behind, else rebuilt from the story's member rows and items; nothing when a complete card
 * of that version or later is there. Conditional on the card read; read again after another writer won. Before the
 * card: the item's entry rows where it becomes the story's entry, and the version of every topic where the story
 * has an entry (its page shows the story's new size and outlets: ETag, Last-Modified, a WebSub delivery).
 * @returns the topic lists moved
 * @throws StorageError
 */
export async function updateCard(store: Store, config: Config, item: StoredItem, version: number): Promise<ListKey[]> {
  const story = item.story ?? item.id;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const card = await store.stories.card(story);
    if (card && card.version >= version && complete(card)) {
      await putEntryRows(store, item, card);
      return [];
    }
    const following = card !== null && complete(card) && card.version === version - 1;
    const next = following
      ? cardWith(card, memberOf(item), version, membership(config).storyTopicsOf(item))
      : !card && version === 2
        ? await firstCard(store, config, item)
        : await rebuildCard(store, config, story);
    if (!next) return [];
    await putEntryRows(store, item, next);
    if (!following) await markEntryRows(store, item, next);
    const touched = Object.keys(next.entries).map(topicList);
    const now = new Date();
    await Promise.all(touched.map((list) => store.lists.touch(list, now)));
    if (await store.stories.putCard(next, card?.version ?? null)) return touched;
  }
  return [];
}

/** The card of a story of two: its first item (read by id, the story's id) and `item`, which joined it. */
async function firstCard(store: Store, config: Config, item: StoredItem): Promise<StoryCard | null> {
  const story = item.story ?? item.id;
  const first = await store.items.get(story);
  if (!first || (first.story ?? first.id) !== story) return rebuildCard(store, config, story);
  const firstAt = Date.parse(first.publishedAt);
  const entries = entriesWith({}, first.id, membership(config).storyTopicsOf(first));
  const start: StoryCard = { id: story, version: 1, firstAt, times: [0], members: [memberOf(first)], entries };
  return cardWith(start, memberOf(item), 2, membership(config).storyTopicsOf(item));
}

/**
 * A story's card from its member rows and their items (those that name the story), in the order they joined, its
 * entries the first of them in each grouped topic under `config`; null when the story's summary is gone.
 */
export async function rebuildCard(store: Store, config: Config, story: string): Promise<StoryCard | null> {
  const summary = await store.stories.summary(story);
  if (!summary) return null;
  const rows = await store.stories.members(story);
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
