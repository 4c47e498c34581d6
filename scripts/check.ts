/** `npm run check`: validates the configuration and exits (0, or 2 with one line per problem). */
import { answerHelp } from "../local/help.ts";

const USAGE = "usage: npm run check";
answerHelp(`${USAGE}

Validates the configuration (tributary.config.ts, or the TRIBUTARY_CONFIG file) and exits: 0 and
"ok: N sources, N topics", or 2 with one line per problem, naming its path (2 also for an argument: it takes
none).

Options:
  -h, --help  this help`);

// Loaded once help is not asked: help answers without them.
const { plural } = await import("../local/poll-wording.ts");
const { readArgsOrExit, exitWithUsage } = await import("../local/args.ts");
const { loadConfigOrExit } = await import("../local/runtime.ts");

const extra = readArgsOrExit("check", USAGE).operands;
if (extra.length > 0) exitWithUsage("check", USAGE, `unexpected argument ${extra[0]} (check takes none)`);

const config = await loadConfigOrExit();
console.log(`ok: ${plural(config.sources.length, "source")}, ${plural(config.topics.length, "topic")}`);
