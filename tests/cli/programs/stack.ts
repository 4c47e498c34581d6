/**
 * The local stack with a page sweep every 100 ms, run by stack-pages.test.ts as a real process: `serve` is the
 * stack of `npm run serve` (no polling), `start` that of `npm start`. Arguments: serve|start, the port. The
 * configuration is `TRIBUTARY_CONFIG`'s, the store `DYNAMODB_ENDPOINT`'s table `TABLE_NAME`.
 */
import { configLocation } from "@tributary/core/config";
import { loadConfigOrExit } from "../../../local/runtime.ts";
import { runStack } from "../../../local/stack.ts";

const [mode, port] = process.argv.slice(2);
const config = await loadConfigOrExit(configLocation());
await runStack({ config, port: Number(port), poll: mode === "start", output: "json", pageSweepMs: 100 });
process.exit(0);
