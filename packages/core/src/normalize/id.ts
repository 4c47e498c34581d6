/** Item identity: stable across polls, sources and restarts, and safe in URLs. */
import { createHash } from "node:crypto";

/** What an item's id is made of. */
export interface IdInput {
  canonicalUrl: string | null;
  sourceId: string;
  guid: string | null;
  title: string | null;
}

/**
 * The item id: 22 base64url characters (132 bits) of a SHA-256 of the canonical URL alone when there is one,
 * so the same article has the same id in every source; else of source id + guid; else of source id + title.
 * @example itemId({ canonicalUrl: "https://example.org/a", sourceId: "rs", guid: null, title: null })
 */
export function itemId(input: IdInput): string {
  const key =
    input.canonicalUrl !== null
      ? `url\n${input.canonicalUrl}`
      : input.guid !== null
        ? `guid\n${input.sourceId}\n${input.guid}`
        : `title\n${input.sourceId}\n${input.title ?? ""}`;
  return createHash("sha256").update(key).digest("base64url").slice(0, 22);
}
