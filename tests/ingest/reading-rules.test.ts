import { type Config, validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { pollSource } from "@tributary/core/poll";
import { pendingState, type SourceState, type Store, sourceList } from "@tributary/core/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FixtureEntry, pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { createTestStore } from "../helpers/store.ts";

type Publisher = Awaited<ReturnType<typeof startPublisher>>;

let publisher: Publisher;
let store: Store;
let config: Config;

beforeEach(async () => {
  publisher = await startPublisher();
  store = await createTestStore();
  config = validateConfig({
    title: "Test",
    sources: [{ id: "desk", url: `${publisher.url}/feeds/desk.rss`, title: "Desk" }],
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
  });
});
afterEach(async () => {
  await publisher.close();
});

const BASE = Date.now() - 5 * 86_400_000;
const entries = (count: number, edit: (entry: FixtureEntry, n: number) => FixtureEntry = (e) => e) =>
  Array.from({ length: count }, (_, n) =>
    edit(
      {
        title: `Story ${n}`,
        link: `https://news.example/story-${n}/`,
        pubDate: pubDate(n, BASE),
        description: `<p>Summary ${n}</p>`,
        content: `<p>Body ${n}</p>`,
      },
      n,
    ),
  );

function publish(items: FixtureEntry[], options: { etag?: string; cut?: number } = {}): string {
  const body = rss({ title: "Desk", items });
  const served = options.cut === undefined ? body : body.slice(0, options.cut);
  publisher.set("/feeds/desk.rss", {
    body: served,
    contentType: "application/rss+xml; charset=utf-8",
    ...(options.etag ? { headers: { etag: options.etag } } : {}),
  });
  return body;
}

async function state(): Promise<SourceState> {
  const source = config.sources[0];
  if (!source) throw new Error("no source");
  return (await store.sources.states([source.id])).get(source.id) ?? pendingState(source.id, source.url, new Date());
}

async function poll() {
  const source = config.sources[0];
  if (!source) throw new Error("no source");
  const ctx = { config, store, fetcher: new Fetcher({ ...config.poll }), now: () => new Date(), random: () => 0.5 };
  return (await pollSource(ctx, source, await state())).report;
}

async function storedItems() {
  const list = await store.lists.page(sourceList("desk"), { limit: 500, cutoff: "2000-01-01T00:00:00.000Z" });
  return new Map(list.items.map((item) => [item.url, item]));
}

describe("per-entry reading", () => {
  it("reads only the entries that changed: one edit and one new entry of fifty", async () => {
    publish(entries(50));
    expect(await poll()).toMatchObject({ outcome: "fetched", new: 50, updated: 0, unchanged: 0 });
    expect((await state()).entryHashes).toHaveLength(50);

    const edited = entries(51, (entry, n) => (n === 7 ? { ...entry, title: "Story 7, corrected" } : entry));
    publish(edited);
    expect(await poll()).toMatchObject({ outcome: "fetched", new: 1, updated: 1, unchanged: 49 });
    const items = await storedItems();
    expect(items.get("https://news.example/story-7/")?.title).toBe("Story 7, corrected");
    expect(items.get("https://news.example/story-50/")?.title).toBe("Story 50");
    expect((await state()).entryHashes).toHaveLength(51);
  });
});

describe("truncated bodies", () => {
  it("fail the source with the reason and keep its old validators, so the whole body arrives next", async () => {
    publish(entries(3), { etag: '"v1"' });
    expect(await poll()).toMatchObject({ outcome: "fetched", new: 3 });
    const before = await state();

    const full = publish(entries(6), { etag: '"v2"' });
    publish(entries(6), { etag: '"v2"', cut: full.indexOf("<item>", full.indexOf("Story 4")) - 20 });
    const failed = await poll();
    expect(failed.outcome).toBe("failed");
    expect(failed.error).toMatch(/ends before its root <rss> closes/);
    const after = await state();
    expect(after).toMatchObject({ status: "failing", etag: '"v1"', bodyHash: before.bodyHash });
    expect(after.entryHashes).toEqual(before.entryHashes);

    publish(entries(6), { etag: '"v2"' });
    expect(await poll()).toMatchObject({ outcome: "fetched", new: 3, unchanged: 3 });
    expect((await storedItems()).size).toBe(6);
  });
});

describe("a reading-rules upgrade", () => {
  it("corrects items stored under older rules in place, without counting an edit", async () => {
    publish(entries(2, (entry, n) => (n === 0 ? { ...entry, title: "A short tour of the <head> element" } : entry)));
    await poll();
    const [first] = [...(await storedItems()).values()].filter((item) => item.title?.includes("tour"));
    if (!first) throw new Error("not stored");
    // As an older deployment stored it: the words after <head> lost, its copy hashed without a rules version.
    const stored = await store.items.get(first.id);
    if (!stored) throw new Error("not stored");
    const oldCopy = "AAAAAAAAAAAAAAAAAAAAAA";
    await store.items.replace(
      { ...stored, title: "A short tour of the", copies: { desk: oldCopy }, rev: stored.rev + 1 },
      stored.rev,
    );
    await store.sources.save({ ...(await state()), bodyHash: "from-older-rules", entryHashes: ["older"] });

    const report = await poll();
    expect(report).toMatchObject({ outcome: "fetched", new: 0, updated: 0, unchanged: 2 });
    const corrected = await store.items.get(first.id);
    expect(corrected?.title).toBe("A short tour of the <head> element");
    expect(corrected?.updatedAt).toBe(stored.updatedAt);
    expect(corrected?.copies.desk).not.toBe(oldCopy);

    // A publisher's edit under the same rules is an edit as before: updatedAt moves.
    publish(entries(2, (entry, n) => (n === 0 ? { ...entry, title: "A longer tour of the <head> element" } : entry)));
    expect(await poll()).toMatchObject({ outcome: "fetched", new: 0, updated: 1, unchanged: 1 });
    const edited = await store.items.get(first.id);
    expect(edited?.title).toBe("A longer tour of the <head> element");
    expect(edited && edited.updatedAt > stored.updatedAt).toBe(true);
  });

  it("moves an item whose date newer rules read differently: rows leave the old sort key for the new one", async () => {
    publish(entries(2));
    await poll();
    const [first] = [...(await storedItems()).values()];
    if (!first) throw new Error("not stored");
    const stored = await store.items.get(first.id);
    if (!stored) throw new Error("not stored");
    // As an older deployment stored it: dated an hour later (say, a zone misread), under an older copy hash.
    const wrong = new Date(Date.parse(stored.publishedAt) + 3_600_000).toISOString();
    const older = { ...stored, publishedAt: wrong, copies: { desk: "AAAAAAAAAAAAAAAAAAAAAA" }, rev: stored.rev + 1 };
    await store.items.replace(older, stored.rev);
    await store.lists.deleteRows(sourceList("desk"), [`${stored.publishedAt}#${stored.id}`]);
    await store.lists.putRows(sourceList("desk"), [older]);
    await store.sources.save({ ...(await state()), bodyHash: "from-older-rules", entryHashes: ["older"] });

    expect(await poll()).toMatchObject({ outcome: "fetched", new: 0, updated: 0, unchanged: 2 });
    expect((await store.items.get(first.id))?.publishedAt).toBe(stored.publishedAt);
    for (const list of [sourceList("desk"), "t:all" as const]) {
      const keys = (await store.lists.rows(list)).filter((row) => row.id === first.id).map((row) => row.sk);
      expect(keys, list).toEqual([`${stored.publishedAt}#${stored.id}`]);
    }
    const served = [...(await storedItems()).values()].filter((item) => item.id === first.id);
    expect(served.map((item) => item.publishedAt)).toEqual([stored.publishedAt]);
  });
});
