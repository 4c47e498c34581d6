/**
 * The hosts a story holds, as a Bloom filter of fixed size, so that a story's summary stays bounded however many
 * publishers carry it. The filter never forgets a host (no false "absent": the same-host rule always holds); it
 * may claim a host it does not hold (a false "present"), which only keeps an item out of that story. At 2,048 bits
 * and 3 hashes that happens to about 1 item in 200 for a story of 120 hosts and 1 in 20 at 320 hosts.
 */

/** Bytes of a story's host filter: 2,048 bits. */
export const HOST_FILTER_BYTES = 256;
/** Bit positions per host (Kirsch–Mitzenmacher double hashing of two 32-bit FNV-1a hashes). */
const HASHES = 3;

/** FNV-1a, 32 bits, over the UTF-16 code units of `text`, from `seed` (the FNV offset basis 0x811c9dc5 by default). */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The bit positions of a host. */
function positions(host: string): number[] {
  const bits = HOST_FILTER_BYTES * 8;
  const a = fnv1a(host, 0x811c9dc5);
  const b = fnv1a(host, 0x050c5d1f) | 1;
  return Array.from({ length: HASHES }, (_, i) => (a + Math.imul(i, b)) >>> 0).map((h) => h % bits);
}

/** An empty host filter. */
export function emptyHosts(): Uint8Array {
  return new Uint8Array(HOST_FILTER_BYTES);
}

/**
 * A copy of `filter` holding `host` too.
 * @throws RangeError when `filter` is not `HOST_FILTER_BYTES` long (a record damaged in storage).
 */
export function withHost(filter: Uint8Array, host: string): Uint8Array {
  if (filter.length !== HOST_FILTER_BYTES) {
    throw new RangeError(`stories: a host filter is ${HOST_FILTER_BYTES} bytes, got ${filter.length}`);
  }
  const out = new Uint8Array(filter);
  for (const bit of positions(host)) out[bit >> 3] = (out[bit >> 3] ?? 0) | (1 << (bit & 7));
  return out;
}

/** Whether `filter` may hold `host`: true for every host added, and rarely for another (see the module's doc). */
export function mayHoldHost(filter: Uint8Array, host: string): boolean {
  if (filter.length !== HOST_FILTER_BYTES) return true;
  return positions(host).every((bit) => ((filter[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0);
}
