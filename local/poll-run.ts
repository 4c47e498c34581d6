import type { Config } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { type CycleResult, type CycleSelection, runCycle } from "@tributary/core/poll";
import type { Store } from "@tributary/core/store";
import { endStaleSubscriptions, hubCallbacks } from "@tributary/core/websub";
import {
  type CycleReporter,
  idColumnWidth,
  jsonReporter,
  type Out,
  type PollOutput,
  terminalReporter,
} from "./poll-output.ts";

export { outputMode, type PollOutput } from "./poll-output.ts";

/** A fetcher with the configuration's limits. */
export function fetcherFor(config: Config): Fetcher {
  const { concurrency, perHost, timeoutMs, maxBytes } = config.poll;
  return new Fetcher({ concurrency, perHost, timeoutMs, maxBytes });
}

/**
 * Where and how a cycle is reported: `out` (default stdout); `onlyNews` lists only sources with news or errors;
 * `beforeSummary` is work that follows the cycle and prints lines of its own (WebSub deliveries): it runs once the
 * cycle has committed, and the summary waits for it, so the summary stays the last line (as README says of `npm run poll`).
 */
export interface ReportOptions {
  out?: Out;
  onlyNews?: boolean;
  beforeSummary?: (result: CycleResult) => Promise<void>;
}

function reporterFor(config: Config, selection: CycleSelection, output: PollOutput, options: ReportOptions) {
  const out = options.out ?? process.stdout;
  if (output === "json") return jsonReporter(out, selection);
  if (output === "quiet") return null;
  return terminalReporter(out, { idWidth: idColumnWidth(config.sources), onlyNews: options.onlyNews });
}

/**
 * Where topics are synced at cycle start, the WebSub subscriptions of topics that left the configuration (all of
 * them with WebSub off) end, each subscriber told with a `hub.mode=denied` notice (loopback callbacks allowed
 * locally). A failure is said on stderr and does not stop the poll.
 */
async function endSubscriptionsOfGoneTopics(config: Config, store: Store): Promise<void> {
  try {
    await endStaleSubscriptions({ config, table: store, callbacks: hubCallbacks("allowed") });
  } catch (error) {
    console.error(`websub: could not end the subscriptions of gone topics: ${(error as Error).message}`);
  }
}

/**
 * Runs one cycle and reports it as `output` says: JSON lines (the summary last, once), lines for people
 * (a line per source, progress, one summary), or nothing. `options.beforeSummary` runs between the cycle and
 * the summary (the progress line gone first); the summary is printed even when it throws, and gives the
 * cycle's own duration.
 */
export async function pollOnce(
  deps: { config: Config; store: Store; fetcher?: Fetcher },
  selection: CycleSelection,
  output: PollOutput,
  options: ReportOptions = {},
): Promise<CycleResult> {
  const started = Date.now();
  const reporter: (CycleReporter & { stop?: () => void }) | null = reporterFor(deps.config, selection, output, options);
  await endSubscriptionsOfGoneTopics(deps.config, deps.store);
  try {
    const result = await runCycle(
      {
        config: deps.config,
        store: deps.store,
        fetcher: deps.fetcher ?? fetcherFor(deps.config),
        onSource: (report, done, total) => reporter?.source(report, done, total),
      },
      selection,
    );
    const ms = Date.now() - started;
    if (options.beforeSummary) {
      reporter?.stop?.();
      try {
        await options.beforeSummary(result);
      } finally {
        reporter?.finish(result, ms);
      }
    } else reporter?.finish(result, ms);
    return result;
  } finally {
    reporter?.stop?.();
  }
}
