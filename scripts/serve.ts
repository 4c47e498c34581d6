/** `npm run serve`: the HTTP server alone, on the shared store; an edited configuration file is used from the next request. */
import { configLocation } from "@tributary/core/config";
import { answerHelp } from "../local/help.ts";
import { ENV_HELP, listenPortOrExit, loadConfigOrExit } from "../local/runtime.ts";
import { runStack } from "../local/stack.ts";

answerHelp(`usage: npm run serve [-- --json]

The HTTP server alone on 127.0.0.1:PORT, on the shared store, with the WebSub hub and due delivery retries;
edits of the configuration file followed. Ctrl-C stops it. Exits 2 for an invalid configuration, 1 when it
cannot start.

Options:
  --json      JSON lines (also LOG_FORMAT=json)
  -h, --help  this help

${ENV_HELP}`);

const file = configLocation();
const config = await loadConfigOrExit(file);
await runStack({ config, configFile: file, port: listenPortOrExit(), poll: false });
process.exit(0);
