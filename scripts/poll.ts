/**
 * `npm run poll [-- --due | --source ID…] [-- --json]`: one poll cycle, then exit (0; 1 when storage fails; 2 for a
 * bad configuration, or an unknown or disabled `--source` id). `--source` polls those sources now, whatever the
 * schedule and backoff say (not a Retry-After); a gone one is skipped with a line on stderr. On a terminal: a line per source, progress and a summary; else JSON lines. After the cycle's
 * commit it sends the WebSub deliveries of the topics it changed and the retries that are due, waiting at most
 * 10 s for them (a line each on stderr); what is unfinished stays in the store. The summary is the last line.
 */

import { afterCycle } from "@tributary/core/websub";
import { localDeliveries, POLL_DELIVERY_WAIT_MS } from "../local/deliveries.ts";
import { parsePollArgs } from "../local/poll-args.ts";
import { outputMode, pollOnce } from "../local/poll-run.ts";
import { EXIT, loadConfigOrExit, openLocalStoreOrExit } from "../local/runtime.ts";

const argv = process.argv.slice(2);
// JSON lines with --json or LOG_FORMAT=json, or when stdout is not a terminal; lines for people otherwise.
const json = outputMode(argv) === "json";
const config = await loadConfigOrExit();
const args = parsePollArgs(argv, config);
if (!args.ok) {
  for (const problem of args.problems) console.error(problem);
  process.exit(EXIT.config);
}
const { selection } = args;
const local = await openLocalStoreOrExit(config, { log: json ? () => {} : undefined, json });
let status: number = EXIT.ok;
try {
  if (selection.mode === "ids") await sayGone(selection.ids);
  const deliveries = localDeliveries(config, local.store, { json });
  const result = await pollOnce({ config, store: local.store }, selection, json ? "json" : "terminal", {
    // The deliveries' lines come before the summary, which is the last line.
    beforeSummary: async (cycle) => {
      try {
        await afterCycle({ config, table: local.store, sender: deliveries }, cycle);
      } catch (error) {
        console.error(`websub: deliveries not queued: ${(error as Error).message}`);
      }
      await deliveries.stop(POLL_DELIVERY_WAIT_MS);
    },
  });
  if (result.storageFailed) status = EXIT.storage;
} catch (error) {
  console.error(`poll failed: ${(error as Error).message}`);
  status = EXIT.storage;
} finally {
  await local.close();
}
process.exit(status);

/** One line on stderr for each of `ids` that is gone (410): `--source` skips it. */
async function sayGone(ids: string[]): Promise<void> {
  const states = await local.store.sources.states(ids);
  for (const id of ids) {
    const state = states.get(id);
    const url = config.sources.find((source) => source.id === id)?.url;
    if (state?.status === "gone" && state.url === url) {
      console.error(`${id}: skipped: gone (its feed answered 410 Gone); a new URL in the configuration revives it`);
    }
  }
}
