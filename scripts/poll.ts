/**
 * `npm run poll [-- --due | --source ID…] [-- --json]`: one poll cycle, then exit (0; 1 when storage fails; 2 for a
 * bad configuration, or an unknown or disabled `--source` id). `--source` polls those sources now, whatever the
 * schedule and backoff say; a gone one, or one a Retry-After still holds back, is skipped with a line on stderr (until
 * when; a cycle of every source says the Retry-After ones too). A line per source and a summary (progress and colours
 * on a terminal); JSON lines with `--json` or `LOG_FORMAT=json`. After the cycle's commit it sends the WebSub deliveries of
 * the topics it changed and the retries that are due, and fetches the article pages that are due (full text),
 * waiting at most 10 s in all for both (a line each on stderr); what is unfinished stays in the store. The summary
 * is the last line.
 */
import { answerHelp, ENV_HELP } from "../local/help.ts";

const USAGE = "usage: npm run poll [-- --due | --source ID…] [-- --json]";
answerHelp(`${USAGE}

One poll cycle, then exit: every source but gone and disabled ones; a line per source and a summary. Then the
WebSub deliveries of the topics it changed and the due article pages, waiting at most 10 s for both. Exits 0 when
the cycle ran, 2 for an invalid configuration or a bad option, 1 when storage fails.

Options:
  --due          only the sources whose next fetch time has come (backoff included)
  --source ID…   only those sources, now (--source=ID too; unknown or disabled ids exit 2)
  --json         JSON lines, the summary last (also LOG_FORMAT=json)
  -h, --help     this help

${ENV_HELP}`);

// Loaded once help is not asked: help answers without them.
const { afterCycle } = await import("@tributary/core/websub");
const { localDeliveries, POLL_DELIVERY_WAIT_MS } = await import("../local/deliveries.ts");
const { localPages } = await import("../local/pages.ts");
const { parsePollArgs } = await import("../local/poll-args.ts");
const { fetcherFor, outputMode, pollOnce } = await import("../local/poll-run.ts");
const { EXIT, loadConfigOrExit, openLocalStoreOrExit } = await import("../local/runtime.ts");
const { sayLine } = await import("../local/say.ts");

const argv = process.argv.slice(2);
// JSON lines with --json or LOG_FORMAT=json; lines for people otherwise (plain when stdout is not a terminal).
const json = outputMode(argv) === "json";
const config = await loadConfigOrExit(undefined, { json });
const args = parsePollArgs(argv, config);
if (!args.ok) {
  // Each problem on a line of its own, then the usage line: exit status 2, as every command's usage error.
  console.error(`${args.problems.map((problem) => `poll: ${problem}`).join("\n")}\n${USAGE}`);
  process.exit(EXIT.config);
}
const { selection } = args;
const local = await openLocalStoreOrExit(config, { log: json ? () => {} : undefined, json });
let status: number = EXIT.ok;
try {
  const deliveries = localDeliveries(config, local.store, { json });
  const fetcher = fetcherFor(config);
  const pages = localPages({ config, store: local.store, fetcher }, { json });
  const queueDeliveries = async (changedLists: Parameters<typeof afterCycle>[1]["changedLists"]) => {
    try {
      await afterCycle({ config, table: local.store, sender: deliveries }, { changedLists });
    } catch (error) {
      const message = (error as Error).message;
      sayLine(json, "websub-queue-error", { error: message }, `websub: deliveries not queued: ${message}`);
    }
  };
  const result = await pollOnce({ config, store: local.store, fetcher }, selection, json ? "json" : "terminal", {
    // The deliveries' and pages' lines come before the summary, which is the last line. Deliveries and pages
    // share one wait of at most 10 s; the deliveries of the topics whose items got their article go out in it.
    beforeSummary: async (cycle) => {
      const deadline = Date.now() + POLL_DELIVERY_WAIT_MS;
      await queueDeliveries(cycle.changedLists);
      const changed = await pages.runUntil(deadline);
      if (changed.length > 0) await queueDeliveries(changed);
      await deliveries.stop(Math.max(0, deadline - Date.now()));
    },
  });
  if (result.storageFailed) status = EXIT.storage;
} catch (error) {
  const message = (error as Error).message;
  sayLine(json, "cycle-error", { error: message }, `poll failed: ${message}`);
  status = EXIT.storage;
} finally {
  await local.close();
}
process.exit(status);
