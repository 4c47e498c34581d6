import type { Item } from "../item.ts";
import { itemKey, listPartition, rowSortKey } from "./keys.ts";
import { type ListKey, type StoredItem, toItem } from "./records.ts";

const DAY_S = 86_400;
/** How long an item's own row outlives its visibility, so an expired article still in a feed does not return as new. */
export const TOMBSTONE_DAYS = 365;

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The stored record of an item: its key, its fields and its TTL (`retentionDays` + TOMBSTONE_DAYS after publishing). */
export function itemRecord(item: StoredItem, retentionDays: number): Record<string, unknown> {
  return {
    ...itemKey(item.id),
    ...item,
    expiresAt: epochSeconds(item.publishedAt) + (retentionDays + TOMBSTONE_DAYS) * DAY_S,
  };
}

/**
 * The row of an item in a list: a copy of the served Item, its lower-cased title and summary for `q` and
 * `filter`, and its TTL (`retentionDays` after publishing).
 */
export function listRow(list: ListKey, item: Item, retentionDays: number): Record<string, unknown> {
  return {
    pk: listPartition(list),
    sk: rowSortKey(item.publishedAt, item.id),
    item: toItem(item),
    search: `${item.title ?? ""}\n${item.summary ?? ""}`.toLowerCase(),
    expiresAt: epochSeconds(item.publishedAt) + retentionDays * DAY_S,
  };
}
