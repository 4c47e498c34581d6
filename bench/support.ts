/** What several benchmark groups share: fixture feeds, a metering middleware on the DynamoDB client, timing. */
import { randomUUID } from "node:crypto";
import { cpus, totalmem } from "node:os";
import { type Config, validateConfig } from "@tributary/core/config";
import { openStore, type Store } from "@tributary/core/store";
import { type FixtureEntry, pubDate, rss } from "../testkit/feeds.ts";

/** What a group gets from the runner. */
export interface BenchContext {
  /** DynamoDB Local's endpoint (loopback). */
  endpoint: string;
  log: (line: string) => void;
}

/** A store on a fresh table of DynamoDB Local. */
export function freshStore(endpoint: string, retentionDays = 90): Promise<Store> {
  return openStore({ endpoint, tableName: `bench-${randomUUID()}`, retentionDays, createTable: true, maxAttempts: 6 });
}

/** Validates a configuration written as JSON. */
export function makeConfig(input: unknown): Config {
  return validateConfig(input);
}

// ---------------------------------------------------------------------------------------------------------------
// Fixture feeds

/** A small deterministic pseudo-random generator (mulberry32), so every run generates the same feeds. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  "the talks in geneva ended without agreement as diplomats from both sides said they would return next week to " +
  "continue negotiations over a ceasefire along the front line while officials in kyiv and moscow traded " +
  "accusations about shelling near the nuclear plant and analysts warned that sanctions policy in washington " +
  "and brussels may shift after the election congress debated the aid package senators questioned the pentagon " +
  "about weapons deliveries and the state department defended its approach to regional security in europe asia " +
  "and the middle east where tensions over shipping lanes oil prices and nuclear programs remain high".split(" ");

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random() * WORDS.length)] ?? "the");
  const text = out.join(" ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** HTML article content of about `bytes` bytes: paragraphs, a link, an image, emphasis — as news sites publish. */
export function articleHtml(random: () => number, bytes: number, n: number): string {
  const parts: string[] = [
    `<p><img src="/wp-content/uploads/2025/photo-${n}.jpg" alt="Photo ${n}" width="1200" height="800"></p>`,
  ];
  let size = parts[0]?.length ?? 0;
  let k = 0;
  while (size < bytes) {
    const p =
      k % 3 === 1
        ? `<p>${sentence(random, 18)} <a href="/2025/related-${n}-${k}/">${sentence(random, 4)}</a> <em>${sentence(random, 6)}</em></p>`
        : `<p>${sentence(random, 22)} ${sentence(random, 16)}</p>`;
    parts.push(p);
    size += p.length;
    k++;
  }
  return parts.join("\n");
}

/** One article as a feed entry, identical in every source that carries it. */
export interface Article {
  n: number;
  title: string;
  link: string;
  pubDate: string;
  description: string;
  content: string;
  creator: string;
  categories: string[];
}

const TOPIC_WORDS = ["Ukraine", "Europe", "Asia-Pacific", "Middle East", "Diplomacy", "Sanctions", "Congress"];

/** A news article: title, link, date within the last ten days, summary, and about `contentBytes` of HTML content. */
export function makeArticle(n: number, contentBytes: number, base = Date.now() - 10 * 86_400_000): Article {
  const random = seeded(n + 1);
  const topic = TOPIC_WORDS[n % TOPIC_WORDS.length] ?? "Europe";
  return {
    n,
    title: `${topic}: ${sentence(random, 9).replace(/\.$/, "")} (${n})`,
    link: `https://news.example/2025/article-${n}/`,
    pubDate: pubDate((n * 7) % 230, base),
    description: sentence(random, 40),
    content: articleHtml(random, contentBytes, n),
    creator: `Author ${n % 17}`,
    categories: [topic, n % 2 ? "Analysis" : "News"],
  };
}

/** The feed entry of an article; `linkSuffix` varies the link as sections do (`?utm_source=rss`). */
export function entryOf(article: Article, linkSuffix = ""): FixtureEntry {
  return {
    title: article.title,
    link: `${article.link}${linkSuffix}`,
    guid: `https://news.example/?p=${article.n}`,
    pubDate: article.pubDate,
    description: article.description,
    content: article.content,
    creator: article.creator,
    categories: article.categories,
  };
}

/** An RSS 2.0 feed of articles. */
export function newsFeed(title: string, entries: FixtureEntry[], lastBuildDate?: string): string {
  return rss({ title, link: "https://news.example/", lastBuildDate, items: entries });
}

// ---------------------------------------------------------------------------------------------------------------
// DynamoDB metering

const DATA_COMMANDS = new Set([
  "GetItemCommand",
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "QueryCommand",
  "ScanCommand",
  "BatchGetItemCommand",
  "BatchWriteItemCommand",
  "TransactGetItemsCommand",
  "TransactWriteItemsCommand",
]);

const WRITES = new Set([
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "BatchWriteItemCommand",
  "TransactWriteItemsCommand",
]);

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

function keyText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "S" in value) return String((value as { S: unknown }).S);
  return "";
}

/** Partition keys of the records a request names (marshalled input). */
function partitionKeys(name: string, input: Record<string, unknown>): string[] {
  const pk = (fields: unknown) => keyText((fields as Record<string, unknown> | undefined)?.pk);
  if (name === "PutItemCommand") return [pk(input.Item)];
  if (name === "UpdateItemCommand" || name === "DeleteItemCommand" || name === "GetItemCommand") return [pk(input.Key)];
  if (name === "BatchWriteItemCommand") {
    const tables = (input.RequestItems ?? {}) as Record<string, Record<string, Record<string, unknown>>[]>;
    return Object.values(tables).flatMap((writes) =>
      writes.map((write) => pk(write.PutRequest?.Item ?? write.DeleteRequest?.Key)),
    );
  }
  if (name === "QueryCommand") {
    return [keyText((input.ExpressionAttributeValues as Record<string, unknown> | undefined)?.[":pk"])];
  }
  if (name === "BatchGetItemCommand") {
    const tables = (input.RequestItems ?? {}) as Record<string, { Keys?: Record<string, unknown>[] }>;
    return Object.values(tables).flatMap(({ Keys = [] }) => Keys.map((key) => pk(key)));
  }
  if (name === "TransactWriteItemsCommand") {
    const actions = (input.TransactItems ?? []) as Record<string, Record<string, unknown>>[];
    return actions.map((action) => {
      const body = Object.values(action)[0] ?? {};
      return pk(body.Item ?? body.Key);
    });
  }
  return [];
}

/** Partition keys of story records: postings, summaries and cards, member lists. */
const isStoryKey = (key: string) => key.startsWith("G#") || key.startsWith("K#") || key.startsWith("L#g:");

/**
 * The kind of record a request is for: `story` when it reads or writes story records only (postings, summaries,
 * member rows) and `story-card` for a story's card, `item` when it touches any item or list row, else by prefix.
 */
function recordKind(name: string, input: Record<string, unknown>): string {
  const keys = partitionKeys(name, input);
  const sk = keyText(((input.Item ?? input.Key) as Record<string, unknown> | undefined)?.sk);
  if (keys.length > 0 && keys.every(isStoryKey)) return sk === "C" ? "story-card" : "story";
  if (keys.some((k) => k.startsWith("I#") || k.startsWith("L#"))) return "item";
  if (keys.some((k) => k.startsWith("M#"))) return "list-version";
  if (keys.some((k) => k.startsWith("S#"))) return "source";
  return "other";
}

/** Item keys (`I#…`, sk `I`) a GetItem or BatchGetItem asks for. */
function itemKeys(name: string, input: Record<string, unknown>): number {
  const isItem = (key: Record<string, unknown>) => keyText(key.pk).startsWith("I#") && keyText(key.sk) === "I";
  if (name === "GetItemCommand") return isItem((input.Key ?? {}) as Record<string, unknown>) ? 1 : 0;
  const tables = (input.RequestItems ?? {}) as Record<string, { Keys?: Record<string, unknown>[] }>;
  return Object.values(tables).reduce((sum, { Keys = [] }) => sum + Keys.filter(isItem).length, 0);
}

/** What a metered store sent to DynamoDB and what it consumed. */
export interface Meter {
  /** Requests by command name. */
  requests: Map<string, number>;
  readonly total: number;
  /** Write requests (Put/Update/Delete/BatchWrite/TransactWrite). */
  readonly writeRequests: number;
  /** PutItem requests of source states (`S#…`) and poll records (`P#…`): not item writes. */
  sourceStatePuts: number;
  /** Write requests other than source-state PutItems. */
  readonly itemWriteRequests: number;
  /** Records written: each Put/Update/Delete, each entry of a BatchWrite (retries included). */
  recordWrites: number;
  /** Of those, records other than source states and list versions: items and list rows. */
  itemRecordWrites: number;
  readCapacity: number;
  writeCapacity: number;
  /** Capacity units by command name. */
  capacity: Map<string, number>;
  /**
   * Write units by record kind: `item` (a request writing items, list rows or first-seen marks: `I#`, `L#`),
   * `list-version` (`M#`), `source` (`S#`), `other`.
   */
  writeByKind: Map<string, number>;
  /** Read capacity by the kind of record read (`recordKind`). */
  readByKind: Map<string, number>;
  /** Item keys (`I#…`, sk `I`) asked for by GetItem and BatchGetItem. */
  itemKeysRead: number;
  reset(): void;
  snapshot(): MeterSnapshot;
}

/** A frozen copy of a meter's counts. */
export interface MeterSnapshot {
  requests: Record<string, number>;
  total: number;
  writeRequests: number;
  sourceStatePuts: number;
  itemWriteRequests: number;
  recordWrites: number;
  itemRecordWrites: number;
  readCapacity: number;
  writeCapacity: number;
  capacity: Record<string, number>;
  writeByKind: Record<string, number>;
  readByKind: Record<string, number>;
  itemKeysRead: number;
}

/**
 * Meters a store's client: a middleware asks every data-plane request for `ReturnConsumedCapacity: TOTAL`,
 * counts requests (by command) and records written, and sums the consumed capacity DynamoDB reports.
 */
export function meterStore(store: Store): Meter {
  const requests = new Map<string, number>();
  const capacity = new Map<string, number>();
  const writeByKind = new Map<string, number>();
  const readByKind = new Map<string, number>();
  const meter = {
    requests,
    capacity,
    writeByKind,
    readByKind,
    itemKeysRead: 0,
    sourceStatePuts: 0,
    recordWrites: 0,
    itemRecordWrites: 0,
    readCapacity: 0,
    writeCapacity: 0,
    get total() {
      return [...requests.values()].reduce((a, b) => a + b, 0);
    },
    get writeRequests() {
      return [...requests].filter(([name]) => WRITES.has(name)).reduce((a, [, n]) => a + n, 0);
    },
    get itemWriteRequests() {
      return meter.writeRequests - meter.sourceStatePuts;
    },
    reset() {
      requests.clear();
      capacity.clear();
      writeByKind.clear();
      readByKind.clear();
      meter.itemKeysRead = 0;
      meter.sourceStatePuts = 0;
      meter.recordWrites = 0;
      meter.itemRecordWrites = 0;
      meter.readCapacity = 0;
      meter.writeCapacity = 0;
    },
    snapshot(): MeterSnapshot {
      return {
        requests: Object.fromEntries(requests),
        total: meter.total,
        writeRequests: meter.writeRequests,
        sourceStatePuts: meter.sourceStatePuts,
        itemWriteRequests: meter.itemWriteRequests,
        recordWrites: meter.recordWrites,
        itemRecordWrites: meter.itemRecordWrites,
        readCapacity: meter.readCapacity,
        writeCapacity: meter.writeCapacity,
        capacity: Object.fromEntries([...capacity].map(([k, v]) => [k, Math.round(v * 100) / 100])),
        writeByKind: Object.fromEntries(writeByKind),
        readByKind: Object.fromEntries([...readByKind].map(([k, v]) => [k, Math.round(v * 100) / 100])),
        itemKeysRead: meter.itemKeysRead,
      };
    },
  };
  const record = (pk: string) => {
    meter.recordWrites++;
    if (pk.startsWith("I#") || pk.startsWith("L#")) meter.itemRecordWrites++;
  };
  store.kit.client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      const input = args.input as Record<string, unknown>;
      requests.set(name, (requests.get(name) ?? 0) + 1);
      if (DATA_COMMANDS.has(name)) input.ReturnConsumedCapacity = "TOTAL";
      if (name === "PutItemCommand") {
        const pk = keyText((input.Item as Record<string, unknown> | undefined)?.pk);
        if (pk.startsWith("S#") || pk.startsWith("P#")) meter.sourceStatePuts++;
        record(pk);
      } else if (name === "UpdateItemCommand" || name === "DeleteItemCommand") {
        record(keyText((input.Key as Record<string, unknown> | undefined)?.pk));
      } else if (name === "BatchWriteItemCommand") {
        const tables = (input.RequestItems ?? {}) as Record<string, Record<string, Record<string, unknown>>[]>;
        for (const writes of Object.values(tables)) {
          for (const write of writes) {
            const fields = (write.PutRequest?.Item ?? write.DeleteRequest?.Key ?? {}) as Record<string, unknown>;
            record(keyText(fields.pk));
          }
        }
      }
      const kind = recordKind(name, input);
      if (name === "GetItemCommand" || name === "BatchGetItemCommand") meter.itemKeysRead += itemKeys(name, input);
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        const units = c.CapacityUnits ?? 0;
        capacity.set(name, (capacity.get(name) ?? 0) + units);
        if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
          meter.readCapacity += c.ReadCapacityUnits ?? 0;
          meter.writeCapacity += c.WriteCapacityUnits ?? 0;
        } else if (WRITES.has(name)) meter.writeCapacity += units;
        else meter.readCapacity += units;
        if (WRITES.has(name)) writeByKind.set(kind, (writeByKind.get(kind) ?? 0) + (c.WriteCapacityUnits ?? units));
        else readByKind.set(kind, (readByKind.get(kind) ?? 0) + (c.ReadCapacityUnits ?? units));
      }
      return result;
    },
    // Serialize step, before the serializer: the document client has marshalled the input by then.
    { step: "serialize", priority: "high", name: `bench-meter-${randomUUID()}` },
  );
  return meter as Meter;
}

/** Size of a record as DynamoDB counts it (attribute names + values, approximately), in bytes. */
export function recordSize(record: Record<string, unknown>): number {
  const utf8 = (text: string) => Buffer.byteLength(text);
  const valueSize = (value: unknown): number => {
    if (typeof value === "string") return utf8(value);
    if (typeof value === "number") return Math.ceil(String(Math.abs(value)).replace(".", "").length / 2) + 1;
    if (typeof value === "boolean" || value === null) return 1;
    if (value instanceof Uint8Array) return value.byteLength;
    if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueSize(v), 0);
    if (typeof value === "object") {
      return (
        3 +
        Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .reduce((sum, [k, v]) => sum + 1 + utf8(k) + valueSize(v), 0)
      );
    }
    return 0;
  };
  return Object.entries(record)
    .filter(([, v]) => v !== undefined)
    .reduce((sum, [k, v]) => sum + utf8(k) + valueSize(v), 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Timing and statistics

/** Milliseconds since `start` (performance.now()). */
export const since = (start: number) => performance.now() - start;

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The machine the run happened on. */
export function machine() {
  const model = cpus()[0]?.model ?? "unknown";
  return {
    nproc: cpus().length,
    cpuModel: model,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  };
}
