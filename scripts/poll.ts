/**
 * `npm run poll [-- --due] [-- --json]`: one poll cycle, then exit (0; 1 when storage fails; 2 for a bad
 * configuration). On a terminal: a line per source, progress and a summary; else JSON lines. After the cycle's
 * commit it sends the WebSub deliveries of the topics it changed and the retries that are due, waiting at most
 * 10 s for them (a line each on stderr); what is unfinished stays in the store. The summary is the last line.
 */

import { afterCycle } from "@tributary/core/websub";
import { localDeliveries, POLL_DELIVERY_WAIT_MS } from "../local/deliveries.ts";
import { outputMode, pollOnce } from "../local/poll-run.ts";
import { EXIT, loadConfigOrExit, openLocalStoreOrExit } from "../local/runtime.ts";

const args = new Set(process.argv.slice(2));
// JSON lines with --json or LOG_FORMAT=json, or when stdout is not a terminal; lines for people otherwise.
const json = outputMode([...args]) === "json";
const config = await loadConfigOrExit();
const local = await openLocalStoreOrExit(config, { log: json ? () => {} : undefined, json });
let status: number = EXIT.ok;
try {
  const deliveries = localDeliveries(config, local.store, { json });
  const result = await pollOnce(
    { config, store: local.store },
    { mode: args.has("--due") ? "due" : "all" },
    json ? "json" : "terminal",
    {
      // The deliveries' lines come before the summary, which is the last line.
      beforeSummary: async (cycle) => {
        try {
          await afterCycle({ config, table: local.store, sender: deliveries }, cycle);
        } catch (error) {
          console.error(`websub: deliveries not queued: ${(error as Error).message}`);
        }
        await deliveries.stop(POLL_DELIVERY_WAIT_MS);
      },
    },
  );
  if (result.storageFailed) status = EXIT.storage;
} catch (error) {
  console.error(`poll failed: ${(error as Error).message}`);
  status = EXIT.storage;
} finally {
  await local.close();
}
process.exit(status);
