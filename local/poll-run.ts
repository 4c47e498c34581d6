import type { Config } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { type CycleResult, type CycleSelection, heldBack, runCycle } from "@tributary/core/poll";
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
import { skipEvent, skipLine } from "./poll-wording.ts";
import { sayLine } from "./say.ts";

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
 * Where topics are synced (at cycle start, and when the local stack reloads its configuration), the WebSub
 * subscriptions of topics that left the configuration (all of them with WebSub off) end, each subscriber told with
 * a `hub.mode=denied` notice (loopback callbacks allowed locally; SPEC §4 WebSub). Ended subscriptions are removed,
 * so a later call tells nobody twice. A failure is said on stderr (`{"event":"websub-end-error","error"}` when
 * `json`) and stops neither the poll nor the reload.
 */
export async function endSubscriptionsOfGoneTopics(config: Config, store: Store, json = false): Promise<void> {
  try {
    await endStaleSubscriptions({ config, table: store, callbacks: hubCallbacks("allowed") });
  } catch (error) {
    const message = (error as Error).message;
    sayLine(
      json,
      "websub-end-error",
      { error: message },
      `websub: could not end the subscriptions of gone topics: ${message}`,
    );
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
  await sayHeldBack(deps, selection, output === "json");
  const reporter: (CycleReporter & { stop?: () => void }) | null = reporterFor(deps.config, selection, output, options);
  await endSubscriptionsOfGoneTopics(deps.config, deps.store, output === "json");
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

/**
 * One line on stderr for each source the cycle skips though it was asked for (`heldBack`): with `--source`, a gone
 * (410) one or one a Retry-After holds back; in a cycle of every source, one a Retry-After holds back (gone and
 * disabled ones are left out of it by definition). Only held-back sources are read: the ids given, or the held
 * index. A state of another URL is none: the new URL revives the source. Nothing for `due`: the schedule's own.
 * Words for people (`skipLine`), or with `json` the JSON line `{"event":"skipped",…}` (`skipEvent`).
 * @throws StorageError
 */
async function sayHeldBack(
  deps: { config: Config; store: Store },
  selection: CycleSelection,
  json: boolean,
): Promise<void> {
  if (selection.mode !== "ids" && selection.mode !== "all") return;
  const asked = selection.mode === "ids" ? selection.ids : [...(await deps.store.sources.held()).keys()];
  const enabled = new Map(deps.config.sources.filter((s) => s.enabled !== false).map((s) => [s.id, s.url]));
  const wanted = asked.filter((id) => enabled.has(id));
  if (wanted.length === 0) return;
  const states = await deps.store.sources.states(wanted);
  const now = new Date();
  for (const id of wanted) {
    const state = states.get(id);
    const held = state?.url === enabled.get(id) ? heldBack(state, now) : null;
    if (!held || (selection.mode !== "ids" && held.reason !== "retry-after")) continue;
    sayLine(json, "skipped", skipEvent(id, held), skipLine(id, held, selection.mode === "ids"));
  }
}
