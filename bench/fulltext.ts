/**
 * Full text: what one extracted article costs (SPEC §2 Full text). A summary-only feed of 40 news entries whose
 * article pages (about 6 KB of prose in site furniture) a loopback publisher serves is polled twice on fresh tables
 * of DynamoDB Local: with `fullText: "never"` (the baseline: storing the feed's items) and with `"auto"`, whose
 * page jobs are then run. Per extracted article: CPU ms of the page run (fetch, extraction, write; the publisher
 * runs in this process too, as in the baseline), write and read units (consumed capacity as DynamoDB Local reports
 * it, the jobs' writes in the poll included), and the bytes it adds to the stored item (content compressed), each
 * against the same figure per new item of the baseline poll. Then the month at 100,000 sources of the scaling
 * mix (docs/scaling.md): 7 million extracted articles, 90 days held.
 */
import { type Config, validateConfig } from "@tributary/core/config";
import { runPageJobs } from "@tributary/core/fulltext";
import { runCycle } from "@tributary/core/poll";
import { itemRecord, type Store, sourceList } from "@tributary/core/store";
import { startPublisher } from "../testkit/publisher.ts";
import { loopbackFetcher } from "./poll.ts";
import { type BenchContext, freshStore, makeArticle, meterStore, newsFeed, recordSize } from "./support.ts";
import { type Figure, figure, type Skip } from "./table.ts";

const GROUP = "fulltext";
const ARTICLES = 40;
const PAGE_CONTENT_BYTES = 6_000;
/** The scaling mix (docs/scaling.md): 14 million new articles a month at 100,000 sources, half summary-only. */
const PAGES_A_MONTH = 7_000_000;
/** Articles held with 90 days' retention: three months of them. */
const PAGES_HELD = 3 * PAGES_A_MONTH;
const PRICE = { wru: 0.625e-6, rru: 0.125e-6, gbMonth: 0.45, gbSecond: 0.0000133334 };
/** A 512 MB arm64 function has about 0.29 of a vCPU: CPU work takes about 3.45 times as long as here. */
const LAMBDA_CPU_FACTOR = 1769 / 512;
/** Wall time of a page fetch (300 ms to first byte, as docs/scaling.md's publisher) shared by 8 in flight. */
const FETCH_WAIT_MS = 300 / 8;
const LAMBDA_GB = 0.5;

/** An article page: navigation, the article (its summary's sentence first), related links, comments, footer. */
function page(title: string, summary: string, content: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title} | The Daily Example</title></head>
<body><header class="site-header"><nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/politics/">Politics</a></nav></header>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<main><article><h1>${title}</h1><div class="share-buttons"><a href="https://twitter.com/share">Share</a></div>
<div class="article-body"><p>${summary}</p>${content}</div></article>
<section class="related-posts"><h3>Related</h3><ul><li><a href="/a">Sanctions debate heats up in parliament</a></li></ul></section></main>
<footer class="site-footer"><p>Copyright The Daily Example.</p></footer></body></html>`;
}

function configFor(feedUrl: string, fullText: "never" | "auto"): Config {
  return validateConfig({
    title: "Bench",
    sources: [{ id: "world", url: feedUrl, fullText }],
    topics: [
      { slug: "all", title: "All", sources: ["*"] },
      { slug: "europe", title: "Europe", sources: ["*"], include: ["europe"] },
    ],
    poll: { concurrency: 8, perHost: 8, timeoutMs: 15_000 },
  });
}

/** CPU milliseconds (user + system) `run` takes, with its result. */
async function cpu<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const before = process.cpuUsage();
  const value = await run();
  const used = process.cpuUsage(before);
  return { value, ms: (used.user + used.system) / 1000 };
}

/** Stored record sizes (as DynamoDB bills them) of the source's items, by item id. */
async function recordSizes(store: Store): Promise<Map<string, { record: number; compressed: number }>> {
  const rows = await store.lists.rows(sourceList("world"));
  const items = await store.items.getMany(rows.map((row) => row.id));
  const sizes = new Map<string, { record: number; compressed: number }>();
  for (const [id, item] of items) {
    const record = itemRecord(item, store.kit.retentionDays);
    const compressed = record.contentBr instanceof Uint8Array ? record.contentBr.byteLength : 0;
    sizes.set(id, { record: recordSize(record), compressed });
  }
  return sizes;
}

/** Runs the fulltext group. */
export async function runFullText(ctx: BenchContext): Promise<{ figures: Figure[]; skips: Skip[]; details: unknown }> {
  const publisher = await startPublisher();
  const port = new URL(publisher.url).port;
  const figures: Figure[] = [];
  const add = (input: Omit<Parameters<typeof figure>[0], "group">) => figures.push(figure({ group: GROUP, ...input }));
  const now = Date.now();
  try {
    const entries = Array.from({ length: ARTICLES }, (_, n) => {
      const article = makeArticle(n, PAGE_CONTENT_BYTES, now - 86_400_000);
      const path = `/2025/article-${n}/`;
      publisher.set(path, {
        body: page(article.title, article.description, article.content),
        contentType: "text/html; charset=utf-8",
      });
      return {
        title: article.title,
        link: `http://news.example:${port}${path}`,
        guid: `https://news.example/?p=${n}`,
        pubDate: new Date(now - (n + 1) * 600_000).toUTCString(),
        description: article.description,
        creator: article.creator,
        categories: article.categories,
      };
    });
    publisher.set("/feed.rss", { body: newsFeed("World", entries), contentType: "application/rss+xml" });
    const feedUrl = `http://feeds.example:${port}/feed.rss`;

    // Baseline: the feed's items stored, no pages.
    const never = configFor(feedUrl, "never");
    const plain = await freshStore(ctx.endpoint);
    const plainMeter = meterStore(plain);
    const base = await cpu(() =>
      runCycle({ config: never, store: plain, fetcher: loopbackFetcher(never) }, { mode: "all" }),
    );
    const baseUsed = plainMeter.snapshot();
    const newItems = base.value.summary.itemsNew;

    // Full text: the same poll leaving page jobs, then the jobs run.
    const auto = configFor(feedUrl, "auto");
    const store = await freshStore(ctx.endpoint);
    const meter = meterStore(store);
    await runCycle({ config: auto, store, fetcher: loopbackFetcher(auto) }, { mode: "all" });
    const pollUsed = meter.snapshot();
    meter.reset();
    const run = await cpu(() => runPageJobs({ config: auto, store, fetcher: loopbackFetcher(auto) }));
    const runUsed = meter.snapshot();
    const stored = run.value.reports.filter((r) => r.outcome === "stored").length;
    ctx.log(`  ${newItems} items, ${stored} articles extracted; run: ${JSON.stringify(runUsed.requests)}`);

    const before = await recordSizes(plain);
    const after = await recordSizes(store);
    let added = 0;
    let compressed = 0;
    let baseBytes = 0;
    for (const [id, size] of after) {
      added += size.record - (before.get(id)?.record ?? 0);
      compressed += size.compressed;
    }
    for (const size of before.values()) baseBytes += size.record;
    plain.close();
    store.close();

    const per = (value: number) => value / Math.max(1, stored);
    const cpuMs = per(run.ms);
    const wcu = per(pollUsed.writeCapacity - baseUsed.writeCapacity + runUsed.writeCapacity);
    const rcu = per(pollUsed.readCapacity - baseUsed.readCapacity + runUsed.readCapacity);
    const bytes = per(added);
    add({
      name: "CPU ms per extracted article (fetch, extract, store)",
      value: cpuMs,
      unit: "ms",
      baseline: base.ms / newItems,
      baselineLabel: "CPU ms per new feed item (poll)",
    });
    add({
      name: "write units per extracted article (job, claim, item, list versions)",
      value: wcu,
      unit: "WCU",
      baseline: baseUsed.writeCapacity / newItems,
      baselineLabel: "write units per new feed item",
    });
    add({
      name: "read units per extracted article",
      value: rcu,
      unit: "RCU",
      baseline: baseUsed.readCapacity / newItems,
      baselineLabel: "read units per new feed item",
    });
    add({
      name: "bytes an extracted article adds to its item (compressed)",
      value: bytes,
      unit: "B",
      baseline: baseBytes / newItems,
      baselineLabel: "bytes of a summary-only item",
      note: `article content ${Math.round(per(compressed))} B compressed (brotli)`,
    });
    // The month at 100,000 sources of the scaling mix.
    const dynamo = PAGES_A_MONTH * (wcu * PRICE.wru + rcu * PRICE.rru);
    const storage = ((PAGES_HELD * bytes) / 1024 ** 3) * PRICE.gbMonth;
    const lambda = PAGES_A_MONTH * ((cpuMs * LAMBDA_CPU_FACTOR + FETCH_WAIT_MS) / 1000) * LAMBDA_GB * PRICE.gbSecond;
    const total = dynamo + storage + lambda;
    ctx.log(
      `  a month at 100,000 sources (7 M pages): DynamoDB requests $${dynamo.toFixed(2)}, storage + PITR $${storage.toFixed(2)}, Lambda $${lambda.toFixed(2)}`,
    );
    add({
      name: "full text a month at 100,000 sources (7 M articles, auto)",
      value: total,
      unit: "$",
      goal: { op: "<=", target: 100, on: "value" },
      note: `requests $${dynamo.toFixed(0)}, storage $${storage.toFixed(0)}, Lambda $${lambda.toFixed(0)}`,
    });
    return {
      figures,
      skips: [],
      details: {
        newItems,
        stored,
        cpuMs,
        wcu,
        rcu,
        bytes,
        base: baseUsed,
        poll: pollUsed,
        run: runUsed,
        dynamo,
        storage,
        lambda,
      },
    };
  } finally {
    await publisher.close();
  }
}
