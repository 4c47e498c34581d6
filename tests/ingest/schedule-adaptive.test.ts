/**
 * The adaptive schedule through real polls: loopback publishers whose feeds gain entries on a simulated clock, the
 * schedule picking due sources and workers polling them as in AWS (testkit/schedule-sim.ts).
 */
import { type Config, validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { runCycle } from "@tributary/core/poll";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Publisher, startPublisher } from "../../testkit/publisher.ts";
import { countRequests } from "../../testkit/requests.ts";
import { type SimFeed, simPath, simulateSchedule } from "../../testkit/schedule-sim.ts";
import { createTestStore } from "../helpers/store.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Midnight UTC two days ago: the simulated day stays in the past of the real clock, which dates responses. */
const S = Math.floor(Date.now() / DAY) * DAY - 2 * DAY;

let publisher: Publisher;
beforeEach(async () => {
  publisher = await startPublisher();
});
afterEach(() => publisher.close());

/** Publication times every `everyMinutes` from `from` to `to`. */
const every = (everyMinutes: number, from: number, to: number) =>
  Array.from({ length: Math.floor((to - from) / (everyMinutes * MIN)) }, (_, n) => from + n * everyMinutes * MIN);

const configOf = (
  feeds: (SimFeed & { source?: Record<string, unknown> })[],
  poll: Record<string, unknown> = {},
): Config =>
  validateConfig({
    title: "Schedule",
    sources: feeds.map((f) => ({ id: f.id, url: `${publisher.url}${simPath(f.id)}`, ...f.source })),
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
    poll: { everyMinutes: 10, ...poll },
  });

/** The gaps between a source's polls, in minutes. */
const gaps = (polls: number[] | undefined) => (polls ?? []).slice(1).map((t, n) => (t - (polls?.[n] as number)) / MIN);

async function run(feeds: SimFeed[], config: Config, hours: number, measureFrom = S) {
  const store = await createTestStore();
  try {
    return await simulateSchedule({
      config,
      store,
      fetcher: new Fetcher({ ...config.poll }),
      publisher,
      feeds,
      from: S,
      to: S + hours * HOUR,
      stepMinutes: config.poll.minMinutes,
      measureFrom,
    });
  } finally {
    store.close();
  }
}

// Each test runs hours of simulated cycles against DynamoDB Local: 20–30 s on an idle machine, over a minute on a
// loaded one (it timed out at the default minute there), so the bound against a hang is wider.
describe("the adaptive schedule", { timeout: 180_000 }, () => {
  it("polls a busy source often and a quiet one rarely, within minMinutes and maxMinutes", async () => {
    const feeds: SimFeed[] = [
      { id: "busy", published: every(6, S - 3 * HOUR, S + 12 * HOUR) },
      { id: "three-a-day", published: every(8 * 60, S - 7 * DAY, S + DAY) },
      { id: "daily", published: every(24 * 60, S - 20 * DAY, S + 12 * HOUR) },
      { id: "quiet", published: every(7 * 24 * 60, S - 70 * DAY, S) },
    ];
    const result = await run(feeds, configOf(feeds), 12, S + 4 * HOUR);
    const busy = gaps(result.polls.get("busy"));
    expect(Math.min(...busy)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...busy)).toBeLessThanOrEqual(10);
    // From the 4th hour: polled at 5 or 10 minutes, every entry stored within 10 minutes of its publication.
    expect(busy.length).toBeGreaterThanOrEqual(8 * 6 - 1);
    expect(Math.max(...(result.delays.get("busy") ?? []))).toBeLessThanOrEqual(10);
    // Three entries a day (a mean gap of 8 hours, busy): every everyMinutes (10), as the fixed schedule polls it, so its
    // entry of 8:00 waits no longer than there.
    expect(new Set(gaps(result.polls.get("three-a-day")))).toEqual(new Set([10]));
    expect(result.delays.get("three-a-day")).toEqual([0]);
    // Daily and weekly sources (quiet) are polled every maxMinutes (360): at 6:00 only in the hours 4 to 12.
    expect(result.polls.get("daily")).toEqual([S + 6 * HOUR]);
    expect(result.polls.get("quiet")).toEqual([S + 6 * HOUR]);
  });

  it("keeps a busy source at everyMinutes through a silence until its mean gap passes 14 hours, then waits longer after each empty poll, and a find resets it", async () => {
    // Three entries half an hour apart, then nothing until a burst of four at 3,000 minutes. everyMinutes 30 (the
    // schedule runs every 30 minutes), maxMinutes a day.
    const burst = [0, 5, 10, 15].map((m) => S + (3000 + m) * MIN);
    const feeds: SimFeed[] = [{ id: "burst", published: [S - 60 * MIN, S - 30 * MIN, S, ...burst] }];
    const config = configOf(feeds, { everyMinutes: 30, minMinutes: 30, maxMinutes: 1440 });
    const result = await run(feeds, config, 56);
    const polls = (result.polls.get("burst") ?? []).map((t) => (t - S) / MIN);
    // The mean gap at t (minutes after S) is (t + 60) / 2: busy (every 30 minutes) until it passes 840 at t = 1,620.
    const busy = Array.from({ length: 56 }, (_, n) => 30 * n);
    expect(polls.slice(0, 56)).toEqual(busy);
    // Then quiet: at 1,650 a quarter of 855 and of the 1,650 minutes since the find at 0: 626 → the run at 2,280;
    // there a quarter of 1,170 and of 2,280: 863 → the run at 3,150, which finds the burst: mean gap (3,150 + 60) / 6
    // = 535, busy again, every 30 minutes.
    expect(polls.slice(56, 60)).toEqual([2280, 3150, 3180, 3210]);
    expect(result.delays.get("burst")?.slice(-4)).toEqual([150, 145, 140, 135]);
  });

  it("honours each publisher hint, capped at maxMinutes, and leaves a fixed interval alone", async () => {
    const busy = every(6, S - 3 * HOUR, S + 8 * HOUR);
    const skipped = "<hour>2</hour>";
    const allDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    const feeds: (SimFeed & { source?: Record<string, unknown> })[] = [
      { id: "plain", published: busy },
      { id: "ttl", published: busy, channelXml: "<ttl>60</ttl>" },
      { id: "ttl-capped", published: busy, channelXml: "<ttl>1440</ttl>" },
      { id: "max-age", published: busy, headers: { "Cache-Control": "public, max-age=1800" } },
      { id: "expires", published: busy, headers: { Expires: new Date(Date.now() + 45 * MIN).toUTCString() } },
      {
        id: "sy",
        published: busy,
        channelXml: "<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>",
      },
      { id: "skip-hours", published: busy, channelXml: `<skipHours>${skipped}</skipHours>` },
      {
        id: "skip-days",
        published: busy,
        channelXml: `<skipDays>${allDays.map((d) => `<day>${d}</day>`).join("")}</skipDays>`,
      },
      { id: "fixed", published: busy, channelXml: "<ttl>60</ttl>", source: { everyMinutes: 30 } },
    ];
    const result = await run(feeds, configOf(feeds, { maxMinutes: 120 }), 8);
    const all = (id: string) => new Set(gaps(result.polls.get(id)));
    expect(Math.max(...all("plain"))).toBeLessThanOrEqual(10);
    expect(all("ttl")).toEqual(new Set([60]));
    expect(all("ttl-capped")).toEqual(new Set([120]));
    expect(all("max-age")).toEqual(new Set([30]));
    expect(all("expires")).toEqual(new Set([45]));
    expect(all("sy")).toEqual(new Set([30]));
    expect(all("skip-days")).toEqual(new Set([120]));
    expect(all("fixed")).toEqual(new Set([30]));
    // No poll in the GMT hour 2; the first after it at 3:00 (a longer skip stops at maxMinutes, as skip-days shows).
    const hours = (result.polls.get("skip-hours") ?? []).map((t) => (t - S) / HOUR);
    expect(hours.filter((h) => h >= 2 && h < 3)).toEqual([]);
    expect(hours).toContain(3);
    expect(hours.filter((h) => h < 2).length).toBeGreaterThan(10);
  });

  it("polls every source every poll.everyMinutes with adaptive: false, a source's everyMinutes still its own", async () => {
    const feeds: (SimFeed & { source?: Record<string, unknown> })[] = [
      { id: "quiet", published: every(7 * 24 * 60, S - 70 * DAY, S) },
      { id: "busy", published: every(6, S - 3 * HOUR, S + 2 * HOUR) },
      { id: "own", published: every(6, S - 3 * HOUR, S + 2 * HOUR), source: { everyMinutes: 20 } },
    ];
    const result = await run(feeds, configOf(feeds, { adaptive: false, everyMinutes: 15 }), 2);
    expect(new Set(gaps(result.polls.get("quiet")))).toEqual(new Set([15]));
    expect(new Set(gaps(result.polls.get("busy")))).toEqual(new Set([15]));
    expect(new Set(gaps(result.polls.get("own")))).toEqual(new Set([20]));
  });

  it("writes nothing of a source's own when it adapts: an unchanged poll of a hinted source writes only the poll record", async () => {
    const feeds: SimFeed[] = [{ id: "hinted", published: every(60, S - DAY, S) }];
    const channelXml = "<ttl>30</ttl><skipDays><day>Sunday</day></skipDays>";
    publisher.set(simPath("hinted"), {
      body: (await import("../../testkit/feeds.ts")).rss({
        title: "hinted",
        channelXml,
        items: [{ title: "one", link: "https://news.example/one", pubDate: new Date(S - HOUR).toUTCString() }],
      }),
      headers: { "Cache-Control": "max-age=900" },
    });
    const config = configOf(feeds);
    const store = await createTestStore();
    try {
      const fetcher = new Fetcher({ ...config.poll });
      const cycle = (minutes: number) =>
        runCycle({ config, store, fetcher, now: () => new Date(S + minutes * MIN) }, { mode: "all" });
      await cycle(0);
      const requests = countRequests(store);
      for (const minutes of [30, 60, 90]) {
        requests.reset();
        expect((await cycle(minutes)).summary).toMatchObject({ notModified: 1 });
        expect(requests.writes).toBe(1); // the poll record
      }
      const [state] = (await store.sources.states(["hinted"])).values();
      expect(state?.hints).toEqual({
        freshMinutes: 15,
        ttlMinutes: 30,
        updateMinutes: null,
        skipHours: [],
        skipDays: [0],
      });
    } finally {
      store.close();
    }
  });

  it("migrates a state from before the schedule's inputs: one whole read for the publication times, nothing stored twice", async () => {
    const feeds: SimFeed[] = [{ id: "old", published: every(120, S - DAY, S) }];
    const config = configOf(feeds);
    const store = await createTestStore();
    try {
      const fetcher = new Fetcher({ ...config.poll });
      await simulateSchedule({ config, store, fetcher, publisher, feeds, from: S, to: S + MIN, stepMinutes: 5 });
      // The state as the one-interval schedule wrote it: no publication times, no last find, no hints.
      const [current] = (await store.sources.states(["old"])).values();
      if (!current) throw new Error("no state");
      const { published, foundAt, hints, ...older } = current;
      expect(published).toHaveLength(12); // every entry of the feed, up to 20
      await store.sources.save(older as typeof current);
      const seen = publisher.requests.length;
      const requests = countRequests(store);
      const result = await runCycle({ config, store, fetcher, now: () => new Date(S + 10 * MIN) }, { mode: "all" });
      expect(result.summary).toMatchObject({ sources: 1, itemsNew: 0, itemsUpdated: 0 });
      const [request] = publisher.requests.slice(seen);
      expect(request?.headers["if-none-match"]).toBeUndefined(); // read whole, once
      expect(requests.writes).toBe(2); // its state, with the schedule's inputs, and the poll record
      const [migrated] = (await store.sources.states(["old"])).values();
      expect(migrated?.published).toEqual(published);
      expect(migrated?.foundAt).toBe(new Date((published?.[0] as number) * MIN).toISOString());
      // From then on it is polled conditionally again.
      const again = publisher.requests.length;
      await runCycle({ config, store, fetcher, now: () => new Date(S + 20 * MIN) }, { mode: "all" });
      expect(publisher.requests.slice(again)[0]?.headers["if-none-match"]).toBeDefined();
    } finally {
      store.close();
    }
  });
});
