import { createServer } from "node:net";
import { type Config, validateConfig } from "@tributary/core/config";
import type { Article, Item } from "@tributary/core/item";
import { rebuildCard } from "@tributary/core/poll";
import { entryList, openStore, type Store, type StoredItem, sourceList, topicList } from "@tributary/core/store";
import { featuresOf, newSummary } from "@tributary/core/stories";
import { expect } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { createTestStore } from "../helpers/store.ts";

/** The clock of every API test: items are dated relative to it. */
export const NOW = new Date("2026-11-26T12:00:00.000Z");
const HOUR = 3_600_000;

/** Two titled sections and one untitled, merged into two topics; `quiet` has no items. */
export const testConfig: Config = validateConfig({
  title: "Test topics",
  sources: [
    { id: "alpha", url: "https://alpha.example/feed.rss", title: "Alpha Section" },
    { id: "beta", url: "https://beta.example/feed.rss", title: "Beta & Co" },
    { id: "gamma", url: "https://gamma.example/feed.rss" },
  ],
  topics: [
    { slug: "world", title: "World", description: "Everything in the world.", sources: ["alpha", "beta"] },
    { slug: "quiet", title: "Quiet", sources: ["gamma"] },
  ],
  retentionDays: 90,
});

/** An item `hoursAgo` before NOW, with every field set. */
export function makeItem(n: number, hoursAgo: number, sources: string[] = ["alpha"]): Article {
  const publishedAt = new Date(NOW.getTime() - hoursAgo * HOUR).toISOString();
  return {
    id: `item-${String(n).padStart(4, "0")}`,
    url: `https://alpha.example/articles/${n}`,
    title: `Article ${n}`,
    summary: `Summary of article ${n}.`,
    contentHtml: `<p>Body of article <b>${n}</b>.</p>`,
    contentSource: "feed",
    author: "A. Writer",
    categories: ["Politics"],
    imageUrl: `https://alpha.example/images/${n}.jpg`,
    publishedAt,
    updatedAt: publishedAt,
    sources,
  };
}

/** An article as the API serves it when it is a story of its own (stored before stories, or alone). */
export const served = (item: Article): Item => ({ ...item, story: { id: item.id, size: 1 } });

/** An article as a story-grouped topic serves it when it is a story of its own: its entry, with no other outlet. */
export const servedEntry = (item: Article): Item => ({ ...item, story: { id: item.id, size: 1, others: [] } });

const stored = (item: Article): StoredItem => ({ ...item, copies: {}, rev: 1, firstSeenAt: item.publishedAt });

/**
 * Makes seeded items one story, the first its first item, as grouping would have left them: each item names the
 * story, the story's member rows, and its card.
 */
export async function seedStory(store: Store, config: Config, items: Article[]): Promise<string> {
  const first = items[0] as Article;
  for (const [n, item] of items.entries()) {
    const current = (await store.items.get(item.id)) as StoredItem;
    await store.items.replace({ ...current, story: first.id, rev: current.rev + 1 }, current.rev);
    await store.stories.putMember(first.id, item.id, item.publishedAt, n + 1);
  }
  const features = featuresOf({ ...first, contentText: null });
  const summary = newSummary(features, 32);
  for (let n = 1; n <= items.length; n++) await store.stories.putSummary({ ...summary, size: n, version: n }, first.id);
  const card = await rebuildCard(store, config, first.id);
  if (card) await store.stories.putCard(card, null);
  return first.id;
}

/**
 * Stores items as a poll would: item rows, rows in the topic (and its story entries: each item a story of its own)
 * and in each source list, lists touched.
 */
export async function seed(store: Store, slug: string, items: Article[], at: Date = NOW): Promise<void> {
  for (const item of items) await store.items.create(stored(item));
  await store.lists.putRows(topicList(slug), items);
  // Each item is a story of its own: the entry of its story in the topic when the topic groups stories.
  await store.lists.putRows(entryList(slug), items);
  await store.lists.touch(topicList(slug), at);
  const bySource = new Map<string, Article[]>();
  for (const item of items) for (const id of item.sources) bySource.set(id, [...(bySource.get(id) ?? []), item]);
  for (const [id, list] of bySource) {
    await store.lists.putRows(sourceList(id), list);
    await store.lists.touch(sourceList(id), at);
  }
}

/**
 * A fresh store, an app on it with the test clock, and `get` for requests. List versions are read on every
 * request unless `listVersionMaxAgeMs` says otherwise, so each test sees the store's changes at once.
 */
export async function setup(options: { config?: Config; now?: () => Date; listVersionMaxAgeMs?: number } = {}) {
  const store = await createTestStore();
  const config = options.config ?? testConfig;
  const app = createApp({
    config,
    store,
    now: options.now ?? (() => NOW),
    listVersionMaxAgeMs: options.listVersionMaxAgeMs ?? 0,
  });
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
  return { store, config, app, get };
}

/**
 * Records the name of every DynamoDB request a store sends, one entry per HTTP attempt
 * (the document client shares the low-level client's middleware stack).
 */
export function countCommands(store: Store): string[] {
  const commands: string[] = [];
  store.kit.client.middlewareStack.add(
    (next, context) => (args) => {
      commands.push(context.commandName ?? "unknown");
      return next(args);
    },
    { step: "finalizeRequest", name: `countCommands-${Math.random()}` },
  );
  return commands;
}

/** A record a store's request wrote: the request's name and the record's key. */
export interface WrittenKey {
  command: string;
  pk: string;
  sk: string;
}

/**
 * Records the key of every PutItem and UpdateItem a store sends (one entry per request, as `countCommands` counts them).
 */
export function writtenKeys(store: Store): WrittenKey[] {
  const keys: WrittenKey[] = [];
  const text = (value: unknown) => (typeof value === "string" ? value : String((value as { S?: string })?.S));
  store.kit.client.middlewareStack.add(
    (next, context) => (args) => {
      const command = context.commandName ?? "unknown";
      const input = args.input as { Item?: Record<string, unknown>; Key?: Record<string, unknown> };
      const key = command === "PutItemCommand" ? input.Item : command === "UpdateItemCommand" ? input.Key : undefined;
      if (key) keys.push({ command, pk: text(key.pk), sk: text(key.sk) });
      return next(args);
    },
    { step: "initialize", name: `writtenKeys-${Math.random()}` },
  );
  return keys;
}

/** Records the partition key of every key a store's BatchGetItem requests ask for. */
export function batchGetKeys(store: Store): string[] {
  const keys: string[] = [];
  store.kit.client.middlewareStack.add(
    (next, context) => (args) => {
      if (context.commandName === "BatchGetItemCommand") {
        const input = args.input as { RequestItems?: Record<string, { Keys?: { pk?: { S?: string } | string }[] }> };
        for (const { Keys = [] } of Object.values(input.RequestItems ?? {})) {
          for (const key of Keys) keys.push(typeof key.pk === "string" ? key.pk : String(key.pk?.S));
        }
      }
      return next(args);
    },
    { step: "initialize", name: `batchGetKeys-${Math.random()}` },
  );
  return keys;
}

/** A store whose DynamoDB endpoint is a closed loopback port: every request fails at once. */
export async function unreachableStore(): Promise<Store> {
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 1));
    });
  });
  return openStore({ endpoint: `http://127.0.0.1:${port}`, tableName: "down", retentionDays: 90, maxAttempts: 1 });
}

/** The JSON body of a problem+json response. */
export async function problemOf(
  res: Response,
): Promise<{ status: number; parameter?: string; detail: string; title: string; type: string }> {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as never;
}
