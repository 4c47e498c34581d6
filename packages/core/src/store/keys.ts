import type { ListKey } from "./records.ts";

/** Key of an item row. */
export const itemKey = (id: string) => ({ pk: `I#${id}`, sk: "I" });
/** Key of the first-seen mark (reservation and tombstone) of an undated article. */
export const firstSeenKey = (id: string) => ({ pk: `I#${id}`, sk: "T" });
/** Key of a source's state row. */
export const sourceKey = (id: string) => ({ pk: `S#${id}`, sk: "S" });
/** Key of a list's meta row. */
export const listMetaKey = (key: ListKey) => ({ pk: `M#${key}`, sk: "M" });
/** Key of a named marker. */
export const markerKey = (name: string) => ({ pk: `X#${name}`, sk: "X" });
/** Partition of a list's rows. */
export const listPartition = (key: ListKey) => `L#${key}`;
/** Sort key of a row in a list: newest first when read backwards, ties by id. */
export const rowSortKey = (publishedAt: string, id: string) => `${publishedAt}#${id}`;
/** The item id a row's sort key points to (ids are URL-safe: never `#`). */
export const rowItemId = (sortKey: string) => sortKey.slice(sortKey.indexOf("#") + 1);
/** List key of a topic. */
export const topicList = (slug: string): ListKey => `t:${slug}`;
/** List key of a source. */
export const sourceList = (id: string): ListKey => `s:${id}`;
/** Partition value of the sparse index of held-back sources (failing, gone). */
export const HELD = "held";
/** Partition of the poll records (when cycles and worker batches polled healthy sources). */
export const POLLS = "P#polls";
