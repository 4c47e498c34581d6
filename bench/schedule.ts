/**
 * The adaptive schedule against today's fixed one, on one simulated day with an injected clock (the mix):
 * 5% of sources publishing about 3 times an hour, 25% about 3 times a day, 40% once a day, 30% once a week (Poisson
 * publication times, seeded); `ttl` or `max-age` hints on some daily and weekly sources; half the entries
 * summary-only. Both schedules poll the same loopback publisher through the real fetcher and DynamoDB Local as the
 * AWS schedule does (due sources picked every run, polled in worker batches of 10): polls per source and day, the
 * write and read units consumed (ReturnConsumedCapacity), and the delay from each entry's publication to its
 * storage, median and 95th percentile per class. Each schedule runs on after the day for its longest interval, so
 * every entry of the day is stored and counted, however late (polls and units are the day's).
 */
import { type Config, validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { type Publisher, startPublisher } from "../testkit/publisher.ts";
import { type SimFeed, type SimResult, simPath, simulateSchedule } from "../testkit/schedule-sim.ts";
import { type BenchContext, freshStore, median, meterStore, seeded } from "./support.ts";
import { type Figure, figure, type Skip } from "./table.ts";

const GROUP = "schedule";
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Sources simulated (BENCH_SCHEDULE_SOURCES overrides; the figures are per source). */
const SOURCES = Number(process.env.BENCH_SCHEDULE_SOURCES) || 100;
/** The day measured; the adaptive schedule runs `maxMinutes` before it to settle, the fixed one a run. */
const MEASURED_HOURS = 24;

/** The mix of publishers. */
export const CLASSES = [
  { name: "3/hour", share: 0.05, perDay: 72 },
  { name: "3/day", share: 0.25, perDay: 3 },
  { name: "daily", share: 0.4, perDay: 1 },
  { name: "weekly", share: 0.3, perDay: 1 / 7 },
] as const;
export type ClassName = (typeof CLASSES)[number]["name"];

/** Poisson publication times at `perDay` from `from` to `to` (epoch ms), ascending. */
function poisson(random: () => number, perDay: number, from: number, to: number): number[] {
  const times: number[] = [];
  // Exponential gaps: -ln(1 - u) / rate.
  const gap = () => (-Math.log(1 - random()) / perDay) * DAY;
  for (let t = from + gap(); t < to; t += gap()) times.push(Math.round(t / 1000) * 1000);
  return times;
}

/** The bench's seed of the mix. */
export const MIX_SEED = 28;

/**
 * The mix's feeds of `SOURCES` sources, with their class: histories long enough for a dozen entries, hints on some
 * daily and weekly ones; publication times drawn from `seed` up to `end` (epoch ms).
 */
export function mixFeeds(start: number, end: number, seed = MIX_SEED): { feed: SimFeed; cls: ClassName }[] {
  const random = seeded(seed);
  const feeds: { feed: SimFeed; cls: ClassName }[] = [];
  for (const cls of CLASSES) {
    const count = Math.round(SOURCES * cls.share);
    for (let n = 0; n < count; n++) {
      const id = `${cls.name.replace("/", "-per-")}-${n}`;
      const history = Math.max(1, 12 / cls.perDay) * DAY;
      const feed: SimFeed = {
        id,
        published: poisson(random, cls.perDay, start - history, end),
        summaryOnly: (k) => k % 2 === 1,
      };
      if (cls.name === "daily" && n % 4 === 0) feed.channelXml = "<ttl>60</ttl>";
      if (cls.name === "daily" && n % 4 === 1) feed.headers = { "Cache-Control": "public, max-age=3600" };
      if (cls.name === "weekly" && n % 3 === 0) feed.channelXml = "<ttl>1440</ttl>";
      if (cls.name === "weekly" && n % 3 === 1) feed.headers = { "Cache-Control": "public, max-age=7200" };
      feeds.push({ feed, cls: cls.name });
    }
  }
  return feeds;
}

function configFor(publisher: Publisher, feeds: SimFeed[], poll: Record<string, unknown>): Config {
  return validateConfig({
    title: "Schedule bench",
    sources: feeds.map((f) => ({ id: f.id, url: `${publisher.url}${simPath(f.id)}` })),
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
    poll: { concurrency: 16, perHost: 16, ...poll },
  });
}

/** The nearest-rank percentile `p` (0–100) of some numbers; NaN for none. */
function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

interface Run {
  result: SimResult;
  readUnits: number;
  writeUnits: number;
  seconds: number;
}

async function runSchedule(
  ctx: BenchContext,
  publisher: Publisher,
  feeds: SimFeed[],
  poll: Record<string, unknown>,
  window: { start: number; warmupMinutes: number; tailMinutes: number },
): Promise<Run> {
  const config = configFor(publisher, feeds, poll);
  const store = await freshStore(ctx.endpoint);
  const meter = meterStore(store);
  const started = performance.now();
  const end = window.start + MEASURED_HOURS * HOUR;
  let units = { read: Number.NaN, write: Number.NaN };
  try {
    const result = await simulateSchedule({
      config,
      store,
      fetcher: new Fetcher({ ...config.poll }),
      publisher,
      feeds,
      from: window.start - window.warmupMinutes * MIN,
      to: end + window.tailMinutes * MIN,
      stepMinutes: config.poll.minMinutes,
      measureFrom: window.start,
      measureTo: end,
      onMeasureStart: () => meter.reset(),
      onMeasureEnd: () => {
        units = { read: meter.readCapacity, write: meter.writeCapacity };
      },
    });
    return { result, readUnits: units.read, writeUnits: units.write, seconds: (performance.now() - started) / 1000 };
  } finally {
    store.close();
  }
}

/** Runs the schedule group. */
export async function runScheduleBench(
  ctx: BenchContext,
): Promise<{ figures: Figure[]; skips: Skip[]; details: unknown }> {
  // Midnight UTC two days ago: the simulated day stays in the past of the real clock, which dates responses.
  const start = Math.floor(Date.now() / DAY) * DAY - 2 * DAY;
  const mix = mixFeeds(start - 6 * HOUR, start + MEASURED_HOURS * HOUR);
  const feeds = mix.map((m) => m.feed);
  const classOf = new Map(mix.map((m) => [m.feed.id, m.cls]));
  const publisher = await startPublisher();
  const figures: Figure[] = [];
  const skips: Skip[] = [];
  const add = (input: Omit<Parameters<typeof figure>[0], "group">) => figures.push(figure({ group: GROUP, ...input }));
  try {
    ctx.log(`  ${feeds.length} sources; the fixed 10-minute schedule (today's) first`);
    const fixed = await runSchedule(
      ctx,
      publisher,
      feeds,
      { everyMinutes: 10, minMinutes: 10, adaptive: false },
      { start, warmupMinutes: 10, tailMinutes: 10 },
    );
    ctx.log(`  fixed: ${fixed.seconds.toFixed(0)} s; the adaptive schedule (defaults: 5–360 minutes)`);
    const adaptive = await runSchedule(
      ctx,
      publisher,
      feeds,
      { everyMinutes: 10 },
      { start, warmupMinutes: 360, tailMinutes: 360 },
    );
    ctx.log(`  adaptive: ${adaptive.seconds.toFixed(0)} s`);
    const days = MEASURED_HOURS / 24;
    const perSourceDay = (n: number) => n / feeds.length / days;
    const polls = (run: Run) => [...run.result.polls.values()].reduce((sum, p) => sum + p.length, 0);
    const label = "fixed 10-minute schedule, same mix and run";
    add({
      name: "polls per source and day",
      value: perSourceDay(polls(adaptive)),
      unit: "polls",
      baseline: perSourceDay(polls(fixed)),
      baselineLabel: label,
      goal: { on: "ratio", op: "<=", target: 1 / 3 },
      note: "goal: at least 3× fewer polls",
    });
    add({
      name: "write units per source and day",
      value: perSourceDay(adaptive.writeUnits),
      unit: "WCU",
      baseline: perSourceDay(fixed.writeUnits),
      baselineLabel: label,
    });
    add({
      name: "read units per source and day",
      value: perSourceDay(adaptive.readUnits),
      unit: "RCU",
      baseline: perSourceDay(fixed.readUnits),
      baselineLabel: label,
    });
    const delaysOf = (run: Run, cls: ClassName) =>
      [...run.result.delays].filter(([id]) => classOf.get(id) === cls).flatMap(([, d]) => d);
    const details: Record<string, unknown> = { sources: feeds.length, hours: MEASURED_HOURS, classes: {} };
    for (const [n, cls] of CLASSES.entries()) {
      const [a, f] = [delaysOf(adaptive, cls.name), delaysOf(fixed, cls.name)];
      const busiest = n < 2;
      if (a.length === 0 || f.length === 0) {
        skips.push({ group: GROUP, name: `delays, ${cls.name}`, reason: "no entry of the class published in the day" });
        continue;
      }
      const unstored = (run: Run) =>
        [...run.result.unstored].filter(([id]) => classOf.get(id) === cls.name).reduce((sum, [, k]) => sum + k, 0);
      if (unstored(adaptive) + unstored(fixed) > 0) {
        const reason = `entries of the day not stored by the end: ${unstored(adaptive)} adaptive, ${unstored(fixed)} fixed`;
        skips.push({ group: GROUP, name: `delays, ${cls.name} (left out)`, reason });
      }
      add({
        name: `delay median, ${cls.name} (${a.length} entries)`,
        value: median(a),
        unit: "min",
        baseline: median(f),
        baselineLabel: label,
        goal: busiest ? { on: "ratio", op: "<=", target: 1 } : null,
        note: busiest ? "goal: no worse than the fixed schedule" : undefined,
      });
      add({
        name: `delay p95, ${cls.name}`,
        value: percentile(a, 95),
        unit: "min",
        baseline: percentile(f, 95),
        baselineLabel: label,
        goal: { on: "value", op: "<=", target: 360 },
        note: "goal: within maxMinutes (360)",
      });
      const ids = feeds.filter((feed) => classOf.get(feed.id) === cls.name).map((feed) => feed.id);
      const classPolls = (run: Run) => ids.reduce((sum, id) => sum + (run.result.polls.get(id)?.length ?? 0), 0);
      (details.classes as Record<string, unknown>)[cls.name] = {
        sources: ids.length,
        pollsPerSourceDay: {
          adaptive: classPolls(adaptive) / ids.length / days,
          fixed: classPolls(fixed) / ids.length / days,
        },
        delayMinutes: {
          adaptive: { median: median(a), p95: percentile(a, 95), max: Math.max(...a) },
          fixed: { median: median(f), p95: percentile(f, 95), max: Math.max(...f) },
        },
      };
    }
    details.units = {
      adaptive: { read: adaptive.readUnits, write: adaptive.writeUnits },
      fixed: { read: fixed.readUnits, write: fixed.writeUnits },
    };
    return { figures, skips, details };
  } finally {
    await publisher.close();
  }
}
