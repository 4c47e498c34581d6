/**
 * `npm start`: embedded DynamoDB in `.data/`, a poll of the due sources at start (all on a fresh store) and every
 * `poll.minMinutes`, HTTP on PORT (3000); an edited configuration file is used from the next request and poll.
 */
import { configLocation } from "@tributary/core/config";
import { loadConfigOrExit } from "../local/runtime.ts";
import { runStack } from "../local/stack.ts";

const file = configLocation();
const config = await loadConfigOrExit(file);
await runStack({
  config,
  configFile: file,
  port: Number(process.env.PORT ?? 3000),
  poll: true,
  unreachableHint:
    "No source could be reached: this machine may be offline, or the feed URLs in tributary.config.ts may have moved. " +
    "Run `npm run demo` to see Tributary work offline on bundled feeds of invented articles.",
});
process.exit(0);
