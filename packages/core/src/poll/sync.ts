import type { Config } from "../config/index.ts";
import { topicSourceIds } from "../config/index.ts";
import type { ListKey, SourceState, Store } from "../store/index.ts";
import { pendingState, sourceList, topicList } from "../store/index.ts";
import { passesFilters, topicFingerprint } from "./topics.ts";

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
  for (const source of sources) {
    const state = states.get(source.id);
    if (!state || state.url !== source.url) {
      const fresh = pendingState(source.id, source.url, now);
      await store.saveSourceState(fresh);
      states.set(source.id, fresh);
    }
  }
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

/** Recomputes one topic's rows from its sources' rows: no refetch, only what differs is written. */
async function rebuildTopic(store: Store, config: Config, slug: string, cutoff: string): Promise<void> {
  const topic = config.topics.find((t) => t.slug === slug);
  if (!topic) return;
  const wanted = new Map<string, import("../item.ts").Item>();
  for (const id of topicSourceIds(config, slug)) {
    for (const row of await store.allRows(sourceList(id), cutoff)) {
      if (!wanted.has(row.sk) && passesFilters(topic, row.item)) wanted.set(row.sk, row.item);
    }
  }
  const current = new Set((await store.allRows(topicList(slug))).map((row) => row.sk));
  const extra = [...current].filter((sk) => !wanted.has(sk));
  const missing = [...wanted].filter(([sk]) => !current.has(sk)).map(([, item]) => item);
  if (extra.length > 0) await store.deleteRows(topicList(slug), extra);
  if (missing.length > 0) await store.putRows(topicList(slug), missing);
}

/**
 * Brings every topic in line with the configuration: a topic whose sources or filters changed is rebuilt
 * from the stored items, and expired rows leave every topic. List versions move only where rows changed.
 */
export async function syncTopics(store: Store, config: Config, now: Date): Promise<string[]> {
  const cutoff = new Date(now.getTime() - config.retentionDays * 86_400_000).toISOString();
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
