/** What the sources' feeds declared of themselves (titles, languages), kept a few minutes by a warm instance. */
import type { DeclaredLanguage } from "../config/index.ts";
import type { SourceState } from "../store/index.ts";

/** Titles and languages the sources' feeds gave themselves, by source id. */
export interface DeclaredBySources {
  titles: Map<string, string>;
  languages: Map<string, DeclaredLanguage>;
}

/**
 * Declared titles and languages read from the states of every configured source, kept for `maxAgeMs` (ms, by
 * the `now` clock) and shared by concurrent callers; a failed read is not kept.
 */
export class DeclaredCache {
  private entry: { at: number; read: Promise<DeclaredBySources> } | null = null;

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => Date,
  ) {}

  /** Whether a read is kept and younger than `maxAgeMs`. */
  fresh(): boolean {
    return this.entry !== null && this.now().getTime() - this.entry.at < this.maxAgeMs;
  }

  /** The kept read when fresh, else `read()`'s states, kept. */
  get(read: () => Promise<Map<string, SourceState>>): Promise<DeclaredBySources> {
    if (this.entry && this.fresh()) return this.entry.read;
    return this.keep(read());
  }

  /** Keeps what `states` (of every configured source) declare. */
  keep(states: Promise<Map<string, SourceState>>): Promise<DeclaredBySources> {
    const read = states.then((found) => {
      const titles = new Map<string, string>();
      const languages = new Map<string, DeclaredLanguage>();
      for (const [id, state] of found) {
        if (state.title) titles.set(id, state.title);
        languages.set(id, { language: state.language ?? null });
      }
      return { titles, languages };
    });
    const entry = { at: this.now().getTime(), read };
    this.entry = entry;
    read.catch(() => {
      if (this.entry === entry) this.entry = null;
    });
    return read;
  }
}
