import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { POLLER_METRICS, pollerPlan } from "@tributary/core/aws";
import { type Config, configuredSource, type SourceConfig, sourcePosition } from "@tributary/core/config";
import { pickSources } from "@tributary/core/poll";
import { sourcesFailingLong } from "@tributary/core/read";
import type { Store } from "@tributary/core/store";
import { endStaleSubscriptions } from "@tributary/core/websub";
import type { Context, ScheduledEvent } from "aws-lambda";
import {
  bundledConfig,
  functionLogger,
  functionMetrics,
  linkedStore,
  type MetricsSink,
  once,
  requiredEnv,
} from "../runtime.ts";
import { sqsWebSubQueue, type WebSubQueue } from "../websub/queue.ts";
import { sweepDeliveries } from "../websub/sweep.ts";
import { parsePollMessage, pollEntries } from "./messages.ts";
import { type PollQueue, sqsPollQueue } from "./queue.ts";

/** Whether a configured source is polled (`enabled` not false); undefined (not configured) is not. */
const isEnabled = (source: SourceConfig | undefined): boolean => source !== undefined && source.enabled !== false;

/** Due page jobs the schedule looks at a run (a keys-only Query: about 10 read units). */
const PAGE_SOURCES_LOOKED_AT = 1000;

/**
 * The due sources and, after them, the enabled configured sources of `pageSources` (those with article pages due)
 * not among them, in configuration order.
 */
export function withPageSources(config: Config, due: string[], pageSources: ReadonlySet<string>): string[] {
  if (pageSources.size === 0) return due;
  const chosen = new Set(due);
  const more = [...pageSources]
    .filter((id) => !chosen.has(id) && isEnabled(configuredSource(config, id)))
    .sort((a, b) => sourcePosition(config, a) - sourcePosition(config, b));
  return [...due, ...more];
}

/** What the schedule needs. */
export interface ScheduleDeps {
  config: Config;
  store: Store;
  queue: PollQueue;
  /** The WebSub delivery queue: overdue deliveries are queued again (`sweepDeliveries`). Absent: no sweep. */
  deliveries?: WebSubQueue;
  logger: Logger;
  /** Where the gauge of sources failing for more than a day goes (`POLLER_METRICS.failingOverADay`). */
  metrics?: MetricsSink;
  now?: () => Date;
}

/** What one schedule run did. */
export interface ScheduleResult {
  due: number;
  /** Sources enqueued (due and still configured). */
  enqueued: number;
  /** Messages they were packed into. */
  messages: number;
  /** Configured sources failing for more than a day (null when they could not be counted). */
  failingOverADay: number | null;
}

/** When the run was scheduled: the event's `time` (retries keep it), else now. */
function scheduledTime(event: Partial<ScheduledEvent> | undefined, now: Date): Date {
  const time = event?.time ? Date.parse(event.time) : Number.NaN;
  return Number.isNaN(time) ? now : new Date(time);
}

/**
 * The schedule's handler: finds the due sources (`pickSources`, mode `due`, as `npm run poll -- --due`) and
 * enqueues them, several per message as `pollerPlan` packs them; the workers poll them. It fetches nothing. It
 * also counts the sources failing for more than a day (`sourcesFailingLong`, from the held index it reads anyway)
 * into the `SourcesFailingOverADay` metric, which an alarm watches (infra/alarms.ts).
 */
export function createScheduleHandler(load: () => ScheduleDeps | Promise<ScheduleDeps>) {
  const deps = once(load);
  return async (event: ScheduledEvent, context?: Context): Promise<ScheduleResult> => {
    const { config, store, queue, deliveries, logger, metrics, now = () => new Date() } = await deps();
    if (context) logger.addContext(context);
    // Sources with article pages due (full text): their workers run the pages after their polls, so a retry waits
    // for the next schedule run, not for its source's next poll. A failure here never holds up the polls.
    const pageSources = () =>
      store.pages.dueSources(now(), PAGE_SOURCES_LOOKED_AT).catch((e) => {
        logger.error("due page jobs not read", e);
        return new Set<string>();
      });
    const at = scheduledTime(event, now());
    const ids = withPageSources(
      config,
      await pickSources({ config, store, now }, { mode: "due" }),
      await pageSources(),
    );
    await endStaleSubscriptions({ config, table: store, now: now() }).catch((e) => logger.error("websub", e));
    // Overdue WebSub deliveries go back on their queue; a failure here never holds up the polls.
    const sweep = deliveries && sweepDeliveries({ config, table: store, queue: deliveries, now: now() });
    const swept = await sweep?.catch((e) => logger.error("websub sweep", e));
    const entries = pollEntries(config, ids, at, pollerPlan(config.poll));
    await queue.send(entries);
    const enqueued = entries.reduce((sum, e) => sum + (parsePollMessage(e.MessageBody)?.sourceIds.length ?? 0), 0);
    // An operator's gauge; failing to count never holds up the polls.
    const failingOverADay = await sourcesFailingLong({ config, store }, now()).then(
      (failing) => failing.length,
      (e) => {
        logger.error("sources failing over a day not counted", e);
        return null;
      },
    );
    if (metrics && failingOverADay !== null) {
      metrics.addMetric(POLLER_METRICS.failingOverADay, MetricUnit.Count, failingOverADay);
      metrics.publishStoredMetrics();
    }
    const result = { due: ids.length, enqueued, messages: entries.length, failingOverADay };
    logger.info("sources enqueued", {
      scheduledAt: at.toISOString(),
      sources: config.sources.length,
      swept,
      ...result,
    });
    return result;
  };
}

/** Production dependencies: the bundled configuration, the linked table and queue. */
async function lambdaDeps(): Promise<ScheduleDeps> {
  const config = bundledConfig();
  const websub = process.env.WEBSUB_QUEUE_URL;
  const deliveries = websub ? { deliveries: sqsWebSubQueue(websub) } : {};
  return {
    config,
    store: await linkedStore(config),
    queue: sqsPollQueue(requiredEnv("POLL_QUEUE_URL")),
    ...deliveries,
    logger: functionLogger(POLLER_METRICS),
    metrics: functionMetrics(POLLER_METRICS),
  };
}

/** Lambda entry point (infra/poller.ts: `functions/poller/schedule.handler`). */
export const handler = createScheduleHandler(lambdaDeps);
