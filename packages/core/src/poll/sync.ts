import type { Config } from "../config/index.ts";
import { retentionCutoff, topicSourceIds } from "../config/index.ts";
import type { ListKey, SourceState, Store } from "../store/index.ts";
import { pendingState, sourceList, topicList } from "../store/index.ts";
import { passesFilters, topicFingerprint, topicsOf } from "./topics.ts";

/**
 * Loads the state of the configured sources (all, or those of `ids`); a source never seen, or whose URL
 * changed (which revives a gone source), starts afresh as pending and due now.
 */
export async function syncSources(
  store: Store,
  config: Config,
  now: Date,
  ids?: ReadonlySet<string>,
): Promise<Map<string, SourceState>> {
  const sources = ids ? config.sources.filter((s) => ids.has(s.id)) : config.sources;
  const states = await store.getSourceStates(sources.map((s) => s.id));
  const raced: string[] = [];
  for (const source of sources) {
    const state = states.get(source.id);
    if (!state || state.url !== source.url) {
      const fresh = pendingState(source.id, source.url, now);
      // Conditional: a poll running at the same time may have saved this source's state since it was read.
      if (await store.startSourceState(fresh)) states.set(source.id, fresh);
      else raced.push(source.id);
    }
  }
  // Read strongly: the state another poll has just saved must be seen.
  if (raced.length > 0) for (const [id, state] of await store.getSourceStates(raced, true)) states.set(id, state);
  return states;
}

/**
 * Removes rows published before the retention cutoff from a list, moving its version first; true when any
 * were removed. Reads never show expired rows, so the version may move before they go; moved after, a
 * failed move would be lost for good, as the next sweep finds nothing left to remove.
 */
export async function sweepList(store: Store, list: ListKey, cutoff: string, now: Date): Promise<boolean> {
  const expired = await store.expiredRowKeys(list, cutoff);
  if (expired.length === 0) return false;
  await store.touchList(list, now);
  await store.deleteRows(list, expired);
  return true;
}

/** Rounds of re-reading items that changed while a topic was rebuilt before giving up (each round re-reads only those). */
const REBUILD_ROUNDS = 8;

/**
 * Recomputes one topic's rows: no refetch, only what differs is written. The rows of its sources' lists say
 * which items may belong; each item whose topic row is missing or extra is then read, and its row put or
 * deleted as the stored item decides, conditional on the item not changing meanwhile (a poll storing it at the
 * same time writes its rows itself): a rebuild running beside a poll never removes a row the poll just wrote
 * nor writes an older copy over it.
 */
async function rebuildTopic(store: Store, config: Config, slug: string, cutoff: string): Promise<void> {
  const topic = config.topics.find((t) => t.slug === slug);
  if (!topic) return;
  const list = topicList(slug);
  const wanted = new Map<string, string>();
  for (const id of topicSourceIds(config, slug)) {
    for (const row of await store.allRows(sourceList(id), cutoff)) {
      if (passesFilters(topic, row.item)) wanted.set(row.sk, row.item.id);
    }
  }
  const current = new Map((await store.allRows(list)).map((row) => [row.sk, row.item.id]));
  let differing = [...wanted, ...current].filter(([sk]) => !wanted.has(sk) || !current.has(sk));
  for (let round = 0; differing.length > 0; round++) {
    if (round >= REBUILD_ROUNDS) throw new Error(`rebuild of ${list}: ${differing.length} items still changing`);
    const items = await store.getItems(differing.map(([, id]) => id));
    const again: [string, string][] = [];
    for (const [sk, id] of new Map(differing)) {
      const item = items.get(id) ?? null;
      const belongs =
        item !== null &&
        !item.pending &&
        item.publishedAt >= cutoff &&
        `${item.publishedAt}#${item.id}` === sk &&
        topicsOf(config, item).includes(slug);
      if (!(await store.setRowIf(list, { id, sk }, item, belongs))) again.push([sk, id]);
    }
    differing = again;
  }
}

/**
 * Brings every topic in line with the configuration: a topic whose sources or filters changed is rebuilt
 * from the stored items, and expired rows leave every topic. List versions move only where rows changed.
 */
export async function syncTopics(store: Store, config: Config, now: Date): Promise<string[]> {
  const cutoff = retentionCutoff(config, now);
  const metas = await store.getListMetas(config.topics.map((t) => topicList(t.slug)));
  const rebuilt: string[] = [];
  for (const topic of config.topics) {
    const list = topicList(topic.slug);
    const fingerprint = topicFingerprint(config, topic);
    if (metas.get(list)?.fingerprint !== fingerprint) {
      await rebuildTopic(store, config, topic.slug, cutoff);
      await store.touchList(list, now, fingerprint);
      rebuilt.push(topic.slug);
    } else {
      await sweepList(store, list, cutoff, now);
    }
  }
  return rebuilt;
}
