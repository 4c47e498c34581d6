/**
 * A small in-memory cache whose entries expire after `maxAgeMs`; the oldest entry goes first when full.
 * Each warm instance keeps its own; nothing in it outlives the age limit.
 * @example
 * const cache = new TtlCache<string>({ maxAgeMs: 10_000, maxEntries: 256, now: () => new Date() });
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();

  constructor(private readonly options: { maxAgeMs: number; maxEntries: number; now: () => Date }) {}

  /** The value under `key` when it is younger than the age limit. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.options.now().getTime() - entry.at >= this.options.maxAgeMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores `value` under `key`, evicting the oldest entries beyond the size limit. */
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.options.now().getTime() });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Number of entries held, expired ones included until they are next read. */
  get size(): number {
    return this.entries.size;
  }
}
