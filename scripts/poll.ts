/**
 * `npm run poll [-- --due] [-- --json]`: one poll cycle, then exit (0; 1 when storage fails; 2 for a bad
 * configuration). On a terminal: a line per source, progress and a summary; else JSON lines, the summary last.
 * After the cycle's commit it sends the WebSub deliveries of the topics it changed and the retries that are
 * due, waiting at most 10 s for them; what is unfinished stays in the store (lines about them on stderr).
 */

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
  const result = await pollOnce(
    { config, store: local.store },
    { mode: args.has("--due") ? "due" : "all" },
    json ? "json" : "terminal",
  );
  if (result.storageFailed) status = EXIT.storage;
  const deliveries = localDeliveries(config, local.store, { json });
  try {
    await deliveries.afterCycle(result);
  } catch (error) {
    console.error(`websub: deliveries not queued: ${(error as Error).message}`);
  }
  await deliveries.stop(POLL_DELIVERY_WAIT_MS);
} catch (error) {
  console.error(`poll failed: ${(error as Error).message}`);
  status = EXIT.storage;
} finally {
  await local.close();
}
process.exit(status);
