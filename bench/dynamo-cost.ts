/**
 * DynamoDB cost: requests and consumed capacity (ReturnConsumedCapacity TOTAL, summed by a middleware on the
 * store's client) per new item, per unchanged item, per unchanged source poll and per feed request through the
 * app, each against the theoretical minimum of the data model.
 */
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Config } from "@tributary/core/config";
import { runCycle } from "@tributary/core/poll";
import { type Store, type StoredItem, toItem, topicList } from "@tributary/core/store";
import { membership } from "@tributary/core/topics";
import { createApp } from "../functions/api/app.ts";
import { startPublisher } from "../testkit/publisher.ts";
import { countRequests } from "../testkit/requests.ts";
import { runSourceCost } from "./dynamo-cost-sources.ts";
import { runItemCost } from "./dynamo-items.ts";
import { buildCorpus, corpusConfig, corpusTopics, loopbackFetcher, publishCorpus } from "./poll.ts";
import { type BenchContext, freshStore, type Meter, type MeterSnapshot, meterStore, recordSize } from "./support.ts";
import { type Figure, figure, type Skip } from "./table.ts";

const GROUP = "dynamo-cost";
const SOURCES = 12;
const PER_FEED = 30;
const SHARED_PER_FEED = 9;
const COPIES = 3;
const CONTENT_BYTES = 1_500;
const TOPIC = "all";

const KB = 1024;
const wcu = (bytes: number) => Math.ceil(bytes / KB);
/** Strongly consistent read units (the merge reads consistently). */
const rcu = (bytes: number) => Math.ceil(bytes / (4 * KB));

/** Every stored item (the rows of the topic of every source, then the items); the meter forgets these reads. */
async function storedItems(store: Store, meter: Meter): Promise<StoredItem[]> {
  const rows = await store.lists.rows(topicList(TOPIC));
  const items = await store.items.getMany(rows.map((row) => row.id));
  meter.reset();
  return [...items.values()];
}

async function measure<T>(meter: Meter, run: () => Promise<T>): Promise<{ value: T; used: MeterSnapshot }> {
  meter.reset();
  const value = await run();
  return { value, used: meter.snapshot() };
}

const scans = (used: MeterSnapshot) => used.requests.ScanCommand ?? 0;

/** Runs the dynamo-cost group. */
export async function runDynamoCost(
  ctx: BenchContext,
): Promise<{ figures: Figure[]; skips: Skip[]; details: unknown }> {
  const corpus = buildCorpus(SOURCES, PER_FEED, SHARED_PER_FEED, COPIES, CONTENT_BYTES);
  const topics = corpusTopics(SOURCES, 2);
  const publisher = await startPublisher();
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const add = (input: Omit<Parameters<typeof figure>[0], "group">) => figures.push(figure({ group: GROUP, ...input }));
  try {
    publishCorpus(publisher, corpus, { build: new Date(Date.now() - 3_600_000).toUTCString(), conditional: true });
    const config: Config = corpusConfig(corpus, publisher, 4, topics);
    const store = await freshStore(ctx.endpoint, config.retentionDays);
    const meter = meterStore(store);
    const counter = countRequests(store);
    const fetcher = loopbackFetcher(config);
    const cycle = () => runCycle({ config, store, fetcher }, { mode: "all" });

    // 1. Every article new.
    const fresh = await measure(meter, cycle);
    const items = await storedItems(store, meter);
    const articles = fresh.value.summary.itemsNew;
    const listCount = items.reduce((sum, item) => sum + membership(config).listsOf(item).length, 0);
    const minWrites = items.length + listCount;
    const minWcu = items.reduce(
      (sum, item) => sum + (1 + membership(config).listsOf(item).length) * wcu(recordSize({ ...toItem(item) })),
      0,
    );
    ctx.log(`  cycle 1: ${JSON.stringify(fresh.value.summary)}; ${JSON.stringify(fresh.used.requests)}`);
    details.newItems = { summary: fresh.value.summary, used: fresh.used, minWrites, minWcu, articles: items.length };
    add({
      name: "records written per new item",
      value: fresh.used.recordWrites / articles,
      unit: "",
      baseline: minWrites / articles,
      baselineLabel:
        "theoretical minimum: the item once + one row per list it belongs to (source lists + topics), each written once",
      note: `${articles} new articles from ${SOURCES} feeds × ${PER_FEED} entries, ${SHARED_PER_FEED} of each shared by ${COPIES} sources; includes source states and list versions`,
    });
    add({
      name: "requests per new item",
      value: fresh.used.total / articles,
      unit: "",
      baseline: (items.length + Math.ceil(listCount / 25)) / articles,
      baselineLabel: "one conditional PutItem per item + its rows in full BatchWriteItems of 25",
    });
    add({
      name: "write capacity per new item",
      value: fresh.used.writeCapacity / articles,
      unit: "WCU",
      baseline: minWcu / articles,
      baselineLabel: "the minimum records written × ceil(size of the Item / 1 KB)",
      note: `read capacity ${(fresh.used.readCapacity / articles).toFixed(2)} RCU per new item; capacity by request ${JSON.stringify(fresh.used.capacity)}`,
    });

    // 2. Nothing changed: every source answers 304.
    const notModified = await measure(meter, cycle);
    const polls = notModified.value.summary.sources;
    const stateBytes = recordSize({
      ...(await store.sources.states([config.sources[0]?.id ?? ""])).values().next().value,
    });
    meter.reset();
    ctx.log(
      `  cycle 2 (304): ${JSON.stringify(notModified.value.summary)}; ${JSON.stringify(notModified.used.requests)}`,
    );
    details.unchangedSource = { summary: notModified.value.summary, used: notModified.used, stateBytes };
    add({
      name: "write requests per unchanged source poll (304)",
      value: notModified.used.writeRequests / polls,
      unit: "",
      baseline: 1,
      baselineLabel: "one PutItem of the source's state (when it was fetched, when it is next due)",
      goal: { on: "value", op: "<=", target: 1 },
    });
    add({
      name: "requests per unchanged source poll (304)",
      value: notModified.used.total / polls,
      unit: "",
      baseline: 1 + 1 / 100,
      baselineLabel: "the state's PutItem + its share of one BatchGetItem (100 states) at the cycle's start",
      note: `item writes ${notModified.used.itemWriteRequests}; requests ${JSON.stringify(notModified.used.requests)}: per-cycle reads (source states, topic versions, each topic's retention sweep) are shared by the ${polls} sources`,
    });
    add({
      name: "capacity per unchanged source poll (304)",
      value: (notModified.used.writeCapacity + notModified.used.readCapacity) / polls,
      unit: "CU",
      baseline: wcu(stateBytes) + 0.01 * rcu(stateBytes),
      baselineLabel: `ceil(state record ${stateBytes} B / 1 KB) WCU + its share of the states' consistent BatchGet`,
      note: `capacity by request ${JSON.stringify(notModified.used.capacity)}; the state's write to the due index (gsi1) adds 1 WCU`,
    });

    // 3. Every body changes, no article does (no conditional GET: the publisher sends no validators).
    publishCorpus(publisher, corpus, { build: new Date().toUTCString(), conditional: false });
    counter.reset();
    const unchanged = await measure(meter, cycle);
    const seen = unchanged.value.summary.itemsUnchanged;
    const entryReads = items.reduce((sum, item) => sum + item.sources.length * rcu(recordSize({ ...item })), 0);
    ctx.log(
      `  cycle 3 (same articles): ${JSON.stringify(unchanged.value.summary)}; ${JSON.stringify(unchanged.used.requests)}`,
    );
    details.unchangedItems = { summary: unchanged.value.summary, used: unchanged.used, entryReads };
    add({
      name: "item writes per unchanged item",
      value: (counter.writes - unchanged.used.sourceStatePuts) / seen,
      unit: "",
      baseline: null,
      baselineLabel: "none: an absolute goal (write requests other than source-state PutItems, by countRequests)",
      goal: { on: "value", op: "=", target: 0 },
    });
    add({
      name: "requests per unchanged item",
      value: unchanged.used.total / seen,
      unit: "",
      baseline: (2 * SOURCES) / seen,
      baselineLabel: "per source: one BatchGetItem of its feed's items + one state PutItem",
      note: `${seen} articles seen again in ${SOURCES} changed bodies`,
    });
    add({
      name: "read capacity per unchanged item",
      value: unchanged.used.readCapacity / seen,
      unit: "RCU",
      baseline: entryReads / seen,
      baselineLabel:
        "each source reads each of its entries' item once, consistently: ceil(record size / 4 KB) per entry",
    });

    // 4. Feed and API requests through the app (in process: app.request), on a fresh app (no rendered cache).
    const list = topicList(TOPIC);
    const floor = await measure(meter, async () => {
      await store.kit.doc.send(new GetCommand({ TableName: store.table, Key: { pk: `M#${list}`, sk: "M" } }));
      await store.kit.doc.send(
        new QueryCommand({
          TableName: store.table,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": `L#${list}` },
          ScanIndexForward: false,
          Limit: 50,
        }),
      );
    });
    const app = createApp({ config, store });
    const feedUrl = `/feeds/${TOPIC}.rss`;
    const cold = await measure(meter, async () => (await app.request(feedUrl)).text());
    const response = await app.request(feedUrl);
    await response.text();
    const etag = response.headers.get("etag") ?? "";
    const warm = await measure(meter, async () => (await app.request(feedUrl)).text());
    const conditional = await measure(
      meter,
      async () => (await app.request(feedUrl, { headers: { "If-None-Match": etag } })).status,
    );
    const apiApp = createApp({ config, store });
    const api = await measure(meter, async () => (await apiApp.request(`/api/topics/${TOPIC}/items`)).text());
    // The same pages with every item on its own (group=none: the topic's item rows) against one entry per story
    // (the default: the topic's story entries, with each story's card read beside its item), each on a fresh app.
    const ungrouped = {
      feed: await measure(meter, async () =>
        (await createApp({ config, store }).request(`${feedUrl}?group=none`)).text(),
      ),
      api: await measure(meter, async () =>
        (await createApp({ config, store }).request(`/api/topics/${TOPIC}/items?group=none`)).text(),
      ),
    };
    const stories = new Set(items.map((item) => item.story ?? item.id)).size;
    details.feedRequests = {
      floor: floor.used,
      cold: cold.used,
      warm: warm.used,
      conditional: conditional.used,
      api: api.used,
      ungroupedFeed: ungrouped.feed.used,
      ungroupedApi: ungrouped.api.used,
    };
    const requestFigure = (name: string, used: MeterSnapshot, note?: string) =>
      add({
        name,
        value: used.total,
        unit: "",
        baseline: 3,
        baselineLabel:
          "the data model's design: GetItem of the list version + Query of the page's rows + one BatchGetItem of their items (with source states when not kept)",
        goal: { on: "value", op: "<=", target: 3 },
        note: `${JSON.stringify(used.requests)}${note ? `; ${note}` : ""}`,
      });
    requestFigure(`requests per feed request (${feedUrl}, first render)`, cold.used);
    requestFigure("requests per feed request (rendered output cached)", warm.used);
    requestFigure("requests per conditional feed request (304)", conditional.used, `status ${conditional.value}`);
    requestFigure("requests per API page (/api/topics/all/items)", api.used);
    requestFigure("requests per feed request, every item on its own (group=none, first render)", ungrouped.feed.used);
    requestFigure("requests per API page, every item on its own (group=none)", ungrouped.api.used);
    add({
      name: "read capacity per feed page, one entry per story (first render)",
      value: cold.used.readCapacity,
      unit: "RCU",
      baseline: ungrouped.feed.used.readCapacity,
      baselineLabel: "the same page with every item on its own (group=none), measured the same way",
      note: `${items.length} articles in ${stories} stories; story entries read from their own rows (e:<slug>), cards beside the items`,
    });
    add({
      name: "read capacity per API page, one entry per story",
      value: api.used.readCapacity,
      unit: "RCU",
      baseline: ungrouped.api.used.readCapacity,
      baselineLabel: "the same page with every item on its own (group=none), measured the same way",
    });
    add({
      name: "Scan requests in those feed and API requests",
      value: [cold, warm, conditional, api].reduce((sum, m) => sum + scans(m.used), 0),
      unit: "",
      baseline: null,
      baselineLabel: "none: an absolute goal",
      goal: { on: "value", op: "=", target: 0 },
    });
    add({
      name: "read capacity per feed request (first render)",
      value: cold.used.readCapacity,
      unit: "RCU",
      baseline: floor.used.readCapacity,
      baselineLabel:
        "a bare GetItem of the list version + Query of the 50 newest rows (Limit 50), measured the same way",
    });
    const sources = await runSourceCost(ctx);
    figures.push(...sources.figures);
    details.sources = sources.details;
  } finally {
    await publisher.close();
  }
  details.items = await runItemCost(ctx, add);
  return { figures, skips: [], details };
}
