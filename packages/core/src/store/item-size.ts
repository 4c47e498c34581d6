/**
 * The size of a record as DynamoDB counts it against its 400 KB item limit, and the guard that keeps an item
 * record under it: a record over the limit is the entry's fault (`ItemTooLargeError`), never a storage failure.
 */
import { ItemTooLargeError } from "../errors.ts";

/**
 * DynamoDB's maximum item size, attribute names and values included: 400 KB, counted as 409,600 bytes
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
 */
export const ITEM_SIZE_LIMIT = 400 * 1024;

/**
 * The size in bytes of one attribute value as DynamoDB counts it ("Item sizes and formats", DynamoDB Developer
 * Guide): strings by their UTF-8 bytes; binary by its raw bytes; numbers 1 byte plus 1 per two significant
 * digits; null and booleans 1 byte; lists and maps 3 bytes plus 1 byte and the size of each element (a map's
 * names counted as strings). Undefined values are not stored (the document client drops them) and count 0.
 * @example valueSize("héllo") // 6
 */
export function valueSize(value: unknown): number {
  if (value === null || typeof value === "boolean") return 1;
  if (typeof value === "string") return Buffer.byteLength(value);
  if (typeof value === "number" || typeof value === "bigint") return numberSize(String(value));
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + valueSize(element), 0);
  if (value instanceof Set) return [...value].reduce((sum: number, element) => sum + valueSize(element), 0);
  if (typeof value === "object") {
    let size = 3;
    for (const [name, element] of Object.entries(value)) {
      if (element !== undefined) size += 1 + Buffer.byteLength(name) + valueSize(element);
    }
    return size;
  }
  return 0;
}

/** A number's size: 1 byte plus 1 per two significant digits (leading and trailing zeros do not count). */
function numberSize(text: string): number {
  const mantissa = text.replace(/e.*$/i, "");
  const digits = mantissa
    .replace(/[^0-9]/g, "")
    .replace(/^0+/, "")
    .replace(/0+$/, "");
  return 1 + Math.ceil(Math.max(digits.length, 1) / 2);
}

/**
 * The size of a record (top-level attributes) as DynamoDB counts it: the UTF-8 bytes of each attribute's name
 * plus its value's size (`valueSize`); undefined attributes are not stored.
 * @example recordSize({ pk: "I#abc", sk: "I", rev: 1 }) // 2 + 5 + 2 + 1 + 3 + 2 = 15
 */
export function recordSize(record: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(record)) {
    if (value !== undefined) size += Buffer.byteLength(name) + valueSize(value);
  }
  return size;
}

/**
 * Throws ItemTooLargeError when a record is over `ITEM_SIZE_LIMIT`; `itemId` names the item in the error.
 * @throws ItemTooLargeError
 */
export function assertRecordFits(itemId: string, record: Record<string, unknown>): void {
  const bytes = recordSize(record);
  if (bytes > ITEM_SIZE_LIMIT) throw new ItemTooLargeError(itemId, bytes, ITEM_SIZE_LIMIT);
}
