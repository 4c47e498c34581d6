/**
 * Article pages of the local stack (README, Full text): the process that polls fetches the page jobs its cycles
 * left, after each cycle and never inside it (`npm run poll` within its 10-second wait, `npm start` in the
 * background and every minute for the retries that come due). Jobs are claimed in the store, so processes sharing
 * one store never fetch one attempt twice; what a process leaves stays in the store for the next.
 */
import type { Config } from "@tributary/core/config";
import type { Fetcher } from "@tributary/core/fetch";
import { type PageReport, runPageJobs } from "@tributary/core/fulltext";
import type { ListKey, Store } from "@tributary/core/store";
import { sayLine } from "./say.ts";

/** How often `npm start` looks for page jobs that have come due (retries after 1, 10 and 60 minutes). */
export const PAGE_SWEEP_MS = 60_000;

/** The local runner of page jobs. */
export interface LocalPages {
  /**
   * Runs the due jobs until they are done or `deadline` (epoch ms) passes, then claims no more (the jobs under way
   * finish in the background, or, if the process exits, are due again once their claims lapse).
   * @returns the lists whose items got their article so far
   */
  runUntil(deadline: number): Promise<ListKey[]>;
  /** Starts a run now unless one is under way (or one more after it); `onChanged` gets the lists it changed. */
  runSoon(): void;
  /** A run every `intervalMs` (default `PAGE_SWEEP_MS`). */
  startSweeping(intervalMs?: number): void;
  /** Uses `config` and `fetcher` from now on (a reloaded configuration). */
  useConfig(config: Config, fetcher: Fetcher): void;
  /** Stops sweeping and claims nothing more; waits at most `ms` for the run under way. */
  stop(ms: number): Promise<void>;
}

/**
 * One line per page on stderr, so a command's stdout stays its own: words (`full text: URL article stored`), or
 * the JSON line `{"event":"full-text","itemId","url","outcome","reason"?,"retryAt"?}` (`PageReport`).
 */
export function logPage(report: PageReport, json: boolean): void {
  if (json) {
    console.error(JSON.stringify({ event: "full-text", ...report }));
    return;
  }
  const words: Record<PageReport["outcome"], string> = {
    stored: "article stored",
    refused: `page refused, the feed's content kept: ${report.reason}`,
    retrying: `failed: ${report.reason}; retry at ${report.retryAt ?? "once its claim lapses"}`,
    failed: `failed for the last time, feed's content kept: ${report.reason}`,
    dropped: `not fetched: ${report.reason}`,
  };
  console.error(`full text: ${report.url} ${words[report.outcome]}`);
}

/**
 * The local runner of a store's page jobs. `onChanged` is handed the lists each run changed (to queue their
 * WebSub deliveries).
 */
export function localPages(
  initial: { config: Config; store: Store; fetcher: Fetcher },
  options: { json?: boolean; onChanged?: (lists: ListKey[]) => Promise<void> | void } = {},
): LocalPages {
  let { config, fetcher } = initial;
  const { store } = initial;
  const abort = new AbortController();
  let round: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const runOnce = async (changed: Set<ListKey>, signal: AbortSignal) => {
    try {
      await runPageJobs({
        config,
        store,
        fetcher,
        signal,
        changed,
        onPage: (report) => {
          if (!signal.aborted) logPage(report, options.json ?? false);
        },
      });
    } catch (error) {
      if (signal.aborted) return;
      const message = (error as Error).message;
      sayLine(
        options.json ?? false,
        "full-text-error",
        { error: message },
        `full text: page jobs not read: ${message}`,
      );
    }
  };
  const background = async () => {
    do {
      again = false;
      const changed = new Set<ListKey>();
      await runOnce(changed, abort.signal);
      if (changed.size > 0 && !abort.signal.aborted) await options.onChanged?.([...changed]);
    } while (again && !abort.signal.aborted);
  };

  return {
    async runUntil(deadline) {
      const changed = new Set<ListKey>();
      const stopClaiming = new AbortController();
      let waited: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => (waited = setTimeout(resolve, Math.max(0, deadline - Date.now()))));
      await Promise.race([runOnce(changed, stopClaiming.signal), limit]);
      clearTimeout(waited);
      stopClaiming.abort();
      return [...changed];
    },
    runSoon() {
      if (abort.signal.aborted) return;
      if (round) {
        again = true;
        return;
      }
      round = background()
        .catch(() => {})
        .finally(() => (round = null));
    },
    startSweeping(intervalMs = PAGE_SWEEP_MS) {
      timer = setInterval(() => this.runSoon(), intervalMs);
    },
    useConfig(next, nextFetcher) {
      config = next;
      fetcher = nextFetcher;
    },
    async stop(ms) {
      clearInterval(timer);
      abort.abort();
      let waited: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => (waited = setTimeout(resolve, ms)));
      await Promise.race([round ?? Promise.resolve(), limit]);
      clearTimeout(waited);
    },
  };
}
