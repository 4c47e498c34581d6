/** Entry hashes: what tells an entry unchanged since the last read, without normalizing it again (SPEC §3). */
import { createHash } from "node:crypto";
import { READING_RULES_VERSION } from "./types.ts";

/**
 * A 16-character base64url hash (96 bits of SHA-256) of an entry's own text and everything it inherits that
 * changes how it reads (`inherited`: feed URL, `xml:base`, feed author…), under the current reading rules.
 * @example entryHash("<item>…</item>", [url, base, feedAuthor])
 */
export function entryHash(own: string, inherited: (string | null)[]): string {
  const hash = createHash("sha256").update(READING_RULES_VERSION).update("\u0000");
  for (const part of inherited) hash.update(part ?? "\u0001").update("\u0000");
  return hash.update(own).digest("base64url").slice(0, 16);
}
