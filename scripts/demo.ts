/**
 * `npm run demo`: the whole stack offline. A local feed server serves bundled snapshot feeds shaped like the
 * Responsible Statecraft sections (demo/feeds/, mirroring the site's feed paths; the articles in them are
 * invented, see demo/README.md) and Tributary polls them. Data is kept apart from `npm start`'s, in
 * `.data/demo/` (or `TRIBUTARY_DEMO_DATA`).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startFeedServer } from "../local/feed-server.ts";
import { exitOnStartupFailure, loadConfigOrExit } from "../local/runtime.ts";
import { runStack } from "../local/stack.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const config = await loadConfigOrExit(path.join(root, "tributary.config.ts"));
const publisher = await startFeedServer(path.join(root, "demo", "feeds"), { prefix: "/feeds/" }).catch(
  (error: unknown) => exitOnStartupFailure(error),
);
console.error(`demo: publishing invented snapshot feeds (demo/feeds/) at ${publisher.url}/feeds/`);

const demoConfig = {
  ...config,
  title: `${config.title} (demo)`,
  // The snapshots are fixed in time: keep them all visible.
  retentionDays: 3650,
  sources: config.sources.map((source) => ({ ...source, url: `${publisher.url}${new URL(source.url).pathname}` })),
};
await runStack({
  config: demoConfig,
  port: Number(process.env.PORT ?? 3000),
  poll: true,
  dataDir: process.env.TRIBUTARY_DEMO_DATA ?? process.env.TRIBUTARY_DATA ?? path.join(root, ".data", "demo"),
});
await publisher.close();
process.exit(0);
