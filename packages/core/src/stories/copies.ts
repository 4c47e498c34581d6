/**
 * Copies of one article: a story remembers the title fingerprints of its first members, so that an item whose title
 * has the same words as one of theirs — the same wire story, published again by another outlet a day or two later —
 * joins it anywhere in the 72-hour window, however far the story's profile has moved from that title. A title too
 * generic to name one article ("Business in Brief", "10 Things You Need To Know Before The Opening Bell": a column
 * that comes back every day) has no fingerprint.
 */
import { fnv1a } from "./hosts.ts";

/** How many members' title fingerprints a story keeps: its first 32 (4 bytes each, 128 bytes in its summary). */
export const COPY_TITLES = 32;
/** Bytes of one fingerprint. */
const KEY_BYTES = 4;
/** A title names one article when it has at least this many terms… */
const MIN_TERMS = 4;
/** …of which at least `MIN_RARE_TERMS` weigh this much or more (`termWeight`: names, rare words, numbers). */
const RARE_WEIGHT = 12;
const MIN_RARE_TERMS = 2;

/**
 * The fingerprint of a title from its terms (term → weight, as `itemFeatures` weighs the title's words): a 32-bit
 * FNV-1a hash of its terms in code-point order, so that case, punctuation, word order, inflections cut by the prefix
 * and the lightest words do not matter. Null when the title is too generic to name one article: fewer than 4 terms,
 * or fewer than 2 weighing 12 or more.
 * @example titleKeyOf(new Map([["galavi", 15.4], ["nikki", 15.4], ["pablo", 12.3], ["bachel", 11.5]])) // a number
 */
export function titleKeyOf(title: ReadonlyMap<string, number>): number | null {
  if (title.size < MIN_TERMS) return null;
  let rare = 0;
  for (const weight of title.values()) if (weight >= RARE_WEIGHT) rare++;
  if (rare < MIN_RARE_TERMS) return null;
  return fnv1a([...title.keys()].sort().join("\u0000"));
}

/** The fingerprints of a story's titles: none yet. */
export function emptyTitles(): Uint8Array {
  return new Uint8Array(0);
}

/**
 * `titles` with `key` added at the end, unless it is null, already there, or the story keeps `COPY_TITLES` already
 * (then `titles` itself).
 */
export function withTitle(titles: Uint8Array, key: number | null): Uint8Array {
  if (key === null || holdsTitle(titles, key) || titles.length >= COPY_TITLES * KEY_BYTES) return titles;
  const out = new Uint8Array(titles.length + KEY_BYTES);
  out.set(titles);
  new DataView(out.buffer).setUint32(titles.length, key);
  return out;
}

/** Whether `titles` holds `key` (never for a null key). A damaged record (not whole fingerprints) holds nothing. */
export function holdsTitle(titles: Uint8Array, key: number | null): boolean {
  if (key === null || titles.length % KEY_BYTES !== 0) return false;
  const view = new DataView(titles.buffer, titles.byteOffset, titles.byteLength);
  for (let at = 0; at < titles.length; at += KEY_BYTES) if (view.getUint32(at) === key) return true;
  return false;
}
