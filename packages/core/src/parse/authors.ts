/** Authors: which of the names a feed gives for an entry is its author. */
import { textOf } from "./xml-read.ts";
import type { XmlElement } from "./xml-tree.ts";

/**
 * An address that names nobody: `noreply@…`, `no-reply@…`, `nobody@…` (Blogger's `noreply@blogger.com` among
 * them), alone, as a `mailto:` link, or with Blogger's `(Unknown)` for a hidden profile. An address with a real
 * name in parentheses (`noreply@blogger.com (Jane Doe)`) names that person.
 */
const NOBODY = /^(?:mailto:)?(?:no-?reply|nobody)@[^\s()]+(?:\s*\(\s*(?:unknown)?\s*\))?$/i;

/**
 * Whether an author as the feed writes it names somebody: not empty, and not an address that names nobody.
 * @example namesSomebody("noreply@blogger.com") // false
 * @example namesSomebody("noreply@blogger.com (Jane Doe)") // true
 */
export function namesSomebody(author: string | null | undefined): author is string {
  const trimmed = author?.trim();
  return !!trimmed && !NOBODY.test(trimmed);
}

/**
 * The entry's author: the first of `candidates` (the entry's own authors, then — Atom — its `<source>`'s, then the
 * feed's, as RFC 4287 §4.2.1 orders them) that names somebody; null when none does. Elements give their text.
 * @example firstAuthor(["noreply@blogger.com", "Jane Doe"]) // "Jane Doe"
 */
export function firstAuthor(candidates: (string | XmlElement | null | undefined)[]): string | null {
  for (const candidate of candidates) {
    const text = typeof candidate === "string" || candidate == null ? candidate : textOf(candidate);
    if (namesSomebody(text)) return text.trim();
  }
  return null;
}
