/**
 * `node --import tsx bench/schedule-model.ts [--days N | --seed S]`: the schedule bench's day (`npm run bench --
 * schedule`) as a model, without fetches or storage, over N seeded days of the same mix (default 200; half of them
 * with the adaptive schedule's runs 5 minutes out of step with the fixed one's), or the one day of seed S (the
 * bench's is 28, `MIX_SEED`). It answers what one bench day cannot: how often each
 * rule meets the issue's goals — at least 3× fewer polls than the fixed 10-minute schedule, a median delay no worse
 * than its own for the 3-an-hour and 3-a-day classes, every class's 95th percentile within `maxMinutes` — when the
 * median delays of the busy classes are close to the fixed schedule's and a day's sample decides. Prints one
 * Markdown row per rule: the median over the days of polls per source and day and of the two median delays'
 * ratios, and the share of days meeting each goal.
 *
 * The schedule is modelled as `simulateSchedule` runs it: a run every `minMinutes` (10 for the fixed schedule)
 * polls the sources due (an adapted one from half a run before its next fetch); a poll stores what its feed shows,
 * and a read that finds something updates the publication times (`recentPublished`, 20 kept) and the last find;
 * `ttl` and `max-age` hints as the bench's feeds give them. With the bench's seed and in-step runs it gives the
 * bench's figures. "two speeds, ≥ 12 a week" is the rule in use (`intervalMinutes`); the others are the rules
 * it was chosen against.
 */
import { validateConfig } from "@tributary/core/config";
import { intervalMinutes, recentPublished } from "@tributary/core/poll";
import { CLASSES, type ClassName, mixFeeds } from "./schedule.ts";
import { median } from "./support.ts";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const MAX_MINUTES = 360;
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : undefined);
const ONE = option("--seed");
const DAYS = ONE === undefined ? option("--days") || 200 : 1;
const seedOf = (n: number) => ONE ?? 1000 + 7 * n;

/** What a rule reads: the publication times kept (epoch minutes, newest first), the last find (ms), the hint. */
interface Inputs {
  published: number[];
  foundAt: number | null;
  hintMinutes: number;
}
type Rule = (inputs: Inputs, now: number) => number;

const config = validateConfig({
  title: "Model",
  sources: [{ id: "s", url: "https://s.example/feed" }],
  topics: [{ slug: "all", title: "All", sources: ["*"] }],
  poll: { everyMinutes: 10 },
});
const clamp = (minutes: number) => Math.round(Math.min(MAX_MINUTES, Math.max(config.poll.minMinutes, minutes)));
const gaps = (times: number[]) => times.slice(1).map((time, n) => (times[n] as number) - time);

/** The rule in use. */
const inUse: Rule = (inputs, now) =>
  intervalMinutes(
    config,
    {},
    {
      published: inputs.published,
      foundAt: inputs.foundAt === null ? null : new Date(inputs.foundAt).toISOString(),
      hints: inputs.hintMinutes
        ? { freshMinutes: inputs.hintMinutes, ttlMinutes: null, updateMinutes: null, skipHours: [], skipDays: [] }
        : null,
    },
    new Date(now),
  );

/** `share` of the median gap of the latest 10, grown by `share` of the time since the last find. */
const proportional =
  (share: number): Rule =>
  (inputs, now) => {
    const latest = inputs.published.slice(0, 10);
    const base = latest.length < 2 ? config.poll.everyMinutes : median(gaps(latest)) * share;
    const quiet = inputs.foundAt === null ? 0 : (now - inputs.foundAt) / MIN;
    return clamp(Math.max(base + quiet * share, inputs.hintMinutes));
  };

/** The rule in use with another busy threshold (entries a day). */
const twoSpeeds =
  (perDay: number): Rule =>
  (inputs, now) => {
    const minutes = Math.floor(now / MIN);
    const times = inputs.published.filter((time) => time <= minutes);
    const gap = times.length < 2 ? null : (minutes - (times.at(-1) as number)) / (times.length - 1);
    const quiet = inputs.foundAt === null ? 0 : (now - inputs.foundAt) / MIN;
    let adapted = config.poll.everyMinutes;
    if (gap !== null) adapted = gap <= 1440 / perDay ? Math.min(adapted, gap / 2) : gap / 4 + quiet / 4;
    return clamp(Math.max(adapted, inputs.hintMinutes));
  };

const RULES: [string, Rule][] = [
  [
    "proportional, half of each: half the median gap of the latest 10, half the time since the last find",
    proportional(0.5),
  ],
  ["proportional, a quarter of each (the previous rule)", proportional(0.25)],
  ["two speeds, busy ≥ 2 a day", twoSpeeds(2)],
  ["two speeds, busy ≥ 12 a week (in use)", inUse],
  ["two speeds, busy ≥ 1.5 a day", twoSpeeds(1.5)],
  ["two speeds, busy ≥ 1.25 a day", twoSpeeds(1.25)],
];

interface Day {
  polls: Map<ClassName, number>;
  delays: Map<ClassName, number[]>;
  sources: Map<ClassName, number>;
}

/** One day of the mix drawn from `seed` under `rule` (null: the fixed 10-minute schedule), runs `offset` minutes late. */
function simulate(rule: Rule | null, seed: number, offset: number): Day {
  const start = Math.floor(Date.now() / DAY) * DAY - 2 * DAY;
  const end = start + DAY;
  const step = (rule ? config.poll.minMinutes : 10) * MIN;
  const from = start - (rule ? MAX_MINUTES : 10) * MIN + offset * MIN;
  const to = end + (rule ? MAX_MINUTES : 10) * MIN;
  const day: Day = { polls: new Map(), delays: new Map(), sources: new Map() };
  for (const { feed, cls } of mixFeeds(start - 6 * 60 * MIN, end, seed)) {
    day.sources.set(cls, (day.sources.get(cls) ?? 0) + 1);
    const hint =
      /<ttl>(\d+)</.exec(feed.channelXml ?? "")?.[1] ??
      /max-age=(\d+)/.exec(feed.headers?.["Cache-Control"] ?? "")?.[1];
    const hintMinutes = hint === undefined ? 0 : feed.channelXml ? Number(hint) : Math.ceil(Number(hint) / 60);
    let stored = 0;
    let next = Number.NEGATIVE_INFINITY;
    const inputs: Inputs = { published: [], foundAt: null, hintMinutes };
    for (let t = from; t < to; t += step) {
      if (next - t > (rule ? step / 2 : 0)) continue;
      let visible = stored;
      while (visible < feed.published.length && (feed.published[visible] as number) <= t) visible++;
      if (t >= start && t < end) day.polls.set(cls, (day.polls.get(cls) ?? 0) + 1);
      const delays = day.delays.get(cls) ?? [];
      for (let n = stored; n < visible; n++) {
        const at = feed.published[n] as number;
        if (at >= start && at < end) delays.push((t - at) / MIN);
      }
      day.delays.set(cls, delays);
      if (visible > stored || stored === 0) {
        // A read that found something (the first one reads the feed's 20 latest entries).
        const added = feed.published.slice(stored === 0 ? Math.max(0, visible - 20) : stored, visible);
        inputs.published = recentPublished(
          inputs.published,
          added.map((at) => new Date(at).toISOString()),
        );
        inputs.foundAt = t;
        stored = visible;
      }
      next = t + (rule ? rule(inputs, t) : 10) * MIN;
    }
  }
  return day;
}

/** The nearest-rank 95th percentile. */
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(0.95 * values.length) - 1] ?? 0;
const perSource = (day: Day) =>
  [...day.polls.values()].reduce((a, b) => a + b, 0) / [...day.sources.values()].reduce((a, b) => a + b, 0);

console.log(ONE === undefined ? `${DAYS} days of the mix (seeds 1000…${seedOf(DAYS - 1)})` : `the day of seed ${ONE}`);
console.log(
  "| rule | polls a source and day (ratio) | 3/hour median ÷ fixed | 3/day median ÷ fixed | days ≤ 1/3 of the polls | days 3/day no worse | days meeting every goal |",
);
console.log("|---|---|---|---|---|---|---|");
for (const [name, rule] of RULES) {
  const ratios: number[] = [];
  const hourly: number[] = [];
  const threeADay: number[] = [];
  let fewer = 0;
  let noWorse = 0;
  let all = 0;
  for (let n = 0; n < DAYS; n++) {
    const seed = seedOf(n);
    const [adaptive, fixed] = [simulate(rule, seed, n % 2 ? 5 : 0), simulate(null, seed, 0)];
    const ratio = perSource(adaptive) / perSource(fixed);
    const medianRatio = (cls: ClassName) =>
      median(adaptive.delays.get(cls) ?? []) / median(fixed.delays.get(cls) ?? []);
    const [h, d] = [medianRatio("3/hour"), medianRatio("3/day")];
    const within = CLASSES.every((c) => p95(adaptive.delays.get(c.name) ?? []) <= MAX_MINUTES);
    ratios.push(ratio);
    hourly.push(h);
    threeADay.push(d);
    if (ratio <= 1 / 3) fewer++;
    if (d <= 1) noWorse++;
    if (ratio <= 1 / 3 && h <= 1 && d <= 1 && within) all++;
  }
  const share = (k: number) => `${Math.round((100 * k) / DAYS)}%`;
  console.log(
    `| ${name} | ${(median(ratios) * 144).toFixed(1)} (${median(ratios).toFixed(3)}) | ${median(hourly).toFixed(2)} | ${median(threeADay).toFixed(2)} | ${share(fewer)} | ${share(noWorse)} | ${share(all)} |`,
  );
}
