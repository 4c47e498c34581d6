/**
 * The soak: seeded rounds of publisher changes, each polled by 2–3 cycles at once through a proxy that fails a
 * random share of storage requests, then by one healthy cycle, after which the store and the served lists must
 * equal the model. A divergence is replayed from a fresh table with rounds and changes left out, to print the
 * shortest trace that still diverges. Loopback only: a local publisher, DynamoDB Local behind the fault proxy.
 */
import { randomUUID } from "node:crypto";
import { type Config, validateConfig } from "@tributary/core/config";
import { Fetcher, type FetchRequest, type FetchResult } from "@tributary/core/fetch";
import { runCycle } from "@tributary/core/poll";
import { openStore, type Store } from "@tributary/core/store";
import { rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { atRate, type FaultProxy, healthy, quickStore, startFaultProxy } from "../helpers/fault-proxy.ts";
import { divergences } from "./check.ts";
import {
  describeOp,
  drawOps,
  link,
  Model,
  type Op,
  RETENTION_DAYS,
  SECTIONS,
  STEP_MS,
  seededRandom,
  TOPICS,
  World,
} from "./model.ts";

/** One round: the changes made, then `cycles` polls at once with `faultRate` of storage requests failing. */
export interface Round {
  index: number;
  now: number;
  ops: Op[];
  cycles: number;
  faultRate: number;
  faultSeed: number;
}

/** What a soak found. */
export interface SoakReport {
  seed: number;
  rounds: number;
  /** Poll cycles run (the concurrent ones and the healthy one of each round). */
  polls: number;
  faultsInjected: number;
  divergence: { round: number; problems: string[]; trace: string } | null;
}

/** A fetcher on the soak's virtual clock: a fetched body is dated by the round's time, not the wall clock. */
class ClockedFetcher extends Fetcher {
  constructor(
    options: ConstructorParameters<typeof Fetcher>[0],
    private readonly at: Date,
  ) {
    super(options);
  }
  override async fetch(request: FetchRequest): Promise<FetchResult> {
    const result = await super.fetch(request);
    return result.status === "ok" ? { ...result, requestedAt: this.at } : result;
  }
}

type Publisher = Awaited<ReturnType<typeof startPublisher>>;

interface Rig {
  endpoint: string;
  publisher: Publisher;
  proxy: FaultProxy;
  config: Config;
}

function publish(rig: Rig, world: World): void {
  for (const section of SECTIONS) {
    if (world.failing.has(section)) {
      rig.publisher.set(`/${section}.rss`, { status: 500, body: "down" });
      continue;
    }
    const items = (world.feeds.get(section) ?? []).map(({ n, variant }) => {
      const { title, summary } = world.text(n);
      const date = world.articles.get(n)?.date ?? null;
      return {
        title,
        link: link(n, variant, section),
        description: summary,
        pubDate: date === null ? undefined : new Date(date).toUTCString(),
      };
    });
    rig.publisher.set(`/${section}.rss`, {
      body: rss({ title: `Section ${section}`, items }),
      contentType: "application/rss+xml",
    });
  }
}

/**
 * Plays rounds from a fresh table: those of `rounds`, or new ones drawn by `draw` until it returns null.
 * Stops at the first round after which the store diverges from the model.
 */
async function play(
  rig: Rig,
  draw: (index: number, world: World) => Round | null,
  onRound?: (round: Round, polls: number) => void,
): Promise<{ played: Round[]; polls: number; divergence: { round: number; problems: string[] } | null }> {
  const tableName = `soak-${randomUUID()}`;
  const direct = await openStore({
    endpoint: rig.endpoint,
    tableName,
    retentionDays: RETENTION_DAYS,
    createTable: true,
  });
  const faulty = [1, 2, 3].map(() => quickStore(rig.proxy.url, tableName, RETENTION_DAYS));
  const world = new World();
  const model = new Model();
  const played: Round[] = [];
  let polls = 0;
  const poll = async (store: Store, at: Date) => {
    polls++;
    const fetcher = new ClockedFetcher({ ...rig.config.poll }, at);
    return runCycle({ config: rig.config, store, fetcher, now: () => at }, { mode: "all" });
  };
  try {
    for (let index = 0; ; index++) {
      const round = draw(index, world);
      if (!round) return { played, polls, divergence: null };
      played.push(round);
      for (const op of round.ops) world.apply(op);
      publish(rig, world);
      const at = new Date(round.now);
      rig.proxy.setPlan(round.faultRate > 0 ? atRate(round.faultRate, round.faultSeed) : healthy);
      // A cycle that storage fails before it polls anything rejects: that is one of the faults.
      const t1 = Date.now();
      await Promise.all(faulty.slice(0, round.cycles).map((store) => poll(store, at).catch(() => null)));
      rig.proxy.setPlan(healthy);
      const t2 = Date.now();
      const settled = await poll(direct, at);
      model.cycle(world, round.now);
      const t3 = Date.now();
      const problems = settled.storageFailed
        ? [`the healthy cycle failed: ${settled.storageError}`]
        : await divergences(direct, rig.config, model, round.now);
      if (process.env.SOAK_PROFILE)
        console.log(`round ${index}: concurrent ${t2 - t1} ms, healthy ${t3 - t2} ms, check ${Date.now() - t3} ms`);
      onRound?.(round, polls);
      if (problems.length > 0) return { played, polls, divergence: { round: index, problems } };
    }
  } finally {
    direct.close();
    for (const store of faulty) store.close();
  }
}

function trace(rounds: Round[], t0: number): string {
  return rounds
    .map((r) => {
      const faults =
        r.faultRate > 0 ? `${Math.round(r.faultRate * 100)}% storage faults (seed ${r.faultSeed})` : "no faults";
      const ops = r.ops.length > 0 ? r.ops.map((op) => describeOp(op, r.now)).join("; ") : "(no change)";
      return `  round ${r.index} at T0+${(r.now - t0) / 3_600_000}h, ${r.cycles} cycles at once, ${faults}: ${ops}`;
    })
    .join("\n");
}

/**
 * Shrinks a diverging trace: leaves out whole rounds' changes, then single changes, keeping each omission after
 * which a replay still diverges. Bounded by `budgetMs`; replays of concurrent cycles may not reproduce, so what
 * is printed is the shortest trace seen to diverge.
 */
async function shrink(rig: Rig, rounds: Round[], budgetMs: number): Promise<Round[]> {
  const deadline = Date.now() + budgetMs;
  let best = rounds;
  const diverges = async (candidate: Round[]) => (await play(rig, (i) => candidate[i] ?? null)).divergence !== null;
  for (let i = 0; i < best.length - 1 && Date.now() < deadline; i++) {
    if ((best[i]?.ops.length ?? 0) === 0) continue;
    const candidate = best.map((r, k) => (k === i ? { ...r, ops: [] } : r));
    if (await diverges(candidate)) best = candidate;
  }
  for (let i = 0; i < best.length && Date.now() < deadline; i++) {
    for (let j = (best[i]?.ops.length ?? 0) - 1; j >= 0 && Date.now() < deadline; j--) {
      const candidate = best.map((r, k) => (k === i ? { ...r, ops: r.ops.filter((_, m) => m !== j) } : r));
      if (await diverges(candidate)) best = candidate;
    }
  }
  return best;
}

/** Options of a soak run. */
export interface SoakOptions {
  /** A DynamoDB endpoint on loopback. */
  endpoint: string;
  seed: number;
  /** Rounds to play, each checked. */
  cycles: number;
  /** Time allowed to shrink a divergence; 0: none. */
  shrinkMs?: number;
  log?: (line: string) => void;
}

/** Runs one seeded soak and reports it; a divergence carries its (shrunk) trace. */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const publisher = await startPublisher();
  const proxy = await startFaultProxy(options.endpoint);
  const config = validateConfig({
    title: "Soak",
    sources: SECTIONS.map((id) => ({ id, url: `${publisher.url}/${id}.rss`, title: `Section ${id}` })),
    topics: TOPICS.map((t) => ({ ...t, sources: [...t.sources] })),
    retentionDays: RETENTION_DAYS,
  });
  const rig: Rig = { endpoint: options.endpoint, publisher, proxy, config };
  const random = seededRandom(options.seed);
  const t0 = Math.floor(Date.now() / 1000) * 1000;
  let counter = 0;
  const draw = (index: number, world: World): Round | null => {
    if (index >= options.cycles) return null;
    const now = t0 + index * STEP_MS;
    const ops = drawOps(random, world, now, () => ++counter);
    const cycles = 2 + Math.floor(random() * 2);
    const faultRate = random() < 0.25 ? 0 : Math.round(random() * 30) / 100;
    return { index, now, ops, cycles, faultRate, faultSeed: Math.floor(random() * 1e9) };
  };
  try {
    const injected = proxy.injected;
    const result = await play(rig, draw, (round, polls) => {
      if ((round.index + 1) % 50 === 0)
        options.log?.(`seed ${options.seed}: ${round.index + 1} rounds, ${polls} polls`);
    });
    const report: SoakReport = {
      seed: options.seed,
      rounds: result.played.length,
      polls: result.polls,
      faultsInjected: proxy.injected - injected,
      divergence: null,
    };
    if (result.divergence) {
      const shortest = options.shrinkMs ? await shrink(rig, result.played, options.shrinkMs) : result.played;
      report.divergence = { ...result.divergence, trace: trace(shortest, t0) };
    }
    return report;
  } finally {
    await proxy.close();
    await publisher.close();
  }
}
