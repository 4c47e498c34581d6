/** Item records: the stored article (the truth every list row points to) and the first-seen mark of undated ones. */
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";
import { GetCommand, PutCommand, type PutCommandInput } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "./batch.ts";
import { firstSeenKey, itemKey } from "./keys.ts";
import type { StoredItem } from "./records.ts";
import type { TableRef } from "./table-ref.ts";

const DAY_S = 86_400;
/**
 * How long the first-seen mark of an undated article outlives its visibility, in days: an expired article still
 * in a feed, which `readFeed` would date by the poll's time, does not come back as new.
 */
export const TOMBSTONE_DAYS = 365;
/** Content shorter than this (UTF-8 bytes) is stored as text: compressing it would save less than its cost. */
const COMPRESS_FROM = 200;

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The 64 KB brotli window (its log2): content that fits in it is compressed with it. */
const SMALL_WINDOW = 16;

/**
 * Brotli parameters for `bytes` of content: quality 9, and the 64 KB window when the content fits in it (a window
 * of `lgwin` holds `(1 << lgwin) - 16` bytes, RFC 7932 §9.1). With a window over 16 the encoder sets up tables of
 * about 32 MB at every call whatever the input's size: about 14 ms of CPU for a 1.5 KB article, 0.1–0.5 ms with
 * the 64 KB window, whose output differs by a few bytes either way (within 0.3% in total). Larger content keeps
 * brotli's default window (4 MB), which finds the longer matches.
 */
export function brotliParams(bytes: number): Record<number, number> {
  const params = { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: bytes };
  return bytes <= (1 << SMALL_WINDOW) - 16 ? { ...params, [constants.BROTLI_PARAM_LGWIN]: SMALL_WINDOW } : params;
}

/**
 * The stored record of an item: its key, its fields, `contentHtml` compressed (brotli, binary `contentBr`) when
 * it is at least 200 bytes, and its TTL: `retentionDays` after publishing, when it leaves every list (dated
 * entries past the cutoff are never stored, so nothing of a dated article needs to outlive it).
 */
export function itemRecord(item: StoredItem, retentionDays: number): Record<string, unknown> {
  const { contentHtml, ...rest } = item;
  const record: Record<string, unknown> = {
    ...itemKey(item.id),
    ...rest,
    expiresAt: epochSeconds(item.publishedAt) + retentionDays * DAY_S,
  };
  const bytes = contentHtml ? Buffer.byteLength(contentHtml) : 0;
  if (contentHtml && bytes >= COMPRESS_FROM) {
    record.contentBr = brotliCompressSync(contentHtml, { params: brotliParams(bytes) });
  } else {
    record.contentHtml = contentHtml ?? null;
  }
  return record;
}

/**
 * The item a stored record holds, `contentBr` decompressed. Records written before compression (plain
 * `contentHtml`) and before the TTL change read the same. Key and TTL attributes are dropped.
 */
export function fromItemRecord(record: Record<string, unknown>): StoredItem {
  const { pk: _pk, sk: _sk, expiresAt: _expires, contentBr, ...rest } = record;
  const item = rest as unknown as StoredItem;
  if (contentBr instanceof Uint8Array) item.contentHtml = brotliDecompressSync(contentBr).toString("utf8");
  return item;
}

/** One stored item, or null (consistent read). */
export async function getItem(ref: TableRef, id: string): Promise<StoredItem | null> {
  const { Item: record } = await ref.doc.send(
    new GetCommand({ TableName: ref.table, Key: itemKey(id), ConsistentRead: true }),
  );
  return record ? fromItemRecord(record) : null;
}

/** What the merge reads of a feed's entries before planning: their items, and the first-seen mark of undated ones. */
export interface MergeRead {
  items: Map<string, StoredItem>;
  /** Id → when the article was first seen (ISO), for the `undated` ids asked that have a mark. */
  firstSeen: Map<string, string>;
}

/** Items by id and the first-seen marks of `undated` ids, in one BatchGetItem per 100 keys (consistent reads). */
export async function readItems(ref: TableRef, ids: string[], undated: string[] = []): Promise<MergeRead> {
  const keys = [...[...new Set(ids)].map(itemKey), ...[...new Set(undated)].map(firstSeenKey)];
  const items = new Map<string, StoredItem>();
  const firstSeen = new Map<string, string>();
  for (const record of await batchGet(ref.doc, ref.table, keys)) {
    const id = String(record.pk).slice(2);
    if (record.sk === "I") items.set(id, fromItemRecord(record));
    else if (typeof record.firstSeenAt === "string") firstSeen.set(id, record.firstSeenAt);
  }
  return { items, firstSeen };
}

function isConditionFailure(error: unknown): boolean {
  return (error as Error)?.name === "ConditionalCheckFailedException";
}

/** A PutItem under a condition: false when the condition does not hold. */
async function putIf(
  ref: TableRef,
  record: Record<string, unknown>,
  condition: Omit<PutCommandInput, "TableName" | "Item">,
): Promise<boolean> {
  try {
    await ref.doc.send(new PutCommand({ TableName: ref.table, Item: record, ...condition }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Writes `item` if the stored one is still at `expectedRev` (null: none may exist yet); false when another
 * writer got there first. One PutItem of about 1–2 KB: one write unit per KB.
 */
export function putItemIf(ref: TableRef, item: StoredItem, expectedRev: number | null): Promise<boolean> {
  const record = itemRecord(item, ref.retentionDays);
  if (expectedRev === null) return putIf(ref, record, { ConditionExpression: "attribute_not_exists(pk)" });
  return putIf(ref, record, {
    ConditionExpression: "#rev = :rev",
    ExpressionAttributeNames: { "#rev": "rev" },
    ExpressionAttributeValues: { ":rev": expectedRev },
  });
}

/**
 * Marks when an undated article was first seen (`I#<id>`, sk `T`: about 60 bytes), unless a mark exists; false
 * then (another poll marked it first: read it again). Written before the article's rows and item, it is both the
 * reservation of that date (a poll that fails half-way reuses it) and the tombstone that outlives the item by
 * `TOMBSTONE_DAYS`, so the article does not come back as new while its feed still carries it.
 */
export function markFirstSeen(ref: TableRef, id: string, firstSeenAt: string): Promise<boolean> {
  const record = {
    ...firstSeenKey(id),
    firstSeenAt,
    expiresAt: epochSeconds(firstSeenAt) + (ref.retentionDays + TOMBSTONE_DAYS) * DAY_S,
  };
  return putIf(ref, record, { ConditionExpression: "attribute_not_exists(pk)" });
}
