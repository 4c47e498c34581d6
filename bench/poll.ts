/**
 * Poll: 200 section feeds × 50 articles from the local publisher on loopback, 30% of each feed's entries being
 * articles that two other sections carry too. A first cycle (everything new), a second with nothing changed
 * (304s), a third where every body changes but no article does (conditional requests disabled).
 */
import { BatchWriteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Config } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { type CycleResult, runCycle } from "@tributary/core/poll";
import type { Store } from "@tributary/core/store";
import { type Publisher, startPublisher } from "../testkit/publisher.ts";
import { countRequests } from "../testkit/requests.ts";
import {
  type Article,
  type BenchContext,
  entryOf,
  freshStore,
  type MeterSnapshot,
  makeArticle,
  makeConfig,
  meterStore,
  newsFeed,
  since,
} from "./support.ts";
import { type Figure, figure, type Skip } from "./table.ts";

const GROUP = "poll";
const SOURCES = 200;
const PER_FEED = 50;
/** Entries of each feed that are shared articles (30% of 50). */
const SHARED_PER_FEED = 15;
/** Each shared article is in this many sources. */
const SHARED_COPIES = 3;
const CONTENT_BYTES = 1_500;
const HOSTS = 8;
const CONCURRENCY = 8;
const PER_HOST = 2;
/** Articles written straight to the table for the raw-write baseline. */
const RAW_SAMPLE = 1000;

/** The corpus: which articles each source carries. */
export interface Corpus {
  /** Entries of each source, in feed order (newest first). */
  feeds: { id: string; articles: { article: Article; suffix: string }[] }[];
  /** Every distinct article. */
  articles: Article[];
  /** Sources carrying each article (by article number). */
  carriers: Map<number, string[]>;
}

/**
 * Builds `sources` feeds of `perFeed` entries, `sharedPerFeed` of them articles shared by `copies` sources
 * (the second and third carrier link them with `?utm_source=…`, as section feeds do).
 */
export function buildCorpus(
  sources: number,
  perFeed: number,
  sharedPerFeed: number,
  copies: number,
  contentBytes: number,
): Corpus {
  const ownPerFeed = perFeed - sharedPerFeed;
  const sharedCount = (sources * sharedPerFeed) / copies;
  const articles: Article[] = [];
  const carriers = new Map<number, string[]>();
  const feeds: Corpus["feeds"] = Array.from({ length: sources }, (_, s) => ({ id: `s${s}`, articles: [] }));
  const stride = Math.floor(sources / copies);
  for (let j = 0; j < sharedCount; j++) {
    const article = makeArticle(j, contentBytes);
    articles.push(article);
    const ids: string[] = [];
    for (let c = 0; c < copies; c++) {
      const s = (j + c * stride) % sources;
      feeds[s]?.articles.push({ article, suffix: c === 0 ? "" : `?utm_source=section-${c}&utm_medium=rss` });
      ids.push(`s${s}`);
    }
    carriers.set(j, ids);
  }
  let n = sharedCount;
  for (const feed of feeds) {
    for (let k = 0; k < ownPerFeed; k++, n++) {
      const article = makeArticle(n, contentBytes);
      articles.push(article);
      feed.articles.push({ article, suffix: "" });
      carriers.set(n, [feed.id]);
    }
    feed.articles.sort((a, b) => Date.parse(b.article.pubDate) - Date.parse(a.article.pubDate));
  }
  return { feeds, articles, carriers };
}

/** Topics: every source; four groups of sources; a filtered topic over every source. */
export function corpusTopics(sources: number, groups: number) {
  const size = Math.ceil(sources / groups);
  return [
    { slug: "all", title: "Everything", sources: ["*"] },
    ...Array.from({ length: groups }, (_, g) => ({
      slug: `group-${g}`,
      title: `Group ${g}`,
      sources: Array.from({ length: sources }, (_, s) => `s${s}`).slice(g * size, (g + 1) * size),
    })),
    { slug: "ukraine", title: "Ukraine", sources: ["*"], include: ["ukrain"] },
  ];
}

/** Lists (source lists + topics) an article belongs to, by the topics' rules. */
export function listsOfArticle(article: Article, carriers: string[], topics: ReturnType<typeof corpusTopics>): number {
  let lists = carriers.length;
  for (const topic of topics) {
    const inSources = topic.sources[0] === "*" || carriers.some((id) => topic.sources.includes(id));
    const text = `${article.title}\n${article.description}\n${article.categories.join("\n")}`.toLowerCase();
    const passes = !("include" in topic) || (topic.include ?? []).some((term) => text.includes(term));
    if (inSources && passes) lists++;
  }
  return lists;
}

/** Serves every feed of the corpus; `build` names the feeds' lastBuildDate (a change of body, not of articles). */
export function publishCorpus(publisher: Publisher, corpus: Corpus, options: { build: string; conditional: boolean }) {
  for (const feed of corpus.feeds) {
    const body = newsFeed(
      `Section ${feed.id}`,
      feed.articles.map(({ article, suffix }) => entryOf(article, suffix)),
      options.build,
    );
    publisher.set(`/feeds/${feed.id}.rss`, {
      body,
      contentType: "application/rss+xml; charset=utf-8",
      conditional: options.conditional,
    });
  }
}

/** A Fetcher whose hosts h0.localhost…h7.localhost all resolve to 127.0.0.1, so perHost limits per name. */
export function loopbackFetcher(config: Config): Fetcher {
  return new Fetcher({
    concurrency: config.poll.concurrency,
    perHost: config.poll.perHost,
    timeoutMs: config.poll.timeoutMs,
    maxBytes: config.poll.maxBytes,
    resolve: async () => [{ address: "127.0.0.1", family: 4 }],
  });
}

/** The configuration of a corpus served by `publisher`, sources spread over `hosts` host names. */
export function corpusConfig(
  corpus: Corpus,
  publisher: Publisher,
  hosts: number,
  topics: ReturnType<typeof corpusTopics>,
) {
  const port = new URL(publisher.url).port;
  return makeConfig({
    title: "Benchmark",
    sources: corpus.feeds.map((feed, s) => ({
      id: feed.id,
      url: `http://h${s % hosts}.localhost:${port}/feeds/${feed.id}.rss`,
      title: `Section ${feed.id}`,
    })),
    topics,
    poll: {
      everyMinutes: 10,
      concurrency: CONCURRENCY,
      perHost: PER_HOST,
      timeoutMs: 60_000,
      maxBytes: 5 * 1024 * 1024,
    },
    retentionDays: 90,
  });
}

interface CycleRun {
  ms: number;
  result: CycleResult;
  meter: MeterSnapshot;
  writes: number;
}

async function timedCycle(
  config: Config,
  store: Store,
  fetcher: Fetcher,
  meter: ReturnType<typeof meterStore>,
  counter: ReturnType<typeof countRequests>,
): Promise<CycleRun> {
  meter.reset();
  counter.reset();
  const start = performance.now();
  const result = await runCycle({ config, store, fetcher }, { mode: "all" });
  const ms = since(start);
  return { ms, result, meter: meter.snapshot(), writes: counter.writes };
}

/** Articles/s when their records (item + one row per list) are written straight with BatchWriteItem, 8 at a time. */
async function rawWriteRate(store: Store, corpus: Corpus, listsPer: Map<number, number>): Promise<number> {
  const sample = corpus.articles.slice(0, RAW_SAMPLE);
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < sample.length) {
      const batch = sample.slice(next, next + 5);
      next += 5;
      const records: Record<string, unknown>[] = [];
      for (const article of batch) {
        const item = { ...article, id: `raw-${article.n}` };
        await store.kit.doc.send(
          new PutCommand({ TableName: store.table, Item: { pk: `R#${article.n}`, sk: "I", ...item } }),
        );
        for (let l = 0; l < (listsPer.get(article.n) ?? 1); l++) {
          records.push({ pk: `RL#${l}`, sk: `${article.pubDate}#${article.n}`, item });
        }
      }
      for (let i = 0; i < records.length; i += 25) {
        let pending = records.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
        while (pending.length) {
          const out = await store.kit.doc.send(new BatchWriteCommand({ RequestItems: { [store.table]: pending } }));
          pending = (out.UnprocessedItems?.[store.table] ?? []) as typeof pending;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return sample.length / (since(start) / 1000);
}

/** Runs the poll group. */
export async function runPoll(ctx: BenchContext): Promise<{ figures: Figure[]; skips: Skip[]; details: unknown }> {
  const t0 = performance.now();
  const corpus = buildCorpus(SOURCES, PER_FEED, SHARED_PER_FEED, SHARED_COPIES, CONTENT_BYTES);
  const topics = corpusTopics(SOURCES, 4);
  const publisher = await startPublisher();
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  try {
    publishCorpus(publisher, corpus, { build: new Date(Date.now() - 3_600_000).toUTCString(), conditional: true });
    const config = corpusConfig(corpus, publisher, HOSTS, topics);
    const store = await freshStore(ctx.endpoint, config.retentionDays);
    const meter = meterStore(store);
    const counter = countRequests(store);
    const fetcher = loopbackFetcher(config);
    ctx.log(
      `  ${SOURCES} sources × ${PER_FEED} entries, ${corpus.articles.length} articles; fixtures built in ${(since(t0) / 1000).toFixed(1)} s`,
    );

    // Baseline of the first cycle's time: the same fetcher fetching every feed, nothing else.
    const fetchStart = performance.now();
    let bytes = 0;
    await Promise.all(
      config.sources.map(async (source) => {
        const result = await fetcher.fetch({ url: source.url });
        if (result.status === "ok") bytes += result.body.byteLength;
      }),
    );
    const fetchMs = since(fetchStart);
    ctx.log(`  fetch only: ${(bytes / 1e6).toFixed(1)} MB in ${(fetchMs / 1000).toFixed(2)} s`);

    const first = await timedCycle(config, store, fetcher, meter, counter);
    ctx.log(`  cycle 1: ${(first.ms / 1000).toFixed(1)} s ${JSON.stringify(first.result.summary)}`);
    const second = await timedCycle(config, store, fetcher, meter, counter);
    ctx.log(`  cycle 2 (304): ${(second.ms / 1000).toFixed(2)} s ${JSON.stringify(second.result.summary)}`);
    publishCorpus(publisher, corpus, { build: new Date().toUTCString(), conditional: false });
    const third = await timedCycle(config, store, fetcher, meter, counter);
    ctx.log(
      `  cycle 3 (new bodies, same articles): ${(third.ms / 1000).toFixed(2)} s ${JSON.stringify(third.result.summary)}`,
    );

    const listsPer = new Map(
      corpus.articles.map((a) => [a.n, listsOfArticle(a, corpus.carriers.get(a.n) ?? [], topics)] as const),
    );
    const rawRate = await rawWriteRate(store, corpus, listsPer);
    ctx.log(`  raw writes: ${rawRate.toFixed(0)} articles/s`);

    const itemWrites = (run: CycleRun) => run.writes - run.meter.sourceStatePuts;
    const newItems = first.result.summary.itemsNew;
    const expectNote = (run: CycleRun, expected: Partial<CycleResult["summary"]>) => {
      const wrong = Object.entries(expected).filter(
        ([key, value]) => run.result.summary[key as keyof CycleResult["summary"]] !== value,
      );
      return wrong.length
        ? `UNEXPECTED summary ${JSON.stringify(run.result.summary)}, expected ${JSON.stringify(expected)}`
        : JSON.stringify(run.result.summary);
    };
    details.cycles = {
      fetchOnlyMs: fetchMs,
      fetchOnlyBytes: bytes,
      first: { ms: first.ms, summary: first.result.summary, meter: first.meter, writes: first.writes },
      second: { ms: second.ms, summary: second.result.summary, meter: second.meter, writes: second.writes },
      third: { ms: third.ms, summary: third.result.summary, meter: third.meter, writes: third.writes },
      rawWriteArticlesPerSecond: rawRate,
    };

    const add = (input: Parameters<typeof figure>[0]) => figures.push(figure(input));
    add({
      group: GROUP,
      name: `cycle 1 time (${SOURCES} sources, ${newItems} new articles)`,
      value: first.ms / 1000,
      unit: "s",
      baseline: fetchMs / 1000,
      baselineLabel: `the same Fetcher fetching the ${SOURCES} feeds (${(bytes / 1e6).toFixed(1)} MB) and nothing else`,
      note: expectNote(first, { sources: SOURCES, fetched: SOURCES, failed: 0, itemsNew: corpus.articles.length }),
    });
    add({
      group: GROUP,
      name: "cycle 1 articles/s",
      value: newItems / (first.ms / 1000),
      unit: "items/s",
      baseline: rawRate,
      baselineLabel: `raw store speed: ${RAW_SAMPLE} of the same articles written straight (PutItem + BatchWriteItem of one row per list, 8 at a time, no reads, no conditions)`,
      note: `${SOURCES * PER_FEED} feed entries; ${first.meter.total} requests, ${first.meter.recordWrites} records written`,
    });
    add({
      group: GROUP,
      name: "cycle 2 (nothing changed, 304) time",
      value: second.ms / 1000,
      unit: "s",
      baseline: first.ms / 1000,
      baselineLabel: "cycle 1 time",
      goal: { on: "ratio", op: "<=", target: 0.1 },
      note: expectNote(second, { sources: SOURCES, notModified: SOURCES, itemsNew: 0, itemsUpdated: 0 }),
    });
    add({
      group: GROUP,
      name: "cycle 2 item writes",
      value: itemWrites(second),
      unit: "",
      baseline: null,
      baselineLabel: "none: an absolute goal",
      goal: { on: "value", op: "=", target: 0 },
      note: `write requests other than source-state PutItems (countRequests: ${second.writes} writes, ${second.meter.sourceStatePuts} source states)`,
    });
    add({
      group: GROUP,
      name: "cycle 3 (bodies changed, articles not; no conditional GET) time",
      value: third.ms / 1000,
      unit: "s",
      baseline: first.ms / 1000,
      baselineLabel: "cycle 1 time",
      note: expectNote(third, { sources: SOURCES, fetched: SOURCES, itemsNew: 0, itemsUpdated: 0 }),
    });
    add({
      group: GROUP,
      name: "cycle 3 item writes",
      value: itemWrites(third),
      unit: "",
      baseline: null,
      baselineLabel: "none: an absolute goal",
      goal: { on: "value", op: "=", target: 0 },
      note: `write requests other than source-state PutItems (countRequests: ${third.writes} writes, ${third.meter.sourceStatePuts} source states)`,
    });
  } finally {
    await publisher.close();
  }
  return { figures, skips: [], details };
}
