/**
 * DynamoDB cost of the source states and the schedule (part of the dynamo-cost group): what an unchanged poll
 * (304, or the same body) writes and reads for its source, and what the schedule costs per run for N sources.
 * Polls run as the queue workers run them (`runCycle`, mode `ids`, batches of 10); the schedule as its
 * function does (`pickSources`, mode `due`). Baselines are the same measurements taken on the code before
 * unchanged polls stopped writing their state (commit 91edeb8), kept here as constants.
 */
import type { Config } from "@tributary/core/config";
import { pickSources, runCycle } from "@tributary/core/poll";
import { pendingState, type Store } from "@tributary/core/store";
import { startPublisher } from "../testkit/publisher.ts";
import { buildCorpus, corpusConfig, corpusTopics, loopbackFetcher, publishCorpus } from "./poll.ts";
import { type BenchContext, freshStore, type MeterSnapshot, makeConfig, meterStore } from "./support.ts";
import { type Figure, figure } from "./table.ts";

const GROUP = "dynamo-cost";
const SOURCES = 12;
const BATCH = 10;
/** Sources of the schedule's measurement, of which `HELD` fail (backoff) and one is gone; the rest are healthy. */
const SCHEDULED = 500;
const HELD = 5;
const MINUTE = 60_000;

/** Measured on commit 91edeb8 (every unchanged poll saved its state, the due index held every source). */
const BEFORE = {
  sourceWrites: 1,
  sourceWcu: 3,
  writes304: 1,
  wcu304: 3,
  rcu304: 1,
  writesSame: 1,
  wcuSame: 3,
  rcuSame: 1,
  scheduleRequests: 4,
  scheduleRcu: 5,
};

/** Polls every source as the workers do: batches of `BATCH` ids, one `runCycle` each. */
async function workerPolls(config: Config, store: Store, now: () => Date) {
  const fetcher = loopbackFetcher(config);
  const ids = config.sources.map((s) => s.id);
  const summaries = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    summaries.push((await runCycle({ config, store, fetcher, now }, { mode: "ids", ids: batch })).summary);
  }
  return summaries;
}

/** Counts PutItems of sources' own states (`S#…`), the writes an unchanged poll must not make. */
function countStateWrites(store: Store) {
  const counter = { puts: 0 };
  store.kit.client.middlewareStack.add(
    (next, context) => async (args) => {
      const item = (args.input as { Item?: Record<string, { S?: string }> }).Item;
      if (context.commandName === "PutItemCommand" && item?.pk?.S?.startsWith("S#")) counter.puts++;
      return next(args);
    },
    { step: "serialize", priority: "high", name: `state-writes-${Math.random()}` },
  );
  return counter;
}

/** Per poll: source-state writes, all write requests, write and read units. */
const perPoll = (used: MeterSnapshot, stateWrites: number, polls: number) => ({
  writes: stateWrites / polls,
  allWrites: used.writeRequests / polls,
  wcu: used.writeCapacity / polls,
  rcu: used.readCapacity / polls,
});

/** Runs the source-state and schedule measurements; figures go to the dynamo-cost group. */
export async function runSourceCost(ctx: BenchContext): Promise<{ figures: Figure[]; details: unknown }> {
  const figures: Figure[] = [];
  const add = (input: Omit<Parameters<typeof figure>[0], "group">) => figures.push(figure({ group: GROUP, ...input }));
  const details: Record<string, unknown> = {};
  const publisher = await startPublisher();
  try {
    const corpus = buildCorpus(SOURCES, 10, 0, 1, 500);
    const config = corpusConfig(corpus, publisher, 4, corpusTopics(SOURCES, 2));
    const store = await freshStore(ctx.endpoint, config.retentionDays);
    const meter = meterStore(store);
    const states = countStateWrites(store);
    let clock = Date.now();
    const now = () => new Date(clock);
    const build = new Date(clock - 3_600_000).toUTCString();
    publishCorpus(publisher, corpus, { build, conditional: true });
    await workerPolls(config, store, now);

    const measured = async (label: string) => {
      clock += config.poll.everyMinutes * MINUTE;
      meter.reset();
      states.puts = 0;
      const summaries = await workerPolls(config, store, now);
      const used = meter.snapshot();
      ctx.log(`  ${label}: ${JSON.stringify(summaries)}; ${JSON.stringify(used.requests)}`);
      const polls = summaries.reduce((sum, s) => sum + s.notModified, 0);
      return { used, polls, ...perPoll(used, states.puts, polls) };
    };
    const notModified = await measured("unchanged (304)");
    publishCorpus(publisher, corpus, { build, conditional: false });
    await measured("first 200 without validators"); // validators gone: the states change once
    const sameBody = await measured("unchanged (same body)");
    details.notModified = notModified;
    details.sameBody = sameBody;
    for (const [kind, m, before] of [
      ["304", notModified, { w: BEFORE.writes304, u: BEFORE.wcu304, r: BEFORE.rcu304 }],
      ["same body", sameBody, { w: BEFORE.writesSame, u: BEFORE.wcuSame, r: BEFORE.rcuSame }],
    ] as const) {
      add({
        name: `source write requests per unchanged poll (${kind})`,
        value: m.writes,
        unit: "",
        baseline: before.w,
        baselineLabel: "before: one PutItem of the state per poll",
        goal: { on: "value", op: "=", target: 0 },
        note: `all write requests per poll, the batch's own record included: ${m.allWrites.toFixed(3)} (batches of ${BATCH})`,
      });
      add({
        name: `write units per unchanged poll (${kind})`,
        value: m.wcu,
        unit: "WCU",
        baseline: before.u,
        baselineLabel: "before: the state (1 WCU) and its move in the due index (2 WCU)",
        note: `the batch record's share included; capacity ${JSON.stringify(m.used.capacity)}`,
      });
      add({
        name: `read units per unchanged poll (${kind})`,
        value: m.rcu,
        unit: "RCU",
        baseline: before.r,
        baselineLabel: "before: the state read consistently in the batch's BatchGet",
        goal: { on: "value", op: "<=", target: 0.5 },
      });
    }

    // The schedule for SCHEDULED sources: all polled and healthy but HELD failing and one gone.
    const many = makeConfig({
      ...config,
      sources: Array.from({ length: SCHEDULED }, (_, n) => ({ id: `s${n}`, url: `http://127.0.0.1:9/s${n}.rss` })),
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    });
    const scheduled = await freshStore(ctx.endpoint, many.retentionDays);
    const at = new Date(clock);
    await pickSources({ config: many, store: scheduled, now: () => at }, { mode: "due" });
    const next = new Date(clock + many.poll.everyMinutes * MINUTE);
    for (const [n, source] of many.sources.entries()) {
      const base = { ...pendingState(source.id, source.url, at), lastFetchedAt: at.toISOString() };
      if (n < HELD) {
        const later = new Date(clock + 4 * many.poll.everyMinutes * MINUTE).toISOString();
        await scheduled.sources.save({ ...base, status: "failing", consecutiveErrors: 2, nextFetchAt: later });
      } else if (n === HELD) await scheduled.sources.save({ ...base, status: "gone", nextFetchAt: null });
      else if (n < 50) await scheduled.sources.save({ ...base, status: "ok", nextFetchAt: next.toISOString() });
    }
    // The workers of the run at `at` recorded their batches of healthy sources, as a real run's would.
    const healthy = many.sources.slice(HELD + 1).map((s) => s.id);
    for (let i = 0; i < healthy.length; i += BATCH) {
      const polled = new Map(healthy.slice(i, i + BATCH).map((id) => [id, at.toISOString()] as const));
      await scheduled.sources.recordPolls(polled, at, at);
    }
    const scheduleMeter = meterStore(scheduled);
    const due = await pickSources({ config: many, store: scheduled, now: () => next }, { mode: "due" });
    const schedule = scheduleMeter.snapshot();
    ctx.log(`  schedule of ${SCHEDULED} sources: ${due.length} due; ${JSON.stringify(schedule.requests)}`);
    details.schedule = { due: due.length, used: schedule };
    add({
      name: `schedule requests per run (${SCHEDULED} sources, ${HELD} backing off, 1 gone)`,
      value: schedule.total,
      unit: "",
      baseline: BEFORE.scheduleRequests,
      baselineLabel: "before: marker GetItem + Query of the due index (all due sources) + topic sync",
      note: `${due.length} due; requests ${JSON.stringify(schedule.requests)}`,
    });
    add({
      name: `schedule capacity per run (${SCHEDULED} sources)`,
      value: schedule.readCapacity + schedule.writeCapacity,
      unit: "CU",
      baseline: BEFORE.scheduleRcu,
      baselineLabel: "before: the due index returned every due source's keys",
      note: `read ${schedule.readCapacity} RCU, write ${schedule.writeCapacity} WCU; capacity ${JSON.stringify(schedule.capacity)}`,
    });
  } finally {
    await publisher.close();
  }
  return { figures, details };
}
