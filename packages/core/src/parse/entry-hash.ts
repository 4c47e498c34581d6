/** Entry hashes: what tells an entry unchanged since the last read, without normalizing it again. */
import { createHash } from "node:crypto";
import { READING_RULES_VERSION } from "./types.ts";

/** Bytes of an entry hash: 64 bits, so two entries of one feed practically never share one. */
export const ENTRY_HASH_BYTES = 8;

/**
 * An 11-character base64url hash (the first 64 bits of SHA-256; source states keep them packed, 8 bytes each)
 * of an entry's own text (its UTF-8 bytes, or a string hashed as UTF-8) and everything it inherits that
 * changes how it reads (`inherited`: feed URL, `xml:base`, feed author…), under the current reading rules.
 * @example entryHash("<item>…</item>", [url, base, feedAuthor])
 */
export function entryHash(own: string | Uint8Array, inherited: (string | null | undefined)[]): string {
  const hash = createHash("sha256").update(READING_RULES_VERSION).update("\u0000");
  for (const part of inherited) hash.update(part ?? "\u0001").update("\u0000");
  return hash.update(own).digest().subarray(0, ENTRY_HASH_BYTES).toString("base64url");
}

/**
 * Maps the entries whose hash is not in `known` (all of them without it), each given its hash; the others are
 * left out unread. `hashes` is parallel to `entries`.
 */
export function mapUnknown<T, E extends { hash?: string }>(
  entries: T[],
  hashes: string[],
  known: ReadonlySet<string> | undefined,
  map: (entry: T) => E,
): E[] {
  const out: E[] = [];
  entries.forEach((entry, index) => {
    const hash = hashes[index] as string;
    if (known?.has(hash)) return;
    const mapped = map(entry);
    mapped.hash = hash;
    out.push(mapped);
  });
  return out;
}
