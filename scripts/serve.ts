/** `npm run serve`: the HTTP server alone, on the shared store; an edited configuration file is used from the next request. */
import { answerHelp, ENV_HELP } from "../local/help.ts";

const USAGE = "usage: npm run serve [-- --json]";
answerHelp(`${USAGE}

The HTTP server alone on 127.0.0.1:PORT, on the shared store, with the WebSub hub and due delivery retries;
edits of the configuration file followed. Ctrl-C stops it. Exits 2 for an invalid configuration or a bad
argument, 1 when it cannot start.

Options:
  --json      JSON lines (also LOG_FORMAT=json)
  -h, --help  this help

${ENV_HELP}`);

// Loaded once help is not asked: help answers without them.
const { configLocation } = await import("@tributary/core/config");
const { exitWithUsage, readArgsOrExit } = await import("../local/args.ts");
const { listenPortOrExit, loadConfigOrExit } = await import("../local/runtime.ts");
const { runStack } = await import("../local/stack.ts");
const { outputMode } = await import("../local/poll-output.ts");

const extra = readArgsOrExit("serve", USAGE, { flags: ["--json"] }).operands;
if (extra.length > 0) exitWithUsage("serve", USAGE, `unexpected argument ${extra[0]} (only --json is taken)`);
const file = configLocation();
const config = await loadConfigOrExit(file, { json: outputMode(process.argv.slice(2)) === "json" });
await runStack({ config, configFile: file, port: listenPortOrExit(), poll: false });
process.exit(0);
