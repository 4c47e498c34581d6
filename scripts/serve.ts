/** `npm run serve`: the HTTP server alone, on the shared store; an edited configuration file is used from the next request. */
import { configLocation } from "@tributary/core/config";
import { loadConfigOrExit } from "../local/runtime.ts";
import { runStack } from "../local/stack.ts";

const file = configLocation();
const config = await loadConfigOrExit(file);
await runStack({ config, configFile: file, port: Number(process.env.PORT ?? 3000), poll: false });
process.exit(0);
