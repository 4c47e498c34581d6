/**
 * A story as grouping keeps it: a summary of bounded size, read to judge a new item against the story as a whole.
 * Its term profile is the sum of its members' unit vectors cut to the heaviest terms (a centroid up to scale), so
 * an item joins when it is like the story, not merely like one member: a chain of items each like the one before
 * does not snowball, as each new link shares less and less with the profile.
 */

import { recordSize, valueSize } from "../store/item-size.ts";
import { emptyCopies, withCopy } from "./copies.ts";
import type { ItemFeatures } from "./features.ts";
import { emptyHosts, withHost } from "./hosts.ts";

/** A story's summary (the record `Y#<id>` of docs/data-model's stories section, see `summaryRecord`). */
export interface StorySummary {
  /** The id of the story's first stored item. */
  id: string;
  /** `publishedAt` of the first item, in milliseconds since the epoch: the story gathers items within the window. */
  firstAt: number;
  /** How many items joined it (retention lowers the served size elsewhere; grouping never reads it). */
  size: number;
  /** Incremented by every change: writes are conditional on the version read. */
  version: number;
  /** Bloom filter of the hosts of its items (`hosts.ts`). */
  hosts: Uint8Array;
  /** Copy keys of its first members (`copies.ts`): an item with one of these keys is a copy. */
  copies: Uint8Array;
  /** Term → summed weight of its members, the heaviest `profileTerms` (and within `SUMMARY_MAX_BYTES`). */
  terms: Map<string, number>;
}

/**
 * Upper bound of a summary record in bytes, as DynamoDB counts them, keys included: one write unit per change.
 * Its host filter takes 256 bytes, its copy keys at most 128, its terms about 13 bytes each.
 */
export const SUMMARY_MAX_BYTES = 1_000;
/** What storage's partition and sort keys are assumed to take (`pk: "Y#<22-character id>"`, `sk: "Y"`). */
const KEY_BYTES = 2 + 24 + 2 + 1;

/** Term weights are kept to 3 decimals: small to store, and summing them in another order gives the same profile. */
function round(weight: number): number {
  return Math.round(weight * 1000) / 1000;
}

/**
 * A summary as storage writes it (besides its keys): numbers as numbers, the host filter as binary, the terms as a
 * map. `terms` keeps the profile's order (heaviest first).
 */
export function summaryRecord(summary: StorySummary): {
  id: string;
  firstAt: number;
  size: number;
  version: number;
  hosts: Uint8Array;
  copies: Uint8Array;
  terms: Record<string, number>;
} {
  return {
    id: summary.id,
    firstAt: summary.firstAt,
    size: summary.size,
    version: summary.version,
    hosts: summary.hosts,
    copies: summary.copies,
    terms: Object.fromEntries(summary.terms),
  };
}

/** Sizes already counted: a summary is never changed in place. */
const SIZES = new WeakMap<StorySummary, number>();

/** The bytes one term takes in the `terms` map: 1, its name's, its value's (recordSize's rule for maps). */
function termBytes(term: string, weight: number): number {
  return 1 + Buffer.byteLength(term) + valueSize(weight);
}

/** The summary's record size in bytes, its keys included (see `SUMMARY_MAX_BYTES`). */
export function summaryBytes(summary: StorySummary): number {
  const known = SIZES.get(summary);
  if (known !== undefined) return known;
  let bytes = KEY_BYTES + recordSize({ ...summaryRecord(summary), terms: {} });
  for (const [term, weight] of summary.terms) bytes += termBytes(term, weight);
  SIZES.set(summary, bytes);
  return bytes;
}

/** The heaviest `limit` terms (ties by term), fewer when the record would pass `SUMMARY_MAX_BYTES`. */
function cut(terms: Map<string, number>, limit: number, base: Omit<StorySummary, "terms">): Map<string, number> {
  const sorted = [...terms]
    .filter(([, weight]) => weight > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let bytes = KEY_BYTES + recordSize({ ...summaryRecord({ ...base, terms: new Map() }) });
  const kept = new Map<string, number>();
  for (const [term, weight] of sorted) {
    if (kept.size >= limit) break;
    bytes += termBytes(term, weight);
    if (bytes > SUMMARY_MAX_BYTES) break;
    kept.set(term, weight);
  }
  return kept;
}

/** The summary of a new story whose first item is `item`. */
export function newSummary(item: ItemFeatures, profileTerms: number): StorySummary {
  const base = {
    id: item.id,
    firstAt: item.publishedAt,
    size: 1,
    version: 1,
    hosts: item.host === null ? emptyHosts() : withHost(emptyHosts(), item.host),
    copies: withCopy(emptyCopies(), item.copyKey),
  };
  const terms = new Map<string, number>();
  for (const [term, weight] of item.vector) terms.set(term, round(weight));
  return { ...base, terms: cut(terms, profileTerms, base) };
}

/**
 * The summary after `item` joins: one more member, its host added (and its copy key, among the first `COPY_KEYS`),
 * its vector added to the profile.
 */
export function withMember(summary: StorySummary, item: ItemFeatures, profileTerms: number): StorySummary {
  const base = {
    id: summary.id,
    firstAt: summary.firstAt,
    size: summary.size + 1,
    version: summary.version + 1,
    hosts: item.host === null ? summary.hosts : withHost(summary.hosts, item.host),
    copies: withCopy(summary.copies, item.copyKey),
  };
  const terms = new Map(summary.terms);
  for (const [term, weight] of item.vector) terms.set(term, round((terms.get(term) ?? 0) + weight));
  return { ...base, terms: cut(terms, profileTerms, base) };
}

/** Cosine of two term vectors (term → weight): 0 (no term shared, or either is empty) to 1 (the same direction). */
function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [term, weight] of a) {
    normA += weight * weight;
    const theirs = b.get(term);
    if (theirs !== undefined) dot += weight * theirs;
  }
  for (const weight of b.values()) normB += weight * weight;
  return normA > 0 && normB > 0 ? dot / Math.sqrt(normA * normB) : 0;
}

/**
 * Cosine similarity of an item's vector with a story's profile: 0 (nothing shared) to 1 (the same direction).
 */
export function similarity(item: ItemFeatures, summary: StorySummary): number {
  return cosine(summary.terms, item.vector);
}

/**
 * Cosine similarity of two stories' profiles: 0 (no term shared) to 1 (the same direction). How alike two stories
 * are as wholes, whatever their sizes.
 */
export function profileSimilarity(a: StorySummary, b: StorySummary): number {
  return cosine(a.terms, b.terms);
}
