/**
 * DynamoDB cost of an article, from consumed capacity and the stored records themselves: write units of a new
 * article (one source, two topics) and of a first ingest of articles shared by three sources, bytes an article
 * holds over its lifetime, items read back for a changed feed with one new entry. Part of the dynamo-cost group.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Config } from "@tributary/core/config";
import { runCycle } from "@tributary/core/poll";
import type { Store } from "@tributary/core/store";
import { type Publisher, startPublisher } from "../testkit/publisher.ts";
import { loopbackFetcher } from "./poll.ts";
import {
  type Article,
  type BenchContext,
  entryOf,
  freshStore,
  type Meter,
  makeArticle,
  makeConfig,
  meterStore,
  newsFeed,
  recordSize,
} from "./support.ts";
import type { figure } from "./table.ts";

const CONTENT_BYTES = 1_500;
const PER_FEED = 50;
const RETENTION_DAYS = 90;
const DAY_S = 86_400;

/**
 * Figures measured by this file on the code before thin rows (commit 91edeb8: an item and a full copy of it in
 * each list row, written in one transaction; the item kept 365 days as its tombstone), same scenarios.
 */
const BEFORE = {
  /** The poll as a whole wrote 13 WU: 6 for the article, 3 for list versions, 4 for the source state. */
  newArticleWu: 6,
  /** Three sources polled at once; one at a time: 18 WU too. */
  sharedArticleWu: 18,
  /** Item 2,186 B, three rows 6,685 B, the item kept as tombstone 2,186 B. */
  heldBytes: 11_057,
  itemsReadBack: 1,
};

type Add = (input: Omit<Parameters<typeof figure>[0], "group">) => void;

/** Every record of a table (the bench may Scan; the product never does). */
async function scanAll(store: Store): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await store.kit.doc.send(new ScanCommand({ TableName: store.table, ExclusiveStartKey }));
    out.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

/** The id a record belongs to: its item (`I#<id>`) or the item a row points to (`<publishedAt>#<id>`). */
function articleOf(record: Record<string, unknown>): string | null {
  const pk = String(record.pk);
  if (pk.startsWith("I#")) return pk.slice(2);
  if (pk.startsWith("L#")) return String(record.sk).slice(String(record.sk).indexOf("#") + 1);
  return null;
}

/**
 * Bytes each article holds over its lifetime, from the stored records: every record of the article once, plus
 * once more each record that outlives the article's retention (kept as its tombstone), by its TTL.
 */
function heldBytes(records: Record<string, unknown>[]): { mean: number; parts: Record<string, number> } {
  const byArticle = new Map<string, Record<string, unknown>[]>();
  for (const record of records) {
    const id = articleOf(record);
    if (id) byArticle.set(id, [...(byArticle.get(id) ?? []), record]);
  }
  const parts = { item: 0, rows: 0, tombstone: 0 };
  for (const group of byArticle.values()) {
    const item = group.find((r) => String(r.pk).startsWith("I#") && r.sk === "I");
    const end = item ? Date.parse(String(item.publishedAt)) / 1000 + RETENTION_DAYS * DAY_S : 0;
    for (const record of group) {
      const size = recordSize(record);
      if (String(record.pk).startsWith("L#")) parts.rows += size;
      else if (record.sk === "I") parts.item += size;
      if (Number(record.expiresAt) > end + DAY_S) parts.tombstone += size;
    }
  }
  const n = byArticle.size || 1;
  const mean = (parts.item + parts.rows + parts.tombstone) / n;
  return { mean, parts: { item: parts.item / n, rows: parts.rows / n, tombstone: parts.tombstone / n } };
}

function serve(publisher: Publisher, path: string, articles: Article[]) {
  publisher.set(path, {
    body: newsFeed(
      `Section ${path}`,
      articles.map((a) => entryOf(a)),
    ),
    contentType: "application/rss+xml; charset=utf-8",
  });
}

async function poll(store: Store, config: Config, meter: Meter) {
  meter.reset();
  const result = await runCycle({ config, store, fetcher: loopbackFetcher(config) }, { mode: "all" });
  return { summary: result.summary, used: meter.snapshot() };
}

/** Polls each of `ids` in a cycle of its own, one after the other (a queue worker's share: `ids` mode). */
async function pollEach(store: Store, config: Config, meter: Meter, ids: string[]) {
  meter.reset();
  const fetcher = loopbackFetcher(config);
  let summary: unknown = null;
  for (const id of ids) summary = (await runCycle({ config, store, fetcher }, { mode: "ids", ids: [id] })).summary;
  return { summary, used: meter.snapshot() };
}

/** One source in two topics: a first poll of fifty articles, then the feed with one new entry. */
async function oneSource(ctx: BenchContext, publisher: Publisher, add: Add, details: Record<string, unknown>) {
  const port = new URL(publisher.url).port;
  const config = makeConfig({
    title: "Items",
    retentionDays: RETENTION_DAYS,
    sources: [{ id: "desk", url: `http://h0.localhost:${port}/items/desk.rss`, title: "Desk" }],
    topics: [
      { slug: "news", title: "News", sources: ["desk"] },
      { slug: "world", title: "World", sources: ["desk"] },
    ],
  });
  const base = Date.now() - 12 * 86_400_000;
  const articles = Array.from({ length: PER_FEED + 1 }, (_, n) => makeArticle(10_000 + n, CONTENT_BYTES, base));
  const store = await freshStore(ctx.endpoint, RETENTION_DAYS);
  const meter = meterStore(store);
  serve(publisher, "/items/desk.rss", articles.slice(1));
  const first = await poll(store, config, meter);
  serve(publisher, "/items/desk.rss", articles.slice(0, PER_FEED));
  const second = await poll(store, config, meter);
  const held = heldBytes(await scanAll(store));
  details.oneSource = { first, second, held };
  ctx.log(`  one source, one new entry: ${JSON.stringify(second.summary)}; ${JSON.stringify(second.used.writeByKind)}`);
  add({
    name: "write units per new article (1 source, 2 topics)",
    value: second.used.writeByKind.item ?? 0,
    unit: "WU",
    baseline: BEFORE.newArticleWu,
    baselineLabel: "measured before thin rows (an item and three full rows in one transaction, 2 WU per KB)",
    goal: { on: "value", op: "<=", target: 8 },
    note: `item, rows and marks of one new entry in a poll of ${PER_FEED}; the poll also wrote ${JSON.stringify(second.used.writeByKind)} (list versions, source state); first poll: ${((first.used.writeByKind.item ?? 0) / PER_FEED).toFixed(2)} WU per article`,
  });
  add({
    name: "items read back for a changed feed with one new entry",
    value: second.used.itemKeysRead,
    unit: "",
    baseline: BEFORE.itemsReadBack,
    baselineLabel: "measured before thin rows; readFeed skips entries whose hash the source state keeps",
    goal: { on: "value", op: "<=", target: 3 },
    note: `of ${PER_FEED} entries; requests ${JSON.stringify(second.used.requests)}`,
  });
  add({
    name: "bytes held per article over its lifetime",
    value: held.mean,
    unit: "B",
    baseline: BEFORE.heldBytes,
    baselineLabel: "measured before thin rows: the item, a full copy in each of 3 rows, the item again as tombstone",
    goal: { on: "value", op: "<=", target: 6 * 1024 },
    note: `from the stored records (content ${CONTENT_BYTES} B): item ${held.parts.item?.toFixed(0)} B, rows ${held.parts.rows?.toFixed(0)} B, kept past retention ${held.parts.tombstone?.toFixed(0)} B`,
  });
}

/**
 * Three sources carrying the same ten articles, two topics over all of them: a first ingest, the sources polled
 * at once (`together`: polls of the same article race, and a loser writes again) or one after the other.
 */
async function sharedIngest(
  ctx: BenchContext,
  publisher: Publisher,
  together: boolean,
  add: Add,
  details: Record<string, unknown>,
) {
  const port = new URL(publisher.url).port;
  const ids = ["a", "b", "c"];
  const config = makeConfig({
    title: "Shared",
    retentionDays: RETENTION_DAYS,
    sources: ids.map((id, n) => ({ id, url: `http://h${n}.localhost:${port}/shared/${id}.rss`, title: id })),
    topics: [
      { slug: "all", title: "All", sources: ["*"] },
      { slug: "more", title: "More", sources: ["*"] },
    ],
  });
  const articles = Array.from({ length: 10 }, (_, n) =>
    makeArticle(20_000 + n, CONTENT_BYTES, Date.now() - 12 * 86_400_000),
  );
  for (const id of ids) serve(publisher, `/shared/${id}.rss`, articles);
  const store = await freshStore(ctx.endpoint, RETENTION_DAYS);
  const meter = meterStore(store);
  const first = together ? await poll(store, config, meter) : await pollEach(store, config, meter, ids);
  const held = heldBytes(await scanAll(store));
  details[together ? "sharedTogether" : "sharedInTurn"] = { first, held };
  add({
    name: `write units per shared article, first ingest (3 sources ${together ? "at once" : "one after the other"}, 2 topics)`,
    value: (first.used.writeByKind.item ?? 0) / articles.length,
    unit: "WU",
    baseline: BEFORE.sharedArticleWu,
    baselineLabel: "measured before thin rows: every row rewritten (a full copy) as each source gained the article",
    note: `rows are written once each; the item once per source (its sources and copies)${together ? ", more where polls race" : ""}; ${JSON.stringify(first.used.requests)}; held ${held.mean.toFixed(0)} B per article (5 rows)`,
  });
}

/** Runs the item-cost figures of the dynamo-cost group. */
export async function runItemCost(ctx: BenchContext, add: Add): Promise<Record<string, unknown>> {
  const publisher = await startPublisher();
  const details: Record<string, unknown> = {};
  try {
    await oneSource(ctx, publisher, add, details);
    await sharedIngest(ctx, publisher, true, add, details);
    await sharedIngest(ctx, publisher, false, add, details);
  } finally {
    await publisher.close();
  }
  return details;
}
