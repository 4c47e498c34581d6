/**
 * WebSub deliveries of the local stack (README, WebSub): the process that polls delivers after each cycle's commit
 * (`afterCycle` queues them, then hands them to this sender), and whichever local process runs next sends the
 * retries that have come due. Attempts run beside the poll,
 * never inside it; a round claims each delivery before sending it, so processes sharing one store never send
 * one attempt twice.
 */
import type { Config } from "@tributary/core/config";
import { CallbackClient } from "@tributary/core/fetch";
import { Reader } from "@tributary/core/read";
import type { Store } from "@tributary/core/store";
import {
  type DeliveryDeps,
  type DeliveryReport,
  type DeliverySender,
  sendDueDeliveries,
  topicFeedRenderer,
} from "@tributary/core/websub";

/**
 * How long `npm run poll` waits in all after the cycle's commit, in milliseconds, for its deliveries and article
 * pages together: a one-shot run delivers what it changed before it exits; what is still under way then is left
 * in the store for the next process.
 */
export const POLL_DELIVERY_WAIT_MS = 10_000;
/** How often `npm start` and `npm run serve` look for due retries, in milliseconds. */
export const RETRY_SWEEP_MS = 15_000;
/** Whole attempt, connect to last byte, in milliseconds. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** The local sender: `afterCycle` hands it what a cycle queued. */
export interface LocalDeliveries extends DeliverySender {
  /** Starts a round of every due delivery, those just queued included, and returns at once (`afterCycle`'s sender). */
  send(ids: readonly string[]): void;
  /** Uses `config` from now on (a reloaded configuration): WebSub on or off, the public origin, the feeds rendered. */
  useConfig(config: Config): void;
  /** Starts a round of due deliveries, or one more after the running one; resolves when no round runs. */
  sendDue(): Promise<void>;
  /** A round every `intervalMs` (default `RETRY_SWEEP_MS`), the first now. */
  startSweeping(intervalMs?: number): void;
  /**
   * Stops sweeping, waits at most `ms` for the rounds under way, then claims nothing more and prints nothing
   * more: what is left stays in the store for the next process (an attempt cut short is retried once its claim
   * lapses), said in one line on stderr. Resolves true when no round was left under way.
   */
  stop(ms: number): Promise<boolean>;
}

/** One line per attempt on stderr (JSON lines or words), so a command's stdout stays its own. */
export function logDelivery(report: DeliveryReport, json: boolean): void {
  if (json) {
    console.error(JSON.stringify({ event: "websub-delivery", ...report }));
    return;
  }
  const answer = report.status !== undefined ? `HTTP ${report.status}` : (report.error ?? "");
  const words: Record<DeliveryReport["outcome"], string> = {
    delivered: `delivered (${answer})`,
    retrying: `failed: ${answer}; retry at ${report.retryAt}`,
    dropped: `dropped after attempt ${report.attempt}: ${answer}`,
    ended: "subscription ended by the subscriber (410 Gone)",
    expired: "not sent: the subscription has ended",
    error: `not sent: ${report.error}`,
  };
  console.error(`websub: ${report.callback} ${words[report.outcome]}`);
}

/** The line that says deliveries were still under way when a process stopped waiting for them (stderr). */
export function logUnfinished(waitedMs: number, json: boolean): void {
  if (json) console.error(JSON.stringify({ event: "websub-unfinished", waitedMs }));
  else console.error(`websub: deliveries still under way after ${waitedMs} ms are left to the next local process`);
}

/**
 * The local sender of a store's deliveries. With WebSub turned off in the configuration it sends nothing.
 * `overrides` replaces dependencies (tests: a clock, callbacks).
 */
export function localDeliveries(
  initial: Config,
  store: Store,
  options: { json?: boolean; overrides?: Partial<DeliveryDeps> } = {},
): LocalDeliveries {
  let config = initial;
  const abort = new AbortController();
  const deps: DeliveryDeps = {
    table: store,
    callbacks: new CallbackClient({ timeoutMs: DELIVERY_TIMEOUT_MS, maxBytes: 4096, internal: "allowed" }),
    render: topicFeedRenderer(new Reader({ config, store })),
    baseUrl: config.baseUrl ?? null,
    claimMs: DELIVERY_TIMEOUT_MS + 20_000,
    // Nothing is printed once stopped: the command's last lines (a poll's summary) follow the stop.
    onReport: (report) => {
      if (!stopped) logDelivery(report, options.json ?? false);
    },
    signal: abort.signal,
    ...options.overrides,
  };
  let stopped = false;
  let round: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const run = async () => {
    do {
      again = false;
      try {
        await sendDueDeliveries(deps);
      } catch (error) {
        if (stopped) break;
        logDelivery(
          { id: "", callback: "(due deliveries)", attempt: 0, outcome: "error", error: (error as Error).message },
          options.json ?? false,
        );
      }
    } while (again && !abort.signal.aborted);
  };
  const sendDue = (): Promise<void> => {
    if (!config.websub.enabled || abort.signal.aborted) return Promise.resolve();
    if (round) {
      again = true;
      return round;
    }
    round = run().finally(() => (round = null));
    return round;
  };

  return {
    useConfig(next) {
      config = next;
      deps.render = topicFeedRenderer(new Reader({ config: next, store }));
      deps.baseUrl = next.baseUrl ?? null;
    },
    send() {
      void sendDue();
    },
    sendDue,
    startSweeping(intervalMs = RETRY_SWEEP_MS) {
      void sendDue();
      timer = setInterval(() => void sendDue(), intervalMs);
    },
    async stop(ms) {
      clearInterval(timer);
      let waited: NodeJS.Timeout | undefined;
      const limit = new Promise<boolean>((resolve) => (waited = setTimeout(() => resolve(false), ms)));
      const finished = await Promise.race([(round ?? Promise.resolve()).then(() => true), limit]);
      clearTimeout(waited);
      abort.abort();
      stopped = true;
      if (!finished) logUnfinished(ms, options.json ?? false);
      return finished;
    },
  };
}
