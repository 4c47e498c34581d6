/**
 * An item as stored: its record (content compressed with brotli, a TTL) and back, and the size check that keeps
 * it under DynamoDB's item limit before anything is written.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";
import { assertRecordFits, ITEM_SIZE_LIMIT, recordSize } from "./item-size.ts";
import { itemKey } from "./keys.ts";
import { DAY_S, expiresAt, type Row } from "./kit.ts";
import type { StoredItem } from "./records.ts";

/** Content shorter than this (UTF-8 bytes) is stored as text: compressing it would save less than its cost. */
const COMPRESS_FROM = 200;

/** Most bytes brotli adds to incompressible input (a few bytes a 16 MB meta-block; generous). */
const BROTLI_OVERHEAD = 64;

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
export function itemRecord(item: StoredItem, retentionDays: number): Row {
  const { contentHtml, ...rest } = item;
  const record: Row = {
    ...itemKey(item.id),
    ...rest,
    expiresAt: expiresAt(item.publishedAt, retentionDays * DAY_S),
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
 * Throws ItemTooLargeError when `item`'s record would be over DynamoDB's item limit (`ITEM_SIZE_LIMIT`). Cheap
 * for an item that fits: its record is measured without compressing its content, counted at its UTF-8 size
 * plus brotli's worst overhead (an upper bound); only an item that bound puts over the limit is compressed and
 * measured exactly.
 * @throws ItemTooLargeError
 */
export function assertItemFits(item: StoredItem, retentionDays: number): void {
  const content = item.contentHtml ? Buffer.byteLength(item.contentHtml) + BROTLI_OVERHEAD : 0;
  const bound = recordSize(itemRecord({ ...item, contentHtml: null }, retentionDays)) + "contentBr".length + content;
  if (bound > ITEM_SIZE_LIMIT) assertRecordFits(item.id, itemRecord(item, retentionDays));
}

/**
 * The item a stored record holds, `contentBr` decompressed. Records written before compression (plain
 * `contentHtml`) and before the TTL change read the same. Key and TTL attributes are dropped.
 */
export function fromItemRecord(record: Row): StoredItem {
  const { pk: _pk, sk: _sk, expiresAt: _expires, contentBr, ...rest } = record;
  const item = rest as unknown as StoredItem;
  if (contentBr instanceof Uint8Array) item.contentHtml = brotliDecompressSync(contentBr).toString("utf8");
  return item;
}
