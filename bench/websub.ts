/**
 * WebSub delivery: a poll of 40 section feeds (everything new, so every topic changes) run as `npm run poll` and
 * `npm start` run it — the cycle, then its deliveries queued and sent beside it — with 100 subscribers of the
 * `all` topic (five loopback addresses 127.0.0.1–5, 20 callbacks each, the per-host cap), 10 of which answer
 * 500, against the same poll with no subscriber. Figures: the poll's time (cycle and queuing) with subscribers
 * over without, and the time from the cycle's commit to each delivery's arrival at its subscriber.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CallbackClient } from "@tributary/core/fetch";
import { runCycle } from "@tributary/core/poll";
import type { Store } from "@tributary/core/store";
import { afterCycle } from "@tributary/core/websub";
import { localDeliveries } from "../local/deliveries.ts";
import { startPublisher } from "../testkit/publisher.ts";
import { buildCorpus, corpusConfig, corpusTopics, loopbackFetcher, publishCorpus } from "./poll.ts";
import { type BenchContext, freshStore, median, since } from "./support.ts";
import { type Figure, figure, type Skip } from "./table.ts";

const GROUP = "websub";
const SOURCES = 40;
const PER_FEED = 20;
const ADDRESSES = 5;
const PER_ADDRESS = 20;
const FAILING = 10;
const ROUNDS = 3;

/** One subscriber server per loopback address; each path is one callback. Arrival times by path. */
async function subscribers(): Promise<{ callbacks: string[]; arrivals: Map<string, number>; close(): Promise<void> }> {
  const arrivals = new Map<string, number>();
  const servers: Server[] = [];
  const callbacks: string[] = [];
  for (let a = 1; a <= ADDRESSES; a++) {
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        const path = req.url ?? "";
        const failing = Number(path.slice(2)) < FAILING;
        if (!failing && !arrivals.has(`${a}${path}`)) arrivals.set(`${a}${path}`, performance.now());
        res.writeHead(failing ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, `127.0.0.${a}`, resolve));
    servers.push(server);
    const { port } = server.address() as AddressInfo;
    for (let n = 0; n < PER_ADDRESS; n++) callbacks.push(`http://127.0.0.${a}:${port}/s${(a - 1) * PER_ADDRESS + n}`);
  }
  return {
    callbacks,
    arrivals,
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}

async function subscribe(store: Store, callbacks: string[]): Promise<void> {
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  for (const callback of callbacks) {
    await store.subscriptions.save({
      slug: "all",
      format: "rss",
      topic: "http://127.0.0.1:3000/feeds/all.rss",
      callback,
      callbackHost: new URL(callback).host,
      secret: "bench-secret",
      leaseSeconds: 3600,
      verifiedAt: new Date().toISOString(),
      expiresAt,
    });
  }
}

export async function runWebSub(ctx: BenchContext): Promise<{ figures: Figure[]; skips: Skip[]; details: unknown }> {
  const corpus = buildCorpus(SOURCES, PER_FEED, 5, 2, 800);
  const publisher = await startPublisher();
  const subs = await subscribers();
  const polls = { none: [] as number[], subscribed: [] as number[] };
  const latencies: number[] = [];
  const rounds: number[] = [];
  try {
    publishCorpus(publisher, corpus, { build: new Date(Date.now() - 3_600_000).toUTCString(), conditional: true });
    const config = corpusConfig(corpus, publisher, 4, corpusTopics(SOURCES, 2));
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of ["none", "subscribed"] as const) {
        const store = await freshStore(ctx.endpoint, config.retentionDays);
        if (variant === "subscribed") await subscribe(store, subs.callbacks);
        subs.arrivals.clear();
        const callbacks = new CallbackClient({ timeoutMs: 10_000, maxBytes: 4096, internal: "allowed" });
        const deliveries = localDeliveries(config, store, { overrides: { callbacks, onReport: () => {} } });
        const started = performance.now();
        const result = await runCycle({ config, store, fetcher: loopbackFetcher(config) }, { mode: "all" });
        const committed = performance.now();
        await afterCycle({ config, table: store, sender: deliveries }, result);
        polls[variant].push(since(started));
        if (variant === "subscribed") {
          await deliveries.stop(10_000);
          rounds.push(since(committed));
          const expected = ADDRESSES * PER_ADDRESS - FAILING;
          if (subs.arrivals.size !== expected)
            throw new Error(`${subs.arrivals.size} of ${expected} deliveries arrived`);
          for (const at of subs.arrivals.values()) latencies.push(at - committed);
        } else await deliveries.stop(10_000);
        store.close();
      }
    }
  } finally {
    await subs.close();
    await publisher.close();
  }
  const none = median(polls.none);
  const subscribed = median(polls.subscribed);
  const sorted = [...latencies].sort((a, b) => a - b);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  ctx.log(
    `  poll ${(none / 1000).toFixed(2)} s without subscribers, ${(subscribed / 1000).toFixed(2)} s with 100 (10 failing); ` +
      `commit → delivery median ${p(0.5).toFixed(0)} ms, p95 ${p(0.95).toFixed(0)} ms, all attempts ${median(rounds).toFixed(0)} ms`,
  );
  const figures = [
    figure({
      group: GROUP,
      name: "poll with 100 subscribers (10 failing)",
      value: subscribed,
      unit: "ms",
      baseline: none,
      baselineLabel: "the same poll, no subscriber",
      goal: { on: "ratio", op: "<=", target: 1.25 },
      note: `median of ${ROUNDS}; cycle and queuing, deliveries run beside it`,
    }),
    figure({
      group: GROUP,
      name: "commit → delivery at the subscriber, median",
      value: p(0.5),
      unit: "ms",
      baseline: none,
      baselineLabel: "the poll itself",
      note: `p95 ${p(0.95).toFixed(0)} ms; every attempt of a round done in ${median(rounds).toFixed(0)} ms`,
    }),
  ];
  return { figures, skips: [], details: { polls, rounds, latencyMs: { p50: p(0.5), p95: p(0.95), max: p(1) } } };
}
