/**
 * The schedule and worker handlers, invoked with the events AWS sends, against DynamoDB Local and a local
 * publisher; the FIFO queue between them is an in-memory stand-in with SQS's semantics (tests/infra/fifo.ts).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { pollerPlan } from "@tributary/core/aws";
import { type Config, validateConfig } from "@tributary/core/config";
import { StorageError } from "@tributary/core/errors";
import { Fetcher } from "@tributary/core/fetch";
import { pickSources } from "@tributary/core/poll";
import { openStore, type SourceState, type Store, sourceList, topicList } from "@tributary/core/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parsePollMessage } from "../../functions/poller/messages.ts";
import { createScheduleHandler } from "../../functions/poller/schedule.ts";
import { createWorkerHandler } from "../../functions/poller/worker.ts";
import type { MetricsSink } from "../../functions/runtime.ts";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { type FixtureResponse, type Publisher, startPublisher } from "../../testkit/publisher.ts";
import { createTestStore, intercept } from "../helpers/store.ts";
import { scheduledEvent, sqsRecord } from "./events.ts";
import { type Batching, FifoQueue } from "./fifo.ts";

const HOSTS = ["a.test", "b.test", "c.test", "d.test", "e.test", "f.test"];
/** Sources per host: a.test has more than `perHost`, and more hosts than `concurrency` have sources. */
const SOURCES_OF: Record<string, number> = { "a.test": 4 };
const sourcesOf = (host: string) => SOURCES_OF[host] ?? 2;
const FEEDS = HOSTS.reduce((sum, host) => sum + sourcesOf(host), 0);

/** A publisher of every source's feed (any Host), each answer a little slow so that fetches overlap. */
async function feeds(): Promise<Publisher> {
  const publisher = await startPublisher();
  for (const host of HOSTS) {
    for (let n = 0; n < sourcesOf(host); n++) {
      const items = Array.from({ length: 5 }, (_, i) => ({
        title: `${host} story ${n}.${i}`,
        link: `https://news.example/${host}/${n}/${i}`,
        pubDate: pubDate(n * 10 + i),
      }));
      const fixture: FixtureResponse = {
        body: rss({ title: `${host} ${n}`, items }),
        contentType: "application/rss+xml",
        delayMs: 80,
      };
      publisher.set(`/${host}/${n}.rss`, fixture);
    }
  }
  publisher.set("/broken.rss", { status: 500, body: "down" });
  return publisher;
}

let publisher: Publisher;
beforeEach(async () => {
  publisher = await feeds();
});
afterEach(() => publisher.close());

/** Sources on six hosts (all served by the publisher), one of them failing; limits small enough to matter. */
function testConfig(poll: Partial<Config["poll"]> = {}): Config {
  const port = new URL(publisher.url).port;
  const sources = HOSTS.flatMap((host) =>
    Array.from({ length: sourcesOf(host) }, (_, n) => ({
      id: `${host.split(".")[0]}-${n}`,
      url: `http://${host}:${port}/${host}/${n}.rss`,
    })),
  );
  sources.push({ id: "broken", url: `http://a.test:${port}/broken.rss` });
  return validateConfig({
    title: "Poller",
    sources,
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
    // A fixed interval: the pipeline is what is tested here (the adaptive one: tests/ingest/schedule-adaptive.test.ts).
    poll: {
      everyMinutes: 10,
      adaptive: false,
      concurrency: 4,
      perHost: 2,
      timeoutMs: 5000,
      maxBytes: 1 << 20,
      ...poll,
    },
  });
}

/** Every *.test name is the publisher on loopback. */
const resolveToPublisher = async () => [{ address: "127.0.0.1", family: 4 as const }];

/** One second into the current schedule window (`minMinutes` long), so that a run a minute later falls in the same window. */
function windowStart(config: Config): Date {
  const window = config.poll.minMinutes * 60_000;
  return new Date(Math.floor(Date.now() / window) * window + 1000);
}

const silent = () => new Logger({ serviceName: "poller", logLevel: "SILENT" });

function recorder() {
  const metrics: { name: string; unit: string; value: number }[] = [];
  const sink: MetricsSink & { metrics: typeof metrics; published: number } = {
    metrics,
    published: 0,
    addMetric(name, unit, value) {
      metrics.push({ name, unit, value });
    },
    publishStoredMetrics() {
      sink.published++;
    },
  };
  return sink;
}

function worker(config: Config, store: Store, metrics: MetricsSink = recorder()) {
  const fetcher = new Fetcher({ ...pollerPlan(config.poll).fetcher, resolve: resolveToPublisher });
  return createWorkerHandler(() => ({ config, store, fetcher, logger: silent(), metrics }));
}

/** A store whose source-state writes fail for `failing` after a successful fetch: a storage failure mid-poll. */
function failingFor(store: Store, failing: Set<string>): Store {
  return intercept(store, {
    "sources.save": async (save, state: SourceState) => {
      if (failing.has(state.id) && state.status === "ok") throw new StorageError("save source state failed: throttled");
      return save(state);
    },
  });
}

describe("schedule → queue → workers", () => {
  it.each<Batching>(["one-group", "many-groups"])(
    "enqueues each due source once per window, grouped per host, and the workers store every item within the limits (%s batches)",
    async (batching) => {
      const config = testConfig();
      const plan = pollerPlan(config.poll);
      const store = await createTestStore();
      const queue = new FifoQueue(batching);
      const at = windowStart(config);
      const schedule = createScheduleHandler(() => ({ config, store, queue, logger: silent(), now: () => at }));

      const first = await schedule(scheduledEvent(at));
      expect(first).toMatchObject({ due: FEEDS + 1, enqueued: FEEDS + 1 });
      // Several sources a message: fewer messages than sources.
      expect(first.messages).toBe(queue.size);
      expect(first.messages).toBeLessThan(FEEDS + 1);
      // An overlapping run in the same window (or a retry of the same event) adds nothing.
      await schedule(scheduledEvent(new Date(at.getTime() + 60_000)));
      expect(queue.size).toBe(first.messages);

      // Every source is in one message; each host's sources are spread over perHost groups, no group is shared
      // by two slots of one host.
      const polled = queue.sent.flatMap((e) => parsePollMessage(e.MessageBody)?.sourceIds ?? []);
      expect(polled.sort()).toEqual(config.sources.map((s) => s.id).sort());
      const hostOf = new Map(config.sources.map((s) => [s.id, new URL(s.url).hostname]));
      const groups = new Map<string, Set<string>>();
      for (const entry of queue.sent) {
        for (const id of parsePollMessage(entry.MessageBody)?.sourceIds ?? []) {
          const host = hostOf.get(id) as string;
          groups.set(host, (groups.get(host) ?? new Set()).add(entry.MessageGroupId));
        }
      }
      for (const host of HOSTS) expect(groups.get(host)?.size, host).toBe(config.poll.perHost);

      const metrics = recorder();
      const workers = Array.from({ length: plan.maxWorkers }, () => worker(config, store, metrics));
      await queue.drain(workers, plan.batchSize);

      expect(queue.failures).toEqual([]);
      const page = await store.lists.page("t:all", { limit: 200, cutoff: "2000" });
      expect(page.items).toHaveLength(FEEDS * 5);
      const states = await store.sources.states(config.sources.map((s) => s.id));
      expect(states.get("broken")?.status).toBe("failing");
      expect(states.get("a-0")?.status).toBe("ok");

      // The fetch limits (concurrency, per host) held across the workers, and the workers did work side by side.
      for (const host of HOSTS) expect(publisher.maxInFlight(host)).toBeLessThanOrEqual(config.poll.perHost);
      expect(publisher.maxInFlight()).toBeLessThanOrEqual(config.poll.concurrency);
      expect(publisher.maxInFlight()).toBeGreaterThan(1);

      const total = (name: string) =>
        metrics.metrics.filter((m) => m.name === name).reduce((sum, m) => sum + m.value, 0);
      expect(total("SourcesOk")).toBe(FEEDS);
      expect(total("SourcesFailing")).toBe(1);
      expect(total("ItemsNew")).toBe(FEEDS * 5);
      expect(metrics.metrics.filter((m) => m.name === "FetchMs")).toHaveLength(FEEDS + 1);

      // The next window finds nothing due: polled sources wait poll.everyMinutes, the failing one backs off.
      const later = new Date(at.getTime() + 60_000);
      const next = createScheduleHandler(() => ({ config, store, queue, logger: silent(), now: () => later }));
      expect(await next(scheduledEvent(new Date(at.getTime() + 11 * 60_000)))).toEqual({
        due: 0,
        enqueued: 0,
        messages: 0,
        failingOverADay: 0,
      });
      // One interval after the run, every healthy source is due again: its worker's poll record carries the
      // run's scheduled time, not the (later) fetch time.
      const interval = new Date(at.getTime() + config.poll.everyMinutes * 60_000);
      const again = await pickSources({ config, store, now: () => interval }, { mode: "due" });
      const healthy = config.sources.map((s) => s.id).filter((id) => id !== "broken");
      expect(again.filter((id) => id !== "broken")).toEqual(healthy);
    },
  );

  it("returns only the messages whose items could not be stored, and SQS's retry stores them", async () => {
    const config = testConfig();
    const store = await createTestStore();
    const queue = new FifoQueue();
    const at = new Date();
    await createScheduleHandler(() => ({ config, store, queue, logger: silent(), now: () => at }))(scheduledEvent(at));
    const records = queue.sent.map((entry) => sqsRecord(entry));
    const bySource = new Map(records.flatMap((r) => (parsePollMessage(r.body)?.sourceIds ?? []).map((id) => [id, r])));
    // The failing source and the sources that will not be stored travel in different messages.
    expect(["b-1", "c-0"].map((id) => bySource.get(id))).not.toContain(bySource.get("broken"));

    const flaky = worker(config, failingFor(store, new Set(["b-1", "c-0"])));
    const response = await flaky({ Records: records });
    // A message goes back whole when one of its sources could not be stored.
    const expected = [...new Set([bySource.get("b-1")?.messageId, bySource.get("c-0")?.messageId])];
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(expected.sort());
    // The failing source's fetch failure is not a message failure.
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).not.toContain(bySource.get("broken")?.messageId);

    const retried = records
      .filter((r) => expected.includes(r.messageId))
      .map((r) => ({ ...r, attributes: { ...r.attributes, ApproximateReceiveCount: "2" } }));
    const healthy = worker(config, store);
    expect(await healthy({ Records: retried })).toEqual({ batchItemFailures: [] });
    const b1 = await store.lists.page("s:b-1", { limit: 50, cutoff: "2000" });
    expect(b1.items).toHaveLength(5);
    expect((await store.sources.states(["b-1"])).get("b-1")?.status).toBe("ok");
  });

  it("hands back every message when the table is unreachable, and unreadable messages", async () => {
    const config = testConfig();
    const down = await openStore({
      endpoint: "http://127.0.0.1:9",
      tableName: "nowhere",
      retentionDays: 90,
      maxAttempts: 1,
    });
    const records = [
      sqsRecord({
        MessageBody: JSON.stringify({ sourceId: "a-0", scheduledAt: new Date().toISOString() }),
        MessageGroupId: "a.test#0",
        MessageDeduplicationId: "x",
      }),
      sqsRecord({
        MessageBody: JSON.stringify({ sourceId: "b-0", scheduledAt: new Date().toISOString() }),
        MessageGroupId: "b.test#0",
        MessageDeduplicationId: "y",
      }),
    ];
    const response = await worker(config, down)({ Records: records });
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      records.map((r) => r.messageId).sort(),
    );

    const store = await createTestStore();
    const garbage = sqsRecord({
      MessageBody: "not a poll message",
      MessageGroupId: "a.test#0",
      MessageDeduplicationId: "z",
    });
    const mixed = await worker(config, store)({ Records: [garbage, records[0] as (typeof records)[0]] });
    expect(mixed.batchItemFailures).toEqual([{ itemIdentifier: garbage.messageId }]);
  });

  it("ignores messages of sources no longer configured", async () => {
    const config = testConfig();
    const store = await createTestStore();
    const gone = sqsRecord({
      MessageBody: JSON.stringify({ sourceId: "removed-source", scheduledAt: "" }),
      MessageGroupId: "a.test#0",
      MessageDeduplicationId: "g",
    });
    expect(await worker(config, store)({ Records: [gone] })).toEqual({ batchItemFailures: [] });
  });

  it("fetches the article pages of its own sources after its polls, and delivers the topics they change", async () => {
    const port = new URL(publisher.url).port;
    const teaser = "<p>Diplomats from both sides met in Geneva on Tuesday to resume talks over a ceasefire.</p>";
    const body = Array.from(
      { length: 8 },
      (_, n) =>
        `<p>Paragraph ${n}: ${teaser.slice(3, -4)} Officials said the negotiations would continue next week, although neither delegation described any progress.</p>`,
    ).join("");
    publisher.set("/p.rss", {
      body: rss({
        title: "P",
        items: [1, 2].map((n) => ({
          title: `Talks ${n}`,
          link: `http://p.test:${port}/article/${n}`,
          pubDate: new Date(Date.now() - n * 3_600_000).toUTCString(),
          description: teaser,
        })),
      }),
      contentType: "application/rss+xml",
    });
    for (const n of [1, 2]) {
      publisher.set(`/article/${n}`, {
        body: `<!DOCTYPE html><html><head><title>Talks ${n}</title></head><body><article><h1>Talks ${n}</h1>${body}</article></body></html>`,
        contentType: "text/html; charset=utf-8",
      });
    }
    const config = validateConfig({
      title: "Poller",
      sources: [
        { id: "p", url: `http://p.test:${port}/p.rss`, fullText: "auto" },
        { id: "other", url: `http://q.test:${port}/q.rss`, fullText: "auto" },
      ],
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
      poll: { concurrency: 4, perHost: 2, timeoutMs: 5000 },
    });
    const store = await createTestStore();
    // A job of a source outside the batch: another worker's (its host group's) to run.
    await store.pages.queue([
      {
        itemId: "x",
        sourceId: "other",
        url: `http://q.test:${port}/article/x`,
        selector: null,
        attempts: 0,
        dueAt: new Date(0).toISOString(),
      },
    ]);
    const fetcher = new Fetcher({ ...pollerPlan(config.poll).fetcher, resolve: resolveToPublisher });
    const delivered: string[][] = [];
    const handler = createWorkerHandler(() => ({
      config,
      store,
      fetcher,
      logger: silent(),
      metrics: recorder(),
      afterBatch: async (result) => {
        delivered.push([...(result.changedLists ?? [])]);
        return 0;
      },
    }));
    const message = sqsRecord({
      MessageBody: JSON.stringify({ sourceIds: ["p"], scheduledAt: new Date().toISOString() }),
      MessageGroupId: "p.test#0",
      MessageDeduplicationId: "p",
    });
    expect(await handler({ Records: [message] })).toEqual({ batchItemFailures: [] });
    const list = await store.lists.page(sourceList("p"), { limit: 10, cutoff: "" });
    expect(list.items.map((item) => item.contentSource)).toEqual(["page", "page"]);
    expect(
      publisher.requests
        .filter((r) => r.path.startsWith("/article/"))
        .map((r) => r.path)
        .sort(),
    ).toEqual(["/article/1", "/article/2"]);
    expect(delivered).toEqual([expect.arrayContaining([topicList("all")])]);
    // The other source's job was left alone.
    expect((await store.pages.due(new Date(), 10)).map((job) => job.sourceId)).toEqual(["other"]);
  });

  it("enqueues a source with an article page due though its feed is not due, so the retry runs at the next run", async () => {
    const config = validateConfig({
      title: "Poller",
      sources: ["p", "q"].map((id) => ({ id, url: `${publisher.url}/${id}.rss`, fullText: "never" })),
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    });
    for (const id of ["p", "q"]) {
      publisher.set(`/${id}.rss`, {
        body: rss({ title: id, items: [{ title: `${id} 1`, link: `https://${id}.example/1`, pubDate: pubDate(1) }] }),
        contentType: "application/rss+xml",
      });
    }
    const store = await createTestStore();
    const at = new Date();
    const fetcher = new Fetcher({ ...pollerPlan(config.poll).fetcher });
    const worker = createWorkerHandler(() => ({ config, store, fetcher, logger: silent(), metrics: recorder() }));
    const message = sqsRecord({
      MessageBody: JSON.stringify({ sourceIds: ["p", "q"], scheduledAt: at.toISOString() }),
      MessageGroupId: "g#0",
      MessageDeduplicationId: "pq",
    });
    expect(await worker({ Records: [message] })).toEqual({ batchItemFailures: [] });
    // Both just polled: nothing is due. A page of p's failed once and is due again (its retry).
    const soon = new Date(at.getTime() + 60_000);
    expect(await pickSources({ config, store, now: () => soon }, { mode: "due" })).toEqual([]);
    const job = { itemId: "x", sourceId: "p", url: "https://p.example/1", selector: null, attempts: 1 };
    await store.pages.queue([{ ...job, dueAt: at.toISOString() }]);
    const queue = new FifoQueue();
    const schedule = createScheduleHandler(() => ({ config, store, queue, logger: silent(), now: () => soon }));
    expect(await schedule(scheduledEvent(soon))).toMatchObject({ due: 1, enqueued: 1 });
    expect(queue.sent.flatMap((e) => parsePollMessage(e.MessageBody)?.sourceIds ?? [])).toEqual(["p"]);
  });
});
