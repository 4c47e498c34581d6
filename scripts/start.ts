/**
 * `npm start`: embedded DynamoDB in `.data/`, a poll of the due sources at start (all on a fresh store) and every
 * `poll.minMinutes`, HTTP on PORT (3000); an edited configuration file is used from the next request and poll.
 */
import { answerHelp, ENV_HELP } from "../local/help.ts";

const USAGE = "usage: npm start [-- --json]";
answerHelp(`${USAGE}

The local stack: the embedded DynamoDB (or DYNAMODB_ENDPOINT), a poll of every source at start, then of the due
sources every poll.minMinutes; the HTTP server on 127.0.0.1:PORT with the WebSub hub; edits of the configuration
file followed. Ctrl-C stops it. Exits 2 for an invalid configuration or a bad argument, 1 when it cannot start.

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

const extra = readArgsOrExit("start", USAGE, { flags: ["--json"] }).operands;
if (extra.length > 0) exitWithUsage("start", USAGE, `unexpected argument ${extra[0]} (only --json is taken)`);
const file = configLocation();
const config = await loadConfigOrExit(file, { json: outputMode(process.argv.slice(2)) === "json" });
await runStack({
  config,
  configFile: file,
  port: listenPortOrExit(),
  poll: true,
  unreachableHint:
    "No source could be reached: this machine may be offline, or the feed URLs in tributary.config.ts may have moved. " +
    "Run `npm run demo` to see Tributary work offline on bundled feeds of invented articles.",
});
process.exit(0);
