import pLimit from "p-limit";
import type { Config } from "../config/index.ts";
import { retentionCutoff, topicSourceIds } from "../config/index.ts";
import type { ListKey, SourceState, Store } from "../store/index.ts";
import { pendingState, rowSortKey, sourceList, topicList } from "../store/index.ts";
import { membership } from "../topics/index.ts";
import { rebuildEntries, sweepEntries, topicsOfLeaving } from "./entries.ts";
import { allSettled } from "./merge-commits.ts";

/** Source states started at once by `syncSources`. */
const STARTS_AT_ONCE = 16;

/**
 * Loads the state of the configured sources (all enabled ones, or those of `ids`); a source never seen, or whose
 * URL changed (which revives a gone source), starts afresh as pending and due now. A disabled source gets no state:
 * it is never polled.
 */
export async function syncSources(
  store: Store,
  config: Config,
  now: Date,
  ids?: ReadonlySet<string>,
): Promise<Map<string, SourceState>> {
  const sources = config.sources.filter((s) => s.enabled !== false && (ids ? ids.has(s.id) : true));
  const states = await store.sources.states(sources.map((s) => s.id));
  const raced: string[] = [];
  // New sources start a few at a time: one conditional write each, whose latency, not size, sets the pace (a first
  // poll of 10,000 sources would otherwise wait for 10,000 round trips one after the other).
  const limit = pLimit(STARTS_AT_ONCE);
  await allSettled(
    sources.map((source) => {
      const state = states.get(source.id);
      if (state && state.url === source.url) return undefined;
      return limit(async () => {
        const fresh = pendingState(source.id, source.url, now);
        // Conditional: a poll running at the same time may have saved this source's state since it was read.
        if (await store.sources.start(fresh)) states.set(source.id, fresh);
        else raced.push(source.id);
      });
    }),
  );
  // Read strongly: the state another poll has just saved must be seen.
  if (raced.length > 0) for (const [id, state] of await store.sources.states(raced, true)) states.set(id, state);
  return states;
}

/**
 * Removes rows published before the retention cutoff from a list, moving its version first, and the versions of the
 * grouped topics where the stories of the items leaving have an entry (their sizes and other outlets change:
 * `topicsOfLeaving`); returns those topic lists, and `list` itself when any rows were removed. Reads never show
 * expired rows, so the versions may move before they go; moved after, a failed move would be lost for good, as the
 * next sweep finds nothing left to remove. One Query; with rows past the cutoff, one BatchGetItem of them and one of
 * their stories' cards.
 */
export async function sweepList(
  store: Store,
  config: Config,
  list: ListKey,
  cutoff: string,
  now: Date,
): Promise<ListKey[]> {
  const expired = await store.lists.expiredRows(list, cutoff);
  if (expired.length === 0) return [];
  const moved = [list, ...(await topicsOfLeaving(store, config, list, expired)).filter((topic) => topic !== list)];
  for (const changed of moved) await store.lists.touch(changed, now);
  await store.lists.deleteRows(list, expired);
  return moved;
}

/**
 * Recomputes one topic's rows: no refetch, only what differs is written. The rows of its sources' lists say
 * which items may belong; each item whose topic row is missing or extra is then read (BatchGetItem), and its row
 * put or deleted as the stored item decides, each write conditional on the row's `rev`: a rebuild running beside
 * a poll never removes nor overwrites a row the poll wrote for a newer change of the item. Reads decide
 * membership from the item and the configuration, so a row a rebuild leaves beside a newer change is not shown.
 */
async function rebuildTopic(store: Store, config: Config, slug: string, cutoff: string): Promise<void> {
  const topic = config.topics.find((t) => t.slug === slug);
  if (!topic) return;
  const list = topicList(slug);
  const wanted = new Map<string, string>();
  for (const id of topicSourceIds(config, slug)) {
    for (const row of await store.lists.rows(sourceList(id), cutoff)) wanted.set(row.sk, row.id);
  }
  const current = new Map((await store.lists.rows(list)).map((row) => [row.sk, row.id]));
  const differing = new Map([...wanted, ...current].filter(([sk]) => !wanted.has(sk) || !current.has(sk)));
  if (differing.size === 0) return;
  const items = await store.items.getMany([...differing.values()]);
  for (const [sk, id] of differing) {
    const item = items.get(id) ?? null;
    const belongs =
      item !== null &&
      !item.pending &&
      item.publishedAt >= cutoff &&
      rowSortKey(item.publishedAt, item.id) === sk &&
      membership(config).inTopic(slug, item);
    // Only a row in place and not wanted, or wanted and missing, is written.
    if (belongs !== current.has(sk)) await store.lists.setRow(list, { id, sk }, item, belongs);
  }
}

/**
 * Brings every topic in line with the configuration: a topic whose sources, filters or `stories` changed is rebuilt
 * from the stored items (its rows, then its story entries), and expired rows leave every topic (a grouped topic's
 * entries handed on: `sweepEntries`). List versions move only where rows changed.
 */
export async function syncTopics(store: Store, config: Config, now: Date): Promise<string[]> {
  const cutoff = retentionCutoff(config, now);
  const metas = await store.lists.versions(config.topics.map((t) => topicList(t.slug)));
  const rebuilt: string[] = [];
  const swept = new Set<ListKey>();
  for (const topic of config.topics) {
    const list = topicList(topic.slug);
    const fingerprint = membership(config).fingerprint(topic);
    if (metas.get(list)?.fingerprint !== fingerprint) {
      await rebuildTopic(store, config, topic.slug, cutoff);
      await rebuildEntries(store, config, topic.slug, cutoff);
      await store.lists.touch(list, now, fingerprint);
      rebuilt.push(topic.slug);
    } else {
      const moved = await sweepList(store, config, list, cutoff, now);
      for (const changed of moved) swept.add(changed);
      if (
        topic.stories !== false &&
        (await sweepEntries(store, config, topic.slug, cutoff, now, moved.includes(list)))
      ) {
        swept.add(list);
      }
    }
  }
  // The sweeps moved their lists' versions before writing: moved once more now that all is written (`Lists.settle`).
  await store.lists.settle(swept, now);
  return rebuilt;
}
