import type { Config } from "../packages/core/src/config/index.ts";
import { Fetcher } from "../packages/core/src/fetch/index.ts";
import { type CycleResult, type CycleSelection, formatTable, runCycle } from "../packages/core/src/poll/index.ts";
import type { Store } from "../packages/core/src/store/index.ts";

/** How a cycle reports: JSON lines (logs, `--json`, no terminal) or progress and a table (a terminal). */
export type PollOutput = "json" | "terminal" | "quiet";

/** A fetcher with the configuration's limits. */
export function fetcherFor(config: Config): Fetcher {
  const { concurrency, perHost, timeoutMs, maxBytes } = config.poll;
  return new Fetcher({ concurrency, perHost, timeoutMs, maxBytes });
}

/** Runs one cycle and reports it: one JSON line per source and per cycle, the summary last. */
export async function pollOnce(
  deps: { config: Config; store: Store; fetcher?: Fetcher },
  selection: CycleSelection,
  output: PollOutput,
): Promise<CycleResult> {
  const started = Date.now();
  let failures = 0;
  const result = await runCycle(
    {
      config: deps.config,
      store: deps.store,
      fetcher: deps.fetcher ?? fetcherFor(deps.config),
      onSource: (report, done, total) => {
        if (report.outcome === "failed" || report.outcome === "storage-error") failures++;
        if (output === "json") {
          const { id, outcome, status, ms, bytes, error } = report;
          console.log(
            JSON.stringify({
              event: "source",
              id,
              result: outcome,
              status,
              ms,
              bytes,
              new: report.new,
              updated: report.updated,
              unchanged: report.unchanged,
              ...(error ? { error } : {}),
            }),
          );
        } else if (output === "terminal") {
          process.stderr.write(`\rpolling: ${done}/${total} sources done, ${failures} failed   `);
        }
      },
    },
    selection,
  );
  if (output === "json") {
    console.log(
      JSON.stringify({
        event: "cycle",
        mode: selection.mode,
        ms: Date.now() - started,
        ...result.summary,
        storageError: result.storageError,
      }),
    );
    console.log(JSON.stringify(result.summary));
  } else if (output === "terminal") {
    process.stderr.write("\n");
    if (result.reports.length > 0) console.log(formatTable(result.reports));
    const s = result.summary;
    console.log(
      `\n${s.sources} sources: ${s.fetched} fetched, ${s.notModified} not modified, ${s.failed} failed; ` +
        `items: ${s.itemsNew} new, ${s.itemsUpdated} updated, ${s.itemsUnchanged} unchanged (${Date.now() - started} ms)`,
    );
    if (result.storageError) console.log(`storage failed: ${result.storageError}`);
  }
  return result;
}
