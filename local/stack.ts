import { type Config, configFileName } from "@tributary/core/config";
import { syncTopics } from "@tributary/core/poll";
import { topicList } from "@tributary/core/store";
import { afterCycle } from "@tributary/core/websub";
import { startServer } from "../functions/api/server.ts";
import { watchConfig } from "./config-watch.ts";
import { localDeliveries } from "./deliveries.ts";
import { portFree } from "./engine.ts";
import { type LocalHub, localHub } from "./hub.ts";
import { localPages } from "./pages.ts";
import { endSubscriptionsOfGoneTopics, fetcherFor, outputMode, pollOnce } from "./poll-run.ts";
import { plural } from "./poll-wording.ts";
import { exitOnStartupFailure, openLocalStoreOrExit } from "./runtime.ts";
import { sayLine } from "./say.ts";

/** Options of the local stack. */
export interface StackOptions {
  config: Config;
  port: number;
  dataDir?: string;
  /** Poll every source at start, then the due sources every `poll.minMinutes`; false serves only. */
  poll: boolean;
  /** Said when the first cycle reached no source at all. */
  unreachableHint?: string;
  /** JSON lines or lines for people; default: as `outputMode` judges the command line and stdout. */
  output?: "json" | "terminal";
  /** The configuration file to follow: an edit that validates is used from the next request and poll. */
  configFile?: string;
  /** What a reloaded configuration becomes before use (the demo points its sources at its local publisher). */
  adapt?: (config: Config) => Config;
  /** How often the configuration file is looked at, in milliseconds (default one second). */
  configPollMs?: number;
  /** How often a polling stack looks for page jobs that have come due, in milliseconds (default `PAGE_SWEEP_MS`). */
  pageSweepMs?: number;
}

/**
 * The local stack in one process tree: the embedded store (or `DYNAMODB_ENDPOINT`), a poll of every source at start and of the
 * due sources every `poll.minMinutes`, the HTTP server with the WebSub hub at `/websub` (verifying in the background), WebSub
 * deliveries (after each cycle, and due retries every 15 s), and the article pages of full text (after each cycle, and the
 * due retries every minute). A stack that does not poll (`npm run serve`) serves and retries WebSub deliveries only: it
 * fetches no article page, the polling process does. With `configFile`, an edited configuration that
 * validates is used from the next request and poll: a polling stack also brings its topics in line at once (no
 * fetching), ends the WebSub subscriptions of topics that left it (a denial notice each, as a poll does) and
 * delivers the topics that changed; an invalid edit is refused with its problems printed, and the
 * running configuration stays. Ctrl-C (SIGINT) or SIGTERM stops it cleanly, engine included. A start-up failure
 * (the port in use, a server that cannot listen, storage unreachable) is one line (`startupFailureLine`) and exit
 * status 1, with nothing left running.
 */
export async function runStack(options: StackOptions): Promise<void> {
  let config = options.config;
  const output = options.output ?? outputMode(process.argv.slice(2));
  const json = output === "json";
  // The port is checked before the engine starts: a port in use costs no engine start, and leaves none running.
  const free = await portFree(options.port).catch((error: unknown) => exitOnStartupFailure(error, json));
  if (!free)
    exitOnStartupFailure(Object.assign(new Error("port in use"), { code: "EADDRINUSE", port: options.port }), json);
  const local = await openLocalStoreOrExit(config, { dataDir: options.dataDir, json });
  let hub: LocalHub;
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    hub = localHub(config, local.store, undefined, json);
    server = await startServer({ config, store: local.store, port: options.port, hostname: "127.0.0.1", hub: hub.app });
  } catch (error) {
    // Whatever failed, nothing this command started keeps running: the engine stops before the exit.
    await local.close().catch(() => {});
    exitOnStartupFailure(error, json);
  }
  /** Hubs of earlier configurations, whose verifications may still run. */
  const earlierHubs: LocalHub[] = [];
  if (output === "json")
    console.log(JSON.stringify({ event: "serving", url: `${server.url}/`, topics: config.topics.length }));
  else console.log(`Tributary is serving ${plural(config.topics.length, "topic")} at ${server.url}/`);
  let fetcher = fetcherFor(config);
  // WebSub: due retries every 15 s; after each cycle, the deliveries of the topics it changed (not awaited).
  const deliveries = localDeliveries(config, local.store, { json });
  deliveries.startSweeping();
  // Full text, in a polling stack only: the page jobs of each cycle are run after it, in the background, and the due
  // retries every minute; the topics whose items got their article are delivered to their subscribers.
  const pages = localPages(
    { config, store: local.store, fetcher },
    {
      json,
      onChanged: async (changedLists) => {
        try {
          await afterCycle({ config, table: local.store, sender: deliveries }, { changedLists });
        } catch (error) {
          const message = (error as Error).message;
          sayLine(json, "websub-queue-error", { error: message }, `websub: deliveries not queued: ${message}`);
        }
      },
    },
  );
  if (options.poll) pages.startSweeping(options.pageSweepMs);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopping = false;

  const cycle = async (first: boolean) => {
    try {
      // Later cycles list only the sources that brought something or failed; the summary says the rest.
      // At start a poll of every source, as `npm run poll` does (SPEC §5); then the due sources at the schedule's rate.
      const selection = first ? ({ mode: "all" } as const) : ({ mode: "due" } as const);
      const result = await pollOnce({ config, store: local.store, fetcher }, selection, output, {
        onlyNews: !first,
      });
      pages.runSoon();
      await afterCycle({ config, table: local.store, sender: deliveries }, result);
      const { sources, failed } = result.summary;
      if (first && sources > 0 && failed === sources && !result.storageFailed && options.unreachableHint) {
        sayLine(json, "sources-unreachable", { hint: options.unreachableHint }, options.unreachableHint);
      }
      if (first && output === "terminal" && options.poll) {
        console.log(`Due sources are looked for every ${config.poll.minMinutes} min. Ctrl-C stops.`);
      }
    } catch (error) {
      const message = (error as Error).message;
      console.error(
        output === "json" ? JSON.stringify({ event: "cycle-error", error: message }) : `poll failed: ${message}`,
      );
    }
    // The schedule's rate: each source is due when its own interval says (poll/interval.ts).
    // After whatever runs then (a reload's sync): a cycle and a sync never end the same subscriptions at once.
    if (!stopping)
      timer = setTimeout(() => (running = running.then(() => cycle(false))), config.poll.minMinutes * 60_000);
  };
  if (options.poll) running = cycle(true);

  /**
   * Topics in line with the configuration now, nothing fetched, as a poll brings them: the subscriptions of topics
   * that left it end with a denial notice, and the topics rebuilt are delivered to their subscribers.
   */
  const syncNow = async () => {
    await endSubscriptionsOfGoneTopics(config, local.store, json);
    try {
      const rebuilt = await syncTopics(local.store, config, new Date());
      await afterCycle({ config, table: local.store, sender: deliveries }, { changedLists: rebuilt.map(topicList) });
    } catch (error) {
      const message = (error as Error).message;
      console.error(json ? JSON.stringify({ event: "sync-error", error: message }) : `topics not synced: ${message}`);
    }
  };
  const shown = options.configFile ? configFileName(options.configFile) : "";
  const watch = options.configFile
    ? watchConfig(
        options.configFile,
        config,
        {
          onChange: (next) => {
            config = next;
            const nextHub = localHub(next, local.store, undefined, json);
            earlierHubs.push(hub);
            hub = nextHub;
            server.reconfigure(next, nextHub.app);
            deliveries.useConfig(next);
            fetcher = fetcherFor(next);
            pages.useConfig(next, fetcher);
            if (json) {
              console.log(
                JSON.stringify({
                  event: "config-reloaded",
                  file: shown,
                  topics: next.topics.length,
                  sources: next.sources.length,
                }),
              );
            } else {
              console.log(
                `Configuration reloaded from ${shown}: ${plural(next.topics.length, "topic")}, ${plural(next.sources.length, "source")}.`,
              );
            }
            // After the cycle under way, so a rebuild never races the cycle's own sync.
            if (options.poll) running = running.then(syncNow);
          },
          onInvalid: (problems) => {
            if (json) {
              console.error(JSON.stringify({ event: "config-invalid", file: shown, problems }));
              return;
            }
            console.error(`Invalid configuration (${shown}), not used; the running configuration stays:`);
            for (const problem of problems) console.error(`${problem.path}: ${problem.message}`);
          },
        },
        { intervalMs: options.configPollMs, adapt: options.adapt, json },
      )
    : null;

  await new Promise<void>((resolve) => {
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      sayLine(json, "stopping", { signal }, `\n${signal}: stopping`);
      clearTimeout(timer);
      watch?.stop();
      await server.close();
      await running.catch(() => {});
      for (const each of [...earlierHubs, hub]) await each.verifier.idle();
      await Promise.all([deliveries.stop(2_000), pages.stop(2_000)]);
      await local.close();
      resolve();
    };
    process.once("SIGINT", () => void stop("SIGINT"));
    process.once("SIGTERM", () => void stop("SIGTERM"));
  });
}
