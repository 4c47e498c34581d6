/** A fair semaphore: at most `concurrency` tasks at once overall and at most `perKey` for any one key. */

/** Limits of a Limiter. */
export interface LimiterOptions {
  /** Tasks running at once, over all keys. */
  concurrency: number;
  /** Tasks running at once for one key (a host). */
  perKey: number;
}

interface Waiter {
  key: string;
  grant: (release: () => void) => void;
}

/**
 * Hands out slots first come, first served; a waiter whose key is at its limit lets the ones behind it
 * pass, and keeps its place for the next free slot of its key.
 * @example
 * const limiter = new Limiter({ concurrency: 8, perKey: 2 });
 * await limiter.run("example.org", () => download());
 */
export class Limiter {
  readonly #concurrency: number;
  readonly #perKey: number;
  readonly #queue: Waiter[] = [];
  readonly #activeByKey = new Map<string, number>();
  #active = 0;

  constructor(options: LimiterOptions) {
    for (const [name, value] of Object.entries(options)) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`Limiter: ${name} must be a positive integer`);
    }
    this.#concurrency = options.concurrency;
    this.#perKey = options.perKey;
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active;
  }

  /** Tasks waiting for a slot. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Waits for a slot for `key`; the function it resolves to releases the slot (calling it again does nothing). */
  acquire(key: string): Promise<() => void> {
    return new Promise((grant) => {
      this.#queue.push({ key, grant });
      this.#pump();
    });
  }

  /** Runs `task` in a slot for `key` and releases the slot when it settles. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const release = await this.acquire(key);
    try {
      return await task();
    } finally {
      release();
    }
  }

  #pump(): void {
    for (let index = 0; index < this.#queue.length && this.#active < this.#concurrency; ) {
      const waiter = this.#queue[index] as Waiter;
      const running = this.#activeByKey.get(waiter.key) ?? 0;
      if (running >= this.#perKey) {
        index++;
        continue;
      }
      this.#queue.splice(index, 1);
      this.#active++;
      this.#activeByKey.set(waiter.key, running + 1);
      waiter.grant(this.#releaser(waiter.key));
    }
  }

  #releaser(key: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
      const running = (this.#activeByKey.get(key) ?? 1) - 1;
      if (running === 0) this.#activeByKey.delete(key);
      else this.#activeByKey.set(key, running);
      this.#pump();
    };
  }
}
