/**
 * Polling one source, as a straight line: fetch → parse → normalize → merge (new items grouped into stories with
 * the cycle's others) → retention → save state. Each step is a named call; a fetch or parse failure, or an entry too large to store, ends the line with the source
 * failing, and a storage failure (not the source's fault) leaves its state as it was.
 */
import type { Config, SourceConfig } from "../config/index.ts";
import { retentionCutoff } from "../config/index.ts";
import type { Fetcher, FetchResult, Limiter } from "../fetch/index.ts";
import { pollJobs, ruleChanged, ruleChangeJobs, ruleKey, ruleOf, wantsPage } from "../fulltext/index.ts";
import type { Article } from "../item.ts";
import { normalizeFeed, type ReadFeed } from "../normalize/index.ts";
import { type ParsedFeed, parseFeed } from "../parse/index.ts";
import { type ListKey, type PageJob, type SourceState, type Store, sourceList, topicList } from "../store/index.ts";
import { type MergeResult, mergeItems } from "./merge.ts";
import { type NextPoll, type PollFindings, planNextPoll } from "./next-poll.ts";
import type { SourceReport } from "./report.ts";
import {
  bodyHashOf,
  failedState,
  knownEntries,
  okState,
  readChanges,
  skippedArticles,
  stateChanged,
  tooLarge,
  validatorsCurrent,
} from "./source-state.ts";
import type { StoryGrouping } from "./stories.ts";
import { sweepList } from "./sync.ts";

/** What polling a source needs. */
export interface SourceContext {
  config: Config;
  store: Store;
  fetcher: Fetcher;
  now: () => Date;
  random: () => number;
  /** When the cycle was scheduled: a healthy source's next fetch is reckoned from it (default: now). */
  scheduledAt?: Date;
  /** Bounds how many sources store their items at once (the fetcher bounds the fetches). */
  storing?: Limiter;
  /** The cycle's grouping of new items into stories (default: each source's new items grouped on their own). */
  stories?: StoryGrouping;
}

/**
 * What polling a source came to. `polledAt`: when a poll that left the source healthy fetched it (ISO), else
 * null; `schedule`: then, its interval (minutes) and next fetch (ISO), which the cycle's poll record keeps.
 */
export interface SourcePoll {
  report: SourceReport;
  merge: MergeResult | null;
  polledAt: string | null;
  schedule?: { interval: number; next: string };
  /**
   * The articles of the entries skipped as unchanged since the last read, by item id fingerprint
   * (`idFingerprint`), so the cycle counts each once; absent when nothing was read.
   */
  skipped?: string[];
}

/** A fetched body (not a 304). */
type Fetched = Extract<FetchResult, { status: "ok" }>;
/** Finishes a source's report: its outcome and counts, with the time since the poll started. */
type Finish = (report: Pick<SourceReport, "outcome" | "status"> & Partial<SourceReport>) => SourceReport;

/**
 * Polls one source: conditional fetch, parse, normalize, merge, retention, and only then saves its validators
 * and body hash. Fetch and parse failures, and entries too large to store (its other entries are stored), mark
 * the source failing (410: gone) with the reason, its validators not saved; storage failures are not the
 * source's fault and leave its state untouched. An unchanged poll (304, or the same body and validators) of a
 * healthy source writes nothing for it: the cycle records `polledAt` of all its sources at once
 * (docs/data-model.md). Throws nothing but StorageError.
 */
export async function pollSource(ctx: SourceContext, source: SourceConfig, state: SourceState): Promise<SourcePoll> {
  const finish = finisher(source.id);
  // The request's time on the poll's clock: it orders stored copies, dates undated entries and stamps `seenAt`,
  // which the next poll compares with `lastSuccessAt` (also the poll's clock).
  const requestedAt = ctx.now();
  let fetched: FetchResult | null;
  try {
    fetched = await fetchFeed(ctx, source, state);
  } catch (error) {
    return failed(ctx, state, error as Error, finish, {});
  }
  const now = ctx.now();
  const freshSeconds = fetched.freshSeconds;
  if (fetched.status === "not-modified")
    return unchanged(ctx, source, state, now, {}, finish, { bytes: 0, freshSeconds });
  const validators = { etag: fetched.etag, lastModified: fetched.lastModified };
  const bodyHash = bodyHashOf(fetched.body);
  const bytes = fetched.body.byteLength;
  const unread = scheduleUnread(state);
  if (bodyHash === state.bodyHash && !unread) {
    return unchanged(ctx, source, state, now, validators, finish, { bytes, freshSeconds });
  }
  const previously = knownEntries(state);
  // A state from before the schedule's inputs reads every entry once, for their publication times.
  const known = unread ? new Map<string, string>() : previously;
  let read: FeedRead;
  try {
    read = await readFeed(ctx, source, fetched, known, requestedAt);
  } catch (error) {
    return failed(ctx, state, error as Error, finish, { bytes });
  }
  // The body and the feed's items are let go before the merge: its new items wait, packed, for the cycle's story
  // grouping, which starts once every source of the cycle has been read; the poll keeps of the feed only what its
  // state, schedule and page jobs take (`FeedRead`).
  fetched = null;
  const { feed, dates, pageItems } = read;
  const merge = await mergeFeed(ctx, source, read, requestedAt, state);
  await applyRetention(ctx, source, merge, now);
  const pages = await queuePages(ctx, source, state, now, { items: pageItems, merge });
  // Entries whose items were stored count as such, but the source failed: the next poll (after its backoff)
  // reads the body again, its validators and hashes not saved, and stores nothing twice.
  const counts = { new: 0, updated: 0, unchanged: feed.skipped };
  for (const outcome of merge.outcomes.values()) counts[outcome]++;
  const expired = merge.expired.size > 0 ? { expired: merge.expired.size } : {};
  if (merge.rejected.length > 0) {
    return { ...(await failed(ctx, state, tooLarge(merge.rejected), finish, { bytes, ...counts })), merge };
  }
  const found = feed.entryHashes.some((hash) => !previously.has(hash));
  const plan = nextPoll(ctx, source, state, now, {
    freshSeconds,
    read: { feed: { info: feed.info, items: dates }, found },
  });
  const saved = okState(state, now, new Date(plan.next), {
    ...validators,
    bodyHash,
    ...readChanges(feed, known),
    ...plan.changes,
    ...pages,
  });
  await saveState(ctx, saved);
  // The lists the new title changes are the cycle's changes too: its subscribers get them (WebSub), as a poll's.
  for (const list of await announceTitle(ctx, source, state, saved, now)) merge.changedLists.add(list);
  return {
    report: finish({ outcome: "fetched", status: "ok", bytes, ...counts, ...expired }),
    merge,
    polledAt: now.toISOString(),
    schedule: { interval: plan.interval, next: plan.next },
    skipped: skippedArticles(feed, known, source.id),
  };
}

/**
 * A feed read for its poll: the feed without its items (`feed.items` empty), the items' dates (the schedule's), the
 * items a page job may be for (those the source's rule wants a page of), and the items to merge, which the merge
 * takes (`mergeFeed` empties `items`), so that the poll holds none of them while the merge waits.
 */
interface FeedRead {
  feed: ReadFeed;
  dates: { publishedAt: string }[];
  pageItems: Article[];
  items: Article[];
}

/** Parses and normalizes a fetched body (`FeedRead`). @throws ParseError */
async function readFeed(
  ctx: SourceContext,
  source: SourceConfig,
  fetched: Fetched,
  known: Map<string, string>,
  requestedAt: Date,
): Promise<FeedRead> {
  const feed = normalize(source, fetched, await parse(fetched, known), requestedAt);
  const rule = ruleOf(ctx.config, source);
  return {
    feed: { ...feed, items: [] },
    dates: feed.items.map(({ publishedAt }) => ({ publishedAt })),
    pageItems: feed.items.filter((item) => wantsPage(rule, item)),
    items: feed.items,
  };
}

/** Whether a state predates the schedule's inputs (it has read a body but keeps no publication times). */
const scheduleUnread = (state: SourceState): boolean => state.bodyHash !== null && state.published === undefined;

/**
 * Leaves the page jobs of this poll in the store (SPEC §2 Full text): for the items it stored first that the
 * source's rule wants, for items whose link moved, and, when the source's rule changed since its last successful
 * poll, for its items of the last 7 days. Returns the state change that records the rule (nothing when it is
 * the one recorded). Fetches nothing: the pages are fetched off the poll's path. @throws StorageError
 */
async function queuePages(
  ctx: SourceContext,
  source: SourceConfig,
  state: SourceState,
  now: Date,
  read?: { items: Article[]; merge: MergeResult },
): Promise<Partial<SourceState>> {
  const jobs = new Map<string, PageJob>();
  for (const job of read ? pollJobs(ctx.config, source, state, read.items, read.merge, now) : []) {
    jobs.set(job.itemId, job);
  }
  const changed = ruleChanged(ctx.config, source, state);
  if (changed && state.lastSuccessAt !== null) {
    for (const job of await ruleChangeJobs(ctx.store, ctx.config, source, now)) jobs.set(job.itemId, job);
  }
  await ctx.store.pages.queue([...jobs.values()]);
  return changed ? { fullTextRule: ruleKey(ruleOf(ctx.config, source)) } : {};
}

/**
 * Fetches the source's feed with its request headers, conditionally on the validators of its last read when they
 * are current (not for a state that predates the schedule's inputs: its body is read once whole).
 */
function fetchFeed(ctx: SourceContext, source: SourceConfig, state: SourceState): Promise<FetchResult> {
  const current = validatorsCurrent(state) && !scheduleUnread(state);
  return ctx.fetcher.fetch({
    url: source.url,
    etag: current ? state.etag : null,
    lastModified: current ? state.lastModified : null,
    ...(source.headers ? { headers: source.headers } : {}),
  });
}

/** Parses the fetched body, skipping the entries whose hash the last read kept. @throws ParseError */
function parse(fetched: Fetched, known: Map<string, string>): Promise<ParsedFeed> {
  return parseFeed(fetched.body, {
    contentType: fetched.contentType,
    url: fetched.finalUrl,
    knownEntries: new Set(known.keys()),
  });
}

/** Normalizes the parsed entries into the source's items, undated ones dated by when the request was sent. */
function normalize(source: SourceConfig, fetched: Fetched, parsed: ParsedFeed, requestedAt: Date): ReadFeed {
  return normalizeFeed(parsed, { url: fetched.finalUrl, sourceId: source.id, now: requestedAt });
}

/**
 * Merges the feed's items into the store, within the storing limit when there is one. Stored copies are ordered
 * by when their request was sent: a slow older answer never reverts a newer one. New articles join the cycle's
 * story grouping; articles stored since the source's last successful read have their stories checked.
 */
function mergeFeed(
  ctx: SourceContext,
  source: SourceConfig,
  read: FeedRead,
  requestedAt: Date,
  state: SourceState,
): Promise<MergeResult> {
  // Articles stored since the source's last successful read may be a stopped poll's: their stories are checked.
  const options = { stories: ctx.stories, unfinishedSince: state.lastSuccessAt ?? "" };
  let items = read.items;
  read.items = [];
  const store = () => {
    const taken = items;
    items = [];
    return mergeItems(ctx.store, ctx.config, source.id, taken, requestedAt, options);
  };
  return ctx.storing ? ctx.storing.run("store", store) : store();
}

/**
 * Removes the source list's rows past the retention cutoff; the list counts as changed when any went, and so do the
 * grouped topics where those items' stories have an entry.
 */
async function applyRetention(ctx: SourceContext, source: SourceConfig, merge: MergeResult, now: Date): Promise<void> {
  const list = sourceList(source.id);
  for (const changed of await sweepList(ctx.store, ctx.config, list, retentionCutoff(ctx.config, now), now)) {
    merge.changedLists.add(changed);
  }
}

/** Saves the source's new state (one PutItem). @throws StorageError */
function saveState(ctx: SourceContext, next: SourceState): Promise<void> {
  return ctx.store.sources.save(next);
}

/** Topic slugs by the source ids they list, and those of every source (`["*"]`), built once per configuration. */
const topicsBySource = new WeakMap<Config, { every: string[]; listed: Map<string, string[]> }>();

/** The lists whose entries name `id` as their publisher: its own list and its topics' (grouped entries share them). */
function listsNaming(config: Config, id: string): ListKey[] {
  let index = topicsBySource.get(config);
  if (!index) {
    index = { every: [], listed: new Map() };
    for (const topic of config.topics) {
      if (topic.sources.includes("*")) index.every.push(topic.slug);
      else
        for (const listed of new Set(topic.sources))
          index.listed.set(listed, [...(index.listed.get(listed) ?? []), topic.slug]);
    }
    topicsBySource.set(config, index);
  }
  return [sourceList(id), ...[...index.every, ...(index.listed.get(id) ?? [])].map(topicList)];
}

/**
 * After a saved read changed the feed's own title of a source with no configured title (its first one included),
 * moves the version of every list that names it as a publisher (one UpdateItem each, only then): their ETag and
 * Last-Modified change with the content, and a reader takes the new title with the new version (SPEC §1: a source's
 * title defaults to its feed's; §4 Caching). After the state, so a version that announces the title finds it.
 * @returns the lists moved (none when the title did not change)
 * @throws StorageError
 */
async function announceTitle(
  ctx: SourceContext,
  source: SourceConfig,
  before: SourceState,
  after: SourceState,
  now: Date,
): Promise<ListKey[]> {
  if (source.title || (before.title ?? null) === (after.title ?? null)) return [];
  const lists = listsNaming(ctx.config, source.id);
  await Promise.all(lists.map((list) => ctx.store.lists.touch(list, now)));
  return lists;
}

/** When a source healthy now is next due, and what its state keeps for the schedule (`planNextPoll`). */
const nextPoll = (
  ctx: SourceContext,
  source: SourceConfig,
  state: SourceState,
  now: Date,
  findings: PollFindings,
): NextPoll => planNextPoll(ctx.config, source, state, findings, { now, scheduledAt: ctx.scheduledAt ?? now });

/**
 * A poll that read nothing new: the state is written only when more than its poll times changed (validators, the
 * publisher's hints, a changed full-text rule, recorded once its page jobs are queued); its interval and next
 * fetch go in the cycle's poll record.
 */
async function unchanged(
  ctx: SourceContext,
  source: SourceConfig,
  state: SourceState,
  now: Date,
  changes: Partial<SourceState>,
  finish: Finish,
  response: { bytes: number; freshSeconds: number | null },
): Promise<SourcePoll> {
  const pages = await queuePages(ctx, source, state, now);
  const plan = nextPoll(ctx, source, state, now, { freshSeconds: response.freshSeconds });
  const next = okState(state, now, new Date(plan.next), { ...changes, ...plan.changes, ...pages });
  if (stateChanged(state, next)) await saveState(ctx, next);
  return {
    report: finish({ outcome: "not-modified", status: "ok", bytes: response.bytes }),
    merge: null,
    polledAt: now.toISOString(),
    schedule: { interval: plan.interval, next: plan.next },
  };
}

/**
 * The source's fault: its state marks it failing (or gone) with the reason, which the report gives too. A healthy
 * source's state is read as of its latest poll first, so the failing state keeps when it last succeeded.
 */
async function failed(
  ctx: SourceContext,
  state: SourceState,
  error: Error,
  finish: Finish,
  report: Partial<SourceReport>,
): Promise<SourcePoll> {
  const polled = state.status === "ok" ? await asPolled(ctx, state) : state;
  const next = failedState(polled, error, ctx.now(), {
    everyMinutes: ctx.config.poll.everyMinutes,
    random: ctx.random,
  });
  await saveState(ctx, next);
  return {
    report: finish({ ...report, outcome: "failed", status: next.status, error: error.message }),
    merge: null,
    polledAt: null,
  };
}

/** A healthy state as of its latest poll (a poll record may hold a newer `lastSuccessAt` than the state). */
async function asPolled(ctx: SourceContext, state: SourceState): Promise<SourceState> {
  const current = await ctx.store.sources.current([state.id], ctx.config.poll.everyMinutes, ctx.now());
  return current.get(state.id) ?? state;
}

/** The report of a source's poll, timed from now. */
function finisher(id: string): Finish {
  const started = Date.now();
  return (report) => ({ id, bytes: 0, new: 0, updated: 0, unchanged: 0, ...report, ms: Date.now() - started });
}
