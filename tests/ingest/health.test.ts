import { type Config, validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { dueSourceIds, runCycle } from "@tributary/core/poll";
import type { SourceHealth } from "@tributary/core/read";
import type { Store } from "@tributary/core/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { countRequests } from "../../testkit/requests.ts";
import { createTestStore } from "../helpers/store.ts";

let publisher: Awaited<ReturnType<typeof startPublisher>>;
let store: Store;

beforeEach(async () => {
  publisher = await startPublisher();
  store = await createTestStore();
});
afterEach(async () => {
  await publisher.close();
});

const T0 = Date.parse("2026-11-26T12:00:00.000Z");
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function configFor(): Config {
  return validateConfig({
    title: "Health",
    sources: ["steady", "shaky"].map((id) => ({ id, url: `${publisher.url}/${id}.rss`, title: id })),
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
    poll: { everyMinutes: 10, adaptive: false }, // a fixed interval: the adaptive one is tested in schedule-adaptive.test.ts
  });
}

function publish(id: string) {
  const items = [{ title: `${id} story`, link: `https://news.example/${id}/`, pubDate: pubDate(1) }];
  publisher.set(`/${id}.rss`, { body: rss({ title: id, items }), contentType: "application/rss+xml" });
}

/** A cycle whose clock reads `at`, as the schedule's run at `at` would poll. */
const cycleAt = (config: Config, at: number) =>
  runCycle({ config, store, fetcher: new Fetcher({ ...config.poll }), now: () => new Date(at) }, { mode: "all" });

/** `/api/sources` and `/sources` of a fresh app at `at`. */
async function views(config: Config, at: number) {
  const app = createApp({ config, store, now: () => new Date(at) });
  const api = (await (await app.request("/api/sources")).json()) as { sources: SourceHealth[] };
  const page = await (await app.request("/sources")).text();
  return { api: new Map(api.sources.map((s) => [s.id, s])), page };
}

describe("source health after polls that write nothing for their source", () => {
  it("shows fresh poll times for unchanged sources, errors and backoff for failing ones, and clears them on recovery", async () => {
    publish("steady");
    publish("shaky");
    const config = configFor();
    await cycleAt(config, T0);

    const requests = countRequests(store);
    const t1 = T0 + 10 * MIN;
    const second = await cycleAt(config, t1);
    expect(second.summary).toMatchObject({ notModified: 2, failed: 0 });
    expect(requests.writes).toBe(1); // the cycle's poll record; neither state is written
    let seen = await views(config, t1 + MIN);
    for (const id of ["steady", "shaky"]) {
      expect(seen.api.get(id)).toMatchObject({
        status: "ok",
        lastFetchedAt: iso(t1),
        lastSuccessAt: iso(t1),
        nextFetchAt: iso(t1 + 10 * MIN),
        lastError: null,
        consecutiveErrors: 0,
      });
    }
    expect(seen.page).toContain(`datetime="${iso(t1)}"`);
    expect(seen.page).not.toContain(`datetime="${iso(T0)}"`);

    const t2 = T0 + 20 * MIN;
    publisher.set("/shaky.rss", { status: 500, body: "down" });
    await cycleAt(config, t2);
    seen = await views(config, t2 + MIN);
    expect(seen.api.get("steady")).toMatchObject({
      status: "ok",
      lastFetchedAt: iso(t2),
      nextFetchAt: iso(t2 + 10 * MIN),
    });
    const shaky = seen.api.get("shaky") as SourceHealth;
    expect(shaky).toMatchObject({
      status: "failing",
      lastFetchedAt: iso(t2),
      lastSuccessAt: iso(t1),
      consecutiveErrors: 1,
    });
    expect(shaky.lastError).toMatch(/500/);
    // Backoff: the interval ±25% after the failure.
    expect(Date.parse(shaky.nextFetchAt ?? "")).toBeGreaterThanOrEqual(t2 + 7.5 * MIN);
    expect(seen.page).toContain("Failing (1 error in a row)");

    const t3 = T0 + 40 * MIN;
    publish("shaky"); // the same body as before it failed: an unchanged poll, but its errors clear
    await cycleAt(config, t3);
    seen = await views(config, t3 + MIN);
    for (const id of ["steady", "shaky"]) {
      expect(seen.api.get(id)).toMatchObject({
        status: "ok",
        lastFetchedAt: iso(t3),
        lastSuccessAt: iso(t3),
        nextFetchAt: iso(t3 + 10 * MIN),
        lastError: null,
        consecutiveErrors: 0,
      });
    }
    expect(seen.page).not.toContain(`class="status status-failing"`);
  });
});

describe("source health's next fetch after the schedule's configuration changes", () => {
  /** Entries a day apart, the newest three days old: a quiet source, whose adapted interval reaches `maxMinutes`. */
  function publishQuiet(id: string) {
    const base = T0 - 10 * 24 * 60 * MIN;
    const items = [0, 1, 2, 3, 4, 5, 6, 7].map((day) => ({
      title: `${id} story ${day}`,
      link: `https://news.example/${id}/${day}/`,
      pubDate: pubDate(day * 24, base),
    }));
    publisher.set(`/${id}.rss`, { body: rss({ title: id, items }), contentType: "application/rss+xml" });
  }

  function adaptive(changes: { adaptive?: boolean; steadyEvery?: number } = {}): Config {
    return validateConfig({
      title: "Health",
      sources: ["steady", "shaky"].map((id) => ({
        id,
        url: `${publisher.url}/${id}.rss`,
        title: id,
        ...(id === "steady" && changes.steadyEvery ? { everyMinutes: changes.steadyEvery } : {}),
      })),
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
      poll: { everyMinutes: 10, minMinutes: 5, maxMinutes: 360, adaptive: changes.adaptive ?? true },
    });
  }

  /** The first minute (whole minutes after `from`) at which the schedule finds `id` due. */
  async function firstDue(config: Config, id: string, from: number): Promise<number> {
    for (let at = from; at <= from + 400 * MIN; at += MIN) {
      if ((await dueSourceIds(store, config, new Date(at))).includes(id)) return at;
    }
    throw new Error(`${id} never due`);
  }

  it("follows a fixed interval set after the last poll (poll.adaptive: false, a source's everyMinutes), as the schedule does, at no extra cost", async () => {
    publishQuiet("steady");
    publishQuiet("shaky");
    const before = adaptive();
    await cycleAt(before, T0);
    const at = T0 + MIN;
    const requests = countRequests(store);
    const planned = (await views(before, at)).api;
    const cost = requests.total;
    for (const id of ["steady", "shaky"]) expect(planned.get(id)?.nextFetchAt).toBe(iso(T0 + 360 * MIN));

    // poll.adaptive: false: every source is due poll.everyMinutes after its last poll's cycle.
    const fixed = adaptive({ adaptive: false });
    requests.reset();
    const afterFixed = (await views(fixed, at)).api;
    expect(requests.total).toBe(cost);
    for (const id of ["steady", "shaky"]) {
      expect(afterFixed.get(id)?.nextFetchAt).toBe(iso(T0 + 10 * MIN));
      expect(await firstDue(fixed, id, at)).toBe(T0 + 10 * MIN);
    }

    // A source's everyMinutes fixes its interval whatever adaptive says; the others keep their planned time.
    const every = adaptive({ steadyEvery: 60 });
    const afterEvery = (await views(every, at)).api;
    expect(afterEvery.get("steady")?.nextFetchAt).toBe(iso(T0 + 60 * MIN));
    expect(await firstDue(every, "steady", at)).toBe(T0 + 60 * MIN);
    expect(afterEvery.get("shaky")?.nextFetchAt).toBe(iso(T0 + 360 * MIN));

    // A held-back source keeps its stored time (its backoff), whatever the fixed interval.
    publisher.set("/shaky.rss", { status: 500, body: "down" });
    await cycleAt(fixed, T0 + 10 * MIN);
    const failing = (await views(adaptive({ adaptive: false }), T0 + 11 * MIN)).api.get("shaky") as SourceHealth;
    expect(failing.status).toBe("failing");
    const stored = (await store.sources.states(["shaky"])).get("shaky");
    expect(failing.nextFetchAt).toBe(stored?.nextFetchAt);
  });
});

describe("the order of failing sources", () => {
  it("puts the longest failing first by when each began failing, however often it was polled by hand since", async () => {
    // `steady` fails once at T0; `shaky`, added later, fails six times in a row by hand an hour after
    // (more failures than backoff would have let happen since T0).
    publisher.set("/steady.rss", { status: 500 });
    publisher.set("/shaky.rss", { status: 500 });
    const config = configFor();
    await runCycle(
      { config, store, fetcher: new Fetcher({ ...config.poll }), now: () => new Date(T0) },
      { mode: "ids", ids: ["steady"] },
    );
    for (let n = 0; n < 6; n++) {
      await runCycle(
        { config, store, fetcher: new Fetcher({ ...config.poll }), now: () => new Date(T0 + 60 * MIN + n * MIN) },
        { mode: "ids", ids: ["shaky"] },
      );
    }
    const app = createApp({ config, store, now: () => new Date(T0 + 70 * MIN) });
    const api = (await (await app.request("/api/sources?status=failing")).json()) as { sources: SourceHealth[] };
    expect(api.sources.map((s) => [s.id, s.consecutiveErrors])).toEqual([
      ["steady", 1],
      ["shaky", 6],
    ]);
    // Recovered, it starts afresh: its next failure begins a new run.
    publish("steady");
    await cycleAt(config, T0 + 80 * MIN);
    publisher.set("/steady.rss", { status: 500 });
    await cycleAt(config, T0 + 100 * MIN);
    const later = createApp({ config, store, now: () => new Date(T0 + 101 * MIN) });
    const again = (await (await later.request("/api/sources?status=failing")).json()) as { sources: SourceHealth[] };
    expect(again.sources.map((s) => s.id)).toEqual(["shaky", "steady"]);
  });
});
