/**
 * `npm run demo`: the whole stack offline. A local feed server serves bundled snapshot feeds shaped like the
 * Responsible Statecraft sections (demo/feeds/, mirroring the site's feed paths; the articles in them are
 * invented, see demo/README.md) and their images (demo/images/), and Tributary polls them. Data is kept apart from
 * `npm start`'s, in `.data/demo/` (or `TRIBUTARY_DEMO_DATA`).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "@tributary/core/config";
import { answerHelp, envHelp } from "../local/help.ts";

const USAGE = "usage: npm run demo [-- --json]";
answerHelp(`${USAGE}

The whole stack offline: a local feed server publishes bundled feeds of invented articles (demo/feeds/) and
Tributary polls and serves them, as npm start does, on 127.0.0.1:PORT. Data in .data/demo/ (or
TRIBUTARY_DEMO_DATA). Its configuration is always tributary.config.ts (not TRIBUTARY_CONFIG: the bundled feeds
are its sources'), with the sources pointed at the local feed server. Ctrl-C stops it.

Options:
  --json      JSON lines (also LOG_FORMAT=json)
  -h, --help  this help

${envHelp(["TRIBUTARY_CONFIG"])}
  TRIBUTARY_DEMO_DATA  the demo's data folder (.data/demo)`);

// Loaded once help is not asked: help answers without them.
const { portFree } = await import("../local/engine.ts");
const { startFeedServer } = await import("../local/feed-server.ts");
const { exitWithUsage, readArgsOrExit } = await import("../local/args.ts");
const { exitOnStartupFailure, listenPortOrExit, loadConfigOrExit } = await import("../local/runtime.ts");
const { runStack } = await import("../local/stack.ts");
const { outputMode } = await import("../local/poll-output.ts");
const { sayLine } = await import("../local/say.ts");

const extra = readArgsOrExit("demo", USAGE, { flags: ["--json"] }).operands;
if (extra.length > 0) exitWithUsage("demo", USAGE, `unexpected argument ${extra[0]} (only --json is taken)`);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Always the repository's own configuration: the bundled feeds are those of its sources, found by their paths.
const file = path.join(root, "tributary.config.ts");
const json = outputMode(process.argv.slice(2)) === "json";
if (process.env.TRIBUTARY_CONFIG) {
  sayLine(
    json,
    "demo-config",
    { file, unused: "TRIBUTARY_CONFIG" },
    `demo: TRIBUTARY_CONFIG is not used: the demo runs ${file}, whose sources the bundled feeds are`,
  );
}
const config = await loadConfigOrExit(file, { json });
// PORT is checked before anything starts: a bad value costs no feed server.
const port = listenPortOrExit();
const dataDir = process.env.TRIBUTARY_DEMO_DATA ?? process.env.TRIBUTARY_DATA ?? path.join(root, ".data", "demo");

/**
 * The feed server's port of the last run, when it is free again: items keep the image URLs they were stored with,
 * and the sources their URLs, so a new run serves the same addresses (else any free port).
 */
async function rememberedPort(file: string): Promise<number> {
  const port = Number(readFileSync(file, "utf8").trim());
  return Number.isInteger(port) && port > 0 && (await portFree(port)) ? port : 0;
}

const portFile = path.join(dataDir, "demo-feed-server-port");
const publisher = await startFeedServer(path.join(root, "demo", "feeds"), {
  prefix: "/feeds/",
  mounts: [{ prefix: "/images/", dir: path.join(root, "demo", "images") }],
  port: await rememberedPort(portFile).catch(() => 0),
}).catch((error: unknown) => exitOnStartupFailure(error));
mkdirSync(dataDir, { recursive: true });
writeFileSync(portFile, `${new URL(publisher.url).port}\n`);
sayLine(
  json,
  "demo-publishing",
  { url: `${publisher.url}/feeds/` },
  `demo: publishing invented snapshot feeds (demo/feeds/) and their images at ${publisher.url}/feeds/`,
);

/** The configuration as the demo runs it: its sources on the local publisher. Edits of the file are adapted alike. */
const demo = (base: Config): Config => ({
  ...base,
  title: `${base.title} (demo)`,
  // The snapshots are fixed in time: keep them all visible.
  retentionDays: 3650,
  sources: base.sources.map((source) => ({ ...source, url: `${publisher.url}${new URL(source.url).pathname}` })),
});
await runStack({
  config: demo(config),
  configFile: file,
  adapt: demo,
  port,
  poll: true,
  dataDir,
});
await publisher.close();
process.exit(0);
