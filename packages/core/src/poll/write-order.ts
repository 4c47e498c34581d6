/**
 * Writes to one record in the order their decisions were taken: a cycle's grouping decides its new items one after
 * another but writes them several at once, and a story's conditional writes (a posting or a summary at the version
 * the decision before it made) must reach the table in that order. Each decision reserves a turn on every record it
 * will write (`reserve`, synchronously, in decision order); its writes then wait for the turns before theirs.
 */

/** One decision's turns, by record key. */
export class Turns {
  readonly #turns: Map<string, { after: Promise<void>; done: () => void }>;

  constructor(turns: Map<string, { after: Promise<void>; done: () => void }>) {
    this.#turns = turns;
  }

  /**
   * Runs `write` on its turn of `key`: once every earlier turn of that key has ended. Its turn ends when `write`
   * settles. A key this decision did not reserve (or whose turn ended) runs at once.
   */
  async run<T>(key: string, write: () => Promise<T>): Promise<T> {
    const turn = this.#turns.get(key);
    if (!turn) return write();
    this.#turns.delete(key);
    await turn.after;
    try {
      return await write();
    } finally {
      turn.done();
    }
  }

  /** Gives up every turn not run: each ends once the turns before it have (the order of later ones holds). */
  release(): void {
    for (const { after, done } of this.#turns.values()) void after.then(done);
    this.#turns.clear();
  }
}

/** The turns reserved on each record key, in the order `reserve` was called. */
export class WriteOrder {
  /** The last turn reserved of each key still running. */
  readonly #tails = new Map<string, Promise<void>>();

  /**
   * Reserves the next turn of each of `keys` (duplicates count once). Every turn must be run or released, or the
   * turns after it never come.
   */
  reserve(keys: Iterable<string>): Turns {
    const turns = new Map<string, { after: Promise<void>; done: () => void }>();
    for (const key of new Set(keys)) {
      const after = this.#tails.get(key) ?? Promise.resolve();
      let done: () => void = () => undefined;
      const mine = new Promise<void>((resolve) => {
        done = resolve;
      });
      this.#tails.set(key, mine);
      void mine.then(() => {
        if (this.#tails.get(key) === mine) this.#tails.delete(key);
      });
      turns.set(key, { after, done });
    }
    return new Turns(turns);
  }

  /** Whether some turn of `key` has not ended. */
  busy(key: string): boolean {
    return this.#tails.has(key);
  }
}
