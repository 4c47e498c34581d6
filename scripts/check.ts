/** `npm run check`: validates the configuration and exits (0, or 2 with one line per problem). */
import { answerHelp } from "../local/help.ts";

answerHelp(`usage: npm run check

Validates the configuration (tributary.config.ts, or the TRIBUTARY_CONFIG file) and exits: 0 and
"ok: N sources, N topics", or 2 with one line per problem, naming its path.

Options:
  -h, --help  this help`);

// Loaded once help is not asked: help answers without them.
const { plural } = await import("../local/poll-wording.ts");
const { loadConfigOrExit } = await import("../local/runtime.ts");

const config = await loadConfigOrExit();
console.log(`ok: ${plural(config.sources.length, "source")}, ${plural(config.topics.length, "topic")}`);
