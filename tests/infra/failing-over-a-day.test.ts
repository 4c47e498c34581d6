/**
 * The operator's alarm on sources failing for more than a day, end to end: the schedule counts them from the
 * store (DynamoDB Local) into the `SourcesFailingOverADay` gauge, and infra/alarms.ts watches that very metric —
 * read from the SST code run against stand-ins of its components, so a renamed metric or dimension fails here
 * rather than at deploy time. `npm run typecheck:infra` checks the component options' types (the application's
 * type check leaves infra/ out: it uses SST's globals, so it is imported here by a computed path).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { POLLER_METRICS } from "@tributary/core/aws";
import { validateConfig } from "@tributary/core/config";
import { failingSince } from "@tributary/core/read";
import { pendingState, type SourceState } from "@tributary/core/store";
import { afterEach, describe, expect, it } from "vitest";
import { createScheduleHandler } from "../../functions/poller/schedule.ts";
import type { MetricsSink } from "../../functions/runtime.ts";
import { createTestStore } from "../helpers/store.ts";
import { scheduledEvent } from "./events.ts";
import { FifoQueue } from "./fifo.ts";

/** What infra/alarms.ts exports that this test uses. */
interface AlarmsModule {
  FAILING_OVER_A_DAY_ALARM: { sources: number; periodSeconds: number; evaluationPeriods: number };
  pollerAlarms(deadLetterQueueName: string): { topic: { arn: string } };
}
const ALARMS = new URL("../../infra/alarms.ts", import.meta.url).href;

const NOW = new Date("2026-11-26T12:00:00.000Z");
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const url = (id: string) => `https://feeds.example/${id}.rss`;

/** A source's stored state: `pending` changed by `changes`. */
const state = (id: string, changes: Partial<SourceState>): SourceState => ({
  ...pendingState(id, url(id), NOW),
  ...changes,
});
const failing = (id: string, changes: Partial<SourceState>) =>
  state(id, {
    status: "failing",
    lastError: "HTTP 500",
    nextFetchAt: new Date(NOW.getTime() + HOUR).toISOString(),
    ...changes,
  });

const STATES: SourceState[] = [
  failing("dead-since-tuesday", { lastSuccessAt: ago(50 * HOUR), lastFetchedAt: ago(HOUR), consecutiveErrors: 9 }),
  failing("failing-this-morning", { lastSuccessAt: ago(3 * HOUR), lastFetchedAt: ago(HOUR), consecutiveErrors: 4 }),
  // Never read once: twelve failures in a row take more than a day of backoff, three do not.
  failing("never-read-for-days", { lastFetchedAt: ago(HOUR), consecutiveErrors: 12 }),
  failing("never-read-new", { lastFetchedAt: ago(HOUR), consecutiveErrors: 3 }),
  state("gone-for-weeks", { status: "gone", lastSuccessAt: ago(500 * HOUR), consecutiveErrors: 30 }),
  state("fine", { status: "ok", lastSuccessAt: ago(HOUR / 6), lastFetchedAt: ago(HOUR / 6) }),
  // Held back still, but no longer configured: not an operator's concern.
  failing("removed", { lastSuccessAt: ago(90 * HOUR), consecutiveErrors: 10 }),
];
const CONFIGURED = STATES.map((s) => s.id).filter((id) => id !== "removed");

function recorder() {
  const metrics: { name: string; unit: string; value: number }[] = [];
  const sink: MetricsSink & { metrics: typeof metrics } = {
    metrics,
    addMetric: (name, unit, value) => metrics.push({ name, unit, value }),
    publishStoredMetrics: () => {},
  };
  return sink;
}

describe("sources failing for more than a day", () => {
  it("are counted by the schedule into the SourcesFailingOverADay gauge", async () => {
    const store = await createTestStore();
    const config = validateConfig({
      title: "Operator",
      sources: CONFIGURED.map((id) => ({ id, url: url(id) })),
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
      poll: { everyMinutes: 10 },
    });
    for (const s of STATES) await store.sources.save(s);
    const metrics = recorder();
    const schedule = createScheduleHandler(() => ({
      config,
      store,
      queue: new FifoQueue(),
      logger: new Logger({ serviceName: "poller", logLevel: "SILENT" }),
      metrics,
      now: () => NOW,
    }));
    const result = await schedule(scheduledEvent(NOW));
    expect(result.failingOverADay).toBe(2);
    expect(metrics.metrics.filter((m) => m.name === POLLER_METRICS.failingOverADay)).toEqual([
      { name: "SourcesFailingOverADay", unit: "Count", value: 2 },
    ]);
  });

  it("dates a source that never succeeded by the shortest backoff its failures can have taken", () => {
    const never = (consecutiveErrors: number) =>
      failingSince(failing("x", { lastFetchedAt: NOW.toISOString(), consecutiveErrors }), 10)?.getTime() ?? 0;
    // 10-minute polls: waits of 7.5, 15, 30… minutes at the least, each at most 18 h (three quarters of a day).
    expect(NOW.getTime() - never(1)).toBe(0);
    expect(NOW.getTime() - never(3)).toBe((7.5 + 15) * 60_000);
    expect(NOW.getTime() - never(12)).toBeGreaterThan(24 * HOUR);
    expect(failingSince(state("ok", { status: "ok" }), 10)).toBeNull();
  });
});

describe("the PollSourcesFailingOverADay alarm (infra/alarms.ts)", () => {
  type Args = Record<string, unknown>;
  const created: { kind: string; name: string; args: Args }[] = [];
  const component = (kind: string) =>
    class {
      readonly arn = `arn:${kind}:${Math.random()}`;
      constructor(name: string, args: Args = {}) {
        created.push({ kind, name, args });
      }
    };
  const globals = globalThis as Record<string, unknown>;
  afterEach(() => {
    created.length = 0;
    delete globals.sst;
    delete globals.aws;
  });

  it("watches the schedule's gauge, with its thresholds from the settings in infra/, and tells the alarm topic", async () => {
    const { FAILING_OVER_A_DAY_ALARM, pollerAlarms } = (await import(ALARMS)) as AlarmsModule;
    globals.sst = { aws: { SnsTopic: component("sns") } };
    globals.aws = {
      sns: { TopicSubscription: component("subscription") },
      cloudwatch: { MetricAlarm: component("alarm") },
    };
    const { topic } = pollerAlarms("poll-dead-letters");
    const alarm = created.find((c) => c.kind === "alarm" && c.name === "PollSourcesFailingOverADay");
    expect(alarm?.args).toMatchObject({
      namespace: "Tributary",
      metricName: POLLER_METRICS.failingOverADay,
      dimensions: { service: "poller" },
      statistic: "Maximum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: FAILING_OVER_A_DAY_ALARM.sources,
      period: FAILING_OVER_A_DAY_ALARM.periodSeconds,
      evaluationPeriods: FAILING_OVER_A_DAY_ALARM.evaluationPeriods,
      alarmActions: [topic.arn],
      okActions: [topic.arn],
    });
  });
});
