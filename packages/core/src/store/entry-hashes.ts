/**
 * A source state's entry hashes (8 bytes each) and item id fingerprints (4 bytes each) as stored: one binary
 * attribute each, so the state of a 50-entry feed stays under 1 KB (one write unit) and a read under 4 KB (half
 * a read unit) up to about 300 entries. Values of another length (states of older reading rules) stay lists.
 */
import type { SourceState } from "./records.ts";

const HASH_BYTES = 8;
const ID_BYTES = 4;

/** Base64url values of `bytes` bytes each as one binary value; values of another length stay a list. */
function pack(values: string[] | null, bytes: number): Uint8Array | string[] | null {
  const chars = Math.ceil((bytes * 4) / 3);
  const packable = (value: string) => value.length === chars && Buffer.from(value, "base64url").length === bytes;
  if (!values || values.length === 0 || !values.every(packable)) return values;
  return Buffer.concat(values.map((value) => Buffer.from(value, "base64url")));
}

/** The values `pack` wrote. */
function unpack(stored: unknown, bytes: number): string[] | null {
  if (!(stored instanceof Uint8Array)) return (stored as string[] | null | undefined) ?? null;
  const values: string[] = [];
  for (let at = 0; at + bytes <= stored.length; at += bytes) {
    values.push(Buffer.from(stored.subarray(at, at + bytes)).toString("base64url"));
  }
  return values;
}

/** The stored attributes of a state's `entryHashes` and `entryIds`. */
export function packEntries(state: Pick<SourceState, "entryHashes" | "entryIds">) {
  return { entryHashes: pack(state.entryHashes, HASH_BYTES), entryIds: pack(state.entryIds ?? null, ID_BYTES) };
}

/** A state's `entryHashes` and `entryIds` read back from their stored attributes. */
export function unpackEntries(row: Record<string, unknown>): Pick<SourceState, "entryHashes" | "entryIds"> {
  return { entryHashes: unpack(row.entryHashes, HASH_BYTES), entryIds: unpack(row.entryIds, ID_BYTES) };
}
