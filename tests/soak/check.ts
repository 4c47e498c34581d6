/**
 * Compares a table and the app it serves with the soak's model: every item (text, dates, sources, committed),
 * every list's rows within retention (each the stored item itself, each article once), and the topic and
 * source lists the API and a feed serve, in order.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Config } from "@tributary/core/config";
import { type ListKey, type Store, type StoredItem, searchText } from "@tributary/core/store";
import { membership } from "@tributary/core/topics";
import { createApp } from "../../functions/api/app.ts";
import { type Expected, type Model, RETENTION_DAYS } from "./model.ts";

const numberOf = (item: { url: string | null }) => Number(/story-(\d+)\//.exec(item.url ?? "")?.[1] ?? Number.NaN);
const sameSet = (a: Iterable<unknown>, b: Iterable<unknown>) => {
  const x = [...new Set(a)].map(String).sort();
  const y = [...new Set(b)].map(String).sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/** Every record of the table (a test may Scan; the product never does). */
async function scan(store: Store): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let lastKey: Record<string, unknown> | undefined;
  do {
    const page = await store.kit.doc.send(
      new ScanCommand({ TableName: store.table, ExclusiveStartKey: lastKey, ConsistentRead: true }),
    );
    rows.push(...(page.Items ?? []));
    lastKey = page.LastEvaluatedKey;
  } while (lastKey);
  return rows;
}

/** The differences between the store (read through `store`, healthy) and the model at `now`; empty when equal. */
export async function divergences(store: Store, config: Config, model: Model, now: number): Promise<string[]> {
  const problems: string[] = [];
  const cutoff = new Date(now - RETENTION_DAYS * 86_400_000).toISOString();
  const records = await scan(store);
  const items = new Map<number, StoredItem>();
  for (const record of records) {
    if (!String(record.pk).startsWith("I#") || record.sk !== "I") continue;
    const item = record as unknown as StoredItem;
    if (items.has(numberOf(item))) problems.push(`story ${numberOf(item)} stored twice`);
    items.set(numberOf(item), item);
  }
  if (!sameSet(items.keys(), model.items.keys()))
    problems.push(
      `items: stored [${[...items.keys()].sort((a, b) => a - b)}], expected [${[...model.items.keys()].sort((a, b) => a - b)}]`,
    );
  for (const [n, want] of model.items) {
    const got = items.get(n);
    if (!got) continue;
    const fields: [string, unknown, unknown][] = [
      ["title", got.title, want.title],
      ["summary", got.summary, want.summary],
      ["publishedAt", got.publishedAt, want.publishedAt],
      ["updatedAt", got.updatedAt, want.updatedAt],
      ["pending", got.pending ?? false, false],
    ];
    for (const [name, a, b] of fields) if (a !== b) problems.push(`story ${n} ${name}: ${a}, expected ${b}`);
    if (!sameSet(got.sources, want.sources))
      problems.push(`story ${n} sources: [${got.sources}], expected [${[...want.sources]}]`);
  }
  const expectedLists = model.lists(now);
  const byId = new Map([...items.values()].map((item) => [item.id, item]));
  const rows = new Map<string, StoredItem[]>([...expectedLists.keys()].map((list) => [list, []]));
  const staleText: string[] = [];
  for (const record of records) {
    const pk = String(record.pk);
    const sk = String(record.sk);
    if (!pk.startsWith("L#") || sk < cutoff) continue;
    // The rows a read serves: their item stored at the row's sort key and in the list (sources and filters).
    const item = byId.get(sk.slice(sk.indexOf("#") + 1));
    if (!item || `${item.publishedAt}#${item.id}` !== sk) continue;
    if (
      !membership(config)
        .listsOf(item)
        .includes(pk.slice(2) as ListKey)
    )
      continue;
    rows.set(pk.slice(2), [...(rows.get(pk.slice(2)) ?? []), item]);
    if (record.search !== searchText(item))
      staleText.push(`${pk.slice(2)}: the row of story ${numberOf(item)} has older text`);
  }
  problems.push(...staleText);
  for (const [list, shown] of rows) {
    const want = expectedLists.get(list) ?? [];
    const ns = shown.map(numberOf);
    if (new Set(ns).size !== ns.length) problems.push(`${list}: a story has two rows`);
    if (
      !sameSet(
        ns,
        want.map((e) => e.n),
      )
    )
      problems.push(
        `${list}: rows of [${ns.sort((a, b) => a - b)}], expected [${want.map((e) => e.n).sort((a, b) => a - b)}]`,
      );
  }
  if (problems.length === 0) problems.push(...(await servedDivergences(store, config, items, expectedLists, now)));
  return problems;
}

/** What the app serves for each topic (API and JSON Feed) and source (API), compared in order with the model. */
async function servedDivergences(
  store: Store,
  config: Config,
  items: Map<number, StoredItem>,
  lists: Map<string, Expected[]>,
  now: number,
): Promise<string[]> {
  const app = createApp({ config, store, now: () => new Date(now) });
  const problems: string[] = [];
  const order = (list: Expected[]) =>
    list
      .map((e) => items.get(e.n) as StoredItem)
      // Newest first, ties by id descending: the sort keys' byte order, as DynamoDB orders them.
      .map((item) => ({ item, key: `${item.publishedAt}#${item.id}` }))
      .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0))
      .map(({ item }) => item)
      .map((item) => item.title);
  const paths: [string, string, "api" | "feed"][] = [
    ...config.topics.map(
      // Every item on its own: the model is of items, not stories (tests/ingest/story-lists.test.ts checks entries).
      (t) => [`/api/topics/${t.slug}/items?limit=200&group=none`, `t:${t.slug}`, "api"] as [string, string, "api"],
    ),
    ...config.topics.map(
      (t) => [`/feeds/${t.slug}.json?limit=200&group=none`, `t:${t.slug}`, "feed"] as [string, string, "feed"],
    ),
    ...config.sources.map(
      (s) => [`/api/sources/${s.id}/items?limit=200`, `s:${s.id}`, "api"] as [string, string, "api"],
    ),
  ];
  for (const [path, list, kind] of paths) {
    const response = await app.request(path);
    if (response.status !== 200) {
      problems.push(`${path}: ${response.status}`);
      continue;
    }
    const body = (await response.json()) as { items: { title?: string }[] };
    const titles = body.items.map((i) => i.title ?? null);
    const want = order(lists.get(list) ?? []);
    if (JSON.stringify(titles) !== JSON.stringify(want))
      problems.push(`${path} (${kind}) serves ${JSON.stringify(titles)}, expected ${JSON.stringify(want)}`);
  }
  return problems;
}
