/**
 * A command that starts the embedded engine and then fails with an error nobody catches, as a start-up step
 * after the store could (a bug, an unexpected failure): run by startup-failure.test.ts as a real process, which
 * checks that the engine did not outlive it. Argument: the data folder.
 */
import { validateConfig } from "@tributary/core/config";
import { openLocalStore } from "../../../local/runtime.ts";

const dataDir = process.argv[2] as string;
const config = validateConfig({
  title: "Failing",
  sources: [{ id: "a", url: "http://127.0.0.1:9/a.rss" }],
  topics: [{ slug: "all", title: "All", sources: ["*"] }],
});
const local = await openLocalStore(config, { dataDir, log: (line) => console.log(line) });
console.log(`engine running at ${local.engine?.endpoint}`);
throw new Error("a start-up step failed after the engine started");
