/**
 * Copies of one article: a story remembers the copy keys of its first members — a fingerprint of the title's words
 * and of its summary's first words — so that an item with the same key, the same wire story published again by
 * another outlet a day or two later, joins it anywhere in the 72-hour window, however far the story's profile has
 * moved from that article's words. A column that comes back every day under one headline ("Stock market today: Dow,
 * S&P 500, Nasdaq close higher") differs in its summary, and has another key; a title too generic to name one
 * article ("Business in Brief", "10 Things You Need To Know Before The Opening Bell") has none. A feed without
 * summaries gives keys of its titles alone: there, a headline repeated days apart with the same words counts as a copy.
 */
import { fnv1a } from "./hosts.ts";

/** How many members' copy keys a story keeps: its first 32 (4 bytes each, 128 bytes in its summary). */
export const COPY_KEYS = 32;
/** How many words of the summary (else of the content) a copy key holds: its lede, short enough that feeds cutting
 * their summaries at different lengths still agree. */
export const COPY_LEDE_WORDS = 15;
/** Bytes of one key. */
const KEY_BYTES = 4;
/** A title names one article when it has at least this many terms… */
const MIN_TERMS = 4;
/** …of which at least `MIN_RARE_TERMS` weigh this much or more (`termWeight`: names, rare words, numbers). */
const RARE_WEIGHT = 12;
const MIN_RARE_TERMS = 2;

/**
 * The copy key of an item from its title's terms and its lede's (term → weight, as `itemFeatures` weighs words): a
 * 32-bit FNV-1a hash of the title's terms, then the lede's, each in code-point order, so that case, punctuation,
 * word order, inflections cut by the prefix and the lightest words do not matter. Null when the title is too generic
 * to name one article: fewer than 4 terms, or fewer than 2 weighing 12 or more.
 * @example copyKeyOf(new Map([["galavi", 15.4], ["nikki", 15.4], ["pablo", 12.3], ["bachel", 11.5]]), new Map()) // a number
 */
export function copyKeyOf(title: ReadonlyMap<string, number>, lede: ReadonlyMap<string, number>): number | null {
  if (title.size < MIN_TERMS) return null;
  let rare = 0;
  for (const weight of title.values()) if (weight >= RARE_WEIGHT) rare++;
  if (rare < MIN_RARE_TERMS) return null;
  return fnv1a(`${[...title.keys()].sort().join("\u0000")}\u0001${[...lede.keys()].sort().join("\u0000")}`);
}

/** The copy keys of a story: none yet. */
export function emptyCopies(): Uint8Array {
  return new Uint8Array(0);
}

/** `copies` with `key` added at the end, unless it is null, already there, or `COPY_KEYS` are kept already. */
export function withCopy(copies: Uint8Array, key: number | null): Uint8Array {
  if (key === null || holdsCopy(copies, key) || copies.length >= COPY_KEYS * KEY_BYTES) return copies;
  const out = new Uint8Array(copies.length + KEY_BYTES);
  out.set(copies);
  new DataView(out.buffer).setUint32(copies.length, key);
  return out;
}

/** Whether `copies` holds `key` (never for a null key). A damaged record (not whole keys) holds nothing. */
export function holdsCopy(copies: Uint8Array, key: number | null): boolean {
  if (key === null || copies.length % KEY_BYTES !== 0) return false;
  const view = new DataView(copies.buffer, copies.byteOffset, copies.byteLength);
  for (let at = 0; at < copies.length; at += KEY_BYTES) if (view.getUint32(at) === key) return true;
  return false;
}
