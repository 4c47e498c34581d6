/**
 * New articles held compactly while a cycle's grouping waits for its last source: each entry (the feed's article and
 * the plan that stores it) as one deflated Buffer of V8's serialization, about a third of the objects' size on the
 * heap, so what a first poll holds until its grouping runs is its new articles' bytes, not their objects. The plan's
 * item is kept as what it adds to the article (the strings they share are packed once).
 */
import { deserialize, serialize } from "node:v8";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Article } from "../item.ts";
import type { Plan } from "./merge-plan.ts";

/** A new article waiting for the cycle's grouping: its id and date (the grouping's order) and the packed entry. */
export interface PackedEntry {
  id: string;
  publishedAt: string;
  bytes: Buffer;
}

/** An entry of a merge: the article as read and its planned write. */
export interface Entry {
  article: Article;
  plan: Plan;
}

/** Deflating level: the fastest (a cycle packs every new article once). */
const LEVEL = 1;

/** Packs an entry (see the module's doc). */
export function packEntry({ article, plan }: Entry): PackedEntry {
  const source = article as unknown as Record<string, unknown>;
  const added: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(plan.next)) if (source[key] !== value) added[key] = value;
  const { next, ...rest } = plan;
  // A copy of the right size: zlib's output is a view of its 16 KB chunk (a small copy comes from Buffer's pool).
  const bytes = Buffer.from(deflateRawSync(serialize({ article, added, rest }), { level: LEVEL }));
  return { id: plan.next.id, publishedAt: plan.next.publishedAt, bytes };
}

/** The entry `packEntry` packed: new objects, equal to the packed ones. */
export function unpackEntry(packed: PackedEntry): Entry {
  const { article, added, rest } = deserialize(inflateRawSync(packed.bytes)) as {
    article: Article;
    added: Record<string, unknown>;
    rest: Omit<Plan, "next">;
  };
  const next = { ...article, ...added } as Plan["next"];
  return { article, plan: { ...rest, next } };
}
