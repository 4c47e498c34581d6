/** `npm run check`: validates the configuration and exits (0, or 2 with one line per problem). */
import { loadConfigOrExit } from "../local/runtime.ts";

const config = await loadConfigOrExit();
console.log(`ok: ${config.sources.length} sources, ${config.topics.length} topics`);
