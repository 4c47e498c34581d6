/**
 * Writes to one record in the order their decisions were taken: a cycle's grouping decides its new items one after
 * another but writes them several at once, and a story's conditional writes (a posting or a summary at the version
 * the decision before made) must reach the table in that order, each only when the one before it was written as
 * decided. Each decision reserves a turn on every record it will write (`reserve`, synchronously, in decision
 * order); its writes then wait for the turns before theirs.
 */

/** One turn: when the turns before it have ended (true: each was written as decided), and how it ends. */
interface Turn {
  after: Promise<boolean>;
  done: (written: boolean) => void;
}

/** One decision's turns, by record key. */
export class Turns {
  readonly #turns: Map<string, Turn>;

  constructor(turns: Map<string, Turn>) {
    this.#turns = turns;
  }

  /**
   * Runs `write` on its turn of `key`, once every earlier turn of that key has ended, and only when each was written
   * as decided: a write decided on a state that was not written is not sent (false, as a failed condition) — unless
   * `anyway` (a write that reads what it writes over, such as a story's card). The turn ends with `write`'s answer
   * (true: written as decided). A key this decision did not reserve runs at once.
   */
  async run(key: string, write: () => Promise<boolean>, anyway = false): Promise<boolean> {
    const turn = this.#turns.get(key);
    if (!turn) return write();
    this.#turns.delete(key);
    let written = false;
    try {
      if (!(await turn.after) && !anyway) return false;
      written = await write();
      return written;
    } finally {
      turn.done(written);
    }
  }

  /** Gives up every turn not run: each ends, as not written, once the turns before it have. */
  release(): void {
    for (const { after, done } of this.#turns.values()) void after.then(() => done(false));
    this.#turns.clear();
  }
}

/** The turns reserved on each record key, in the order `reserve` was called. */
export class WriteOrder {
  /** The last turn reserved of each key still running. */
  readonly #tails = new Map<string, Promise<boolean>>();

  /**
   * Reserves the next turn of each of `keys` (duplicates count once). Every turn must be run or released, or the
   * turns after it never come.
   */
  reserve(keys: Iterable<string>): Turns {
    const turns = new Map<string, Turn>();
    for (const key of new Set(keys)) {
      const after = this.#tails.get(key) ?? Promise.resolve(true);
      let done: (written: boolean) => void = () => undefined;
      const mine = new Promise<boolean>((resolve) => {
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
}
