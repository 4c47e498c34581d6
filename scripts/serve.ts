/** `npm run serve`: the HTTP server alone, on the shared store. */
import { loadConfigOrExit } from "../local/runtime.ts";
import { runStack } from "../local/stack.ts";

const config = await loadConfigOrExit();
await runStack({ config, port: Number(process.env.PORT ?? 3000), poll: false });
process.exit(0);
