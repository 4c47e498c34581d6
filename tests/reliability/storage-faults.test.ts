/**
 * Storage faults between the poller and DynamoDB Local, injected by a proxy: errors at a rate, storage dying
 * at every point of a poll, and failures that must not count against a source. Every scenario ends compared
 * with a clean run: the same items, with the same sources and titles, in the same lists, each once.
 */
import { randomUUID } from "node:crypto";
import { type Config, validateConfig } from "@tributary/core/config";
import { StorageError } from "@tributary/core/errors";
import { Fetcher } from "@tributary/core/fetch";
import { type CycleResult, runCycle, syncSources } from "@tributary/core/poll";
import { openStore, type SourceState, type Store, sourceList } from "@tributary/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { type FixtureEntry, pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import {
  atRate,
  type FaultProxy,
  failingFrom,
  healthy,
  onOperations,
  onRecords,
  quickStore,
  type StorageFault,
  startFaultProxy,
} from "../helpers/fault-proxy.ts";
import { engineEndpoint } from "../helpers/store.ts";
import { BASE, compare, type Snapshot, snapshot } from "./harness.ts";

type Publisher = Awaited<ReturnType<typeof startPublisher>>;

let publisher: Publisher;
let proxy: FaultProxy;
let config: Config;
let reference: Snapshot;

const SOURCES = ["a", "b", "c"] as const;

/** Each section: 8 articles shared by all three (their own tracking parameters), 4 of its own, and `a` 2 undated. */
function sectionItems(section: string, edited = false): FixtureEntry[] {
  const shared = Array.from({ length: 8 }, (_, n) => ({
    title: `Shared ${n}${edited && section === "a" && n === 0 ? " (edited)" : ""}`,
    link: `https://news.example/shared-${n}/?utm_source=${section}`,
    pubDate: pubDate(n, BASE),
    description: `<p>Shared article ${n}</p>`,
    categories: n % 2 ? ["ukraine"] : ["europe"],
  }));
  const own = Array.from({ length: 4 }, (_, n) => ({
    title: `Only in ${section} ${n}`,
    link: `https://news.example/${section}/${n}/`,
    pubDate: pubDate(20 + n, BASE),
    description: n % 2 ? "about ukraine" : "about something else",
  }));
  const undated =
    section === "a" ? [1, 2].map((n) => ({ title: `Dateless ${n}`, link: `https://news.example/dateless-${n}/` })) : [];
  return [...shared, ...own, ...undated];
}

function publish(edited = false) {
  for (const section of SOURCES) {
    publisher.set(`/${section}.rss`, {
      body: rss({ title: `Section ${section}`, items: sectionItems(section, edited) }),
      contentType: "application/rss+xml",
    });
  }
}

const newTable = () => `rel-${randomUUID()}`;
/** The operations that write items and list rows. */
const ITEM_WRITES = ["PutItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"];

/**
 * A store on a new table, created through the healthy path, then opened through the proxy with 2 attempts a
 * request, the second at once (the SDK's backoff would only make the runs long, more so on a loaded machine).
 */
async function faultyStore(tableName: string): Promise<Store> {
  const direct = await openStore({ endpoint: engineEndpoint(), tableName, retentionDays: 90, createTable: true });
  direct.close();
  proxy.setPlan(healthy);
  return quickStore(proxy.url, tableName, 90);
}

const fetcher = () => new Fetcher({ ...config.poll });

/**
 * A snapshot without the topics' story entries (`e:<slug>`): a story's entry is its earliest-stored item in the
 * topic, so which copy it is follows the order the faults let the items be stored in, not the clean run's.
 */
function withoutEntries(snap: Snapshot): Snapshot {
  return { ...snap, lists: Object.fromEntries(Object.entries(snap.lists).filter(([list]) => !list.startsWith("e:"))) };
}

/** One cycle; a storage failure before any source is polled rejects, and is reported here as such. */
async function poll(store: Store): Promise<CycleResult | "rejected"> {
  try {
    return await runCycle({ config, store, fetcher: fetcher() }, { mode: "all" });
  } catch (error) {
    expect(error).toBeInstanceOf(StorageError);
    return "rejected";
  }
}

beforeAll(async () => {
  publisher = await startPublisher();
  proxy = await startFaultProxy(engineEndpoint());
  config = validateConfig({
    title: "Storage faults",
    sources: SOURCES.map((id) => ({ id, url: `${publisher.url}/${id}.rss`, title: `Section ${id}` })),
    topics: [
      { slug: "all", title: "All", sources: ["*"] },
      { slug: "ukraine", title: "Ukraine", sources: ["a", "b"], include: ["ukraine"] },
    ],
  });
  publish();
  const table = newTable();
  const clean = await openStore({ endpoint: engineEndpoint(), tableName: table, retentionDays: 90, createTable: true });
  const result = await runCycle({ config, store: clean, fetcher: fetcher() }, { mode: "all" });
  expect(result.summary).toMatchObject({ fetched: 3, failed: 0, itemsNew: 8 + 3 * 4 + 2 });
  clean.close();
  reference = await snapshot(table);
  expect(reference.items).toHaveLength(22);
});
afterAll(async () => {
  await proxy?.close();
  await publisher?.close();
});

describe("storage faults", () => {
  it("converges to the clean run's items under 20% failed requests, losing and duplicating nothing", async () => {
    for (const seed of [7, 1234]) {
      publish();
      const table = newTable();
      const store = await faultyStore(table);
      proxy.setPlan(atRate(0.2, seed));
      const injectedBefore = proxy.injected;
      let polls = 0;
      let settled = false;
      // Each request fails 4% of the time (20%, twice); a first poll of these 22 articles makes about 290 requests
      // (items, rows, stories, story entries), so settling takes several polls, each storing what it can.
      while (!settled && polls < 40) {
        polls++;
        const result = await poll(store);
        settled = result !== "rejected" && !result.storageFailed && result.summary.failed === 0;
      }
      const injected = proxy.injected - injectedBefore;
      proxy.setPlan(healthy);
      expect(settled, `still failing after ${polls} polls`).toBe(true);
      expect(injected).toBeGreaterThan(0);
      const actual = await snapshot(table);
      expect(compare(actual, reference)).toEqual({ lost: 0, duplicated: 0, twice: [] });
      expect(withoutEntries(actual)).toEqual(withoutEntries(reference));
      // A healthy poll afterwards writes nothing new and changes nothing.
      const after = await poll(store);
      expect(after !== "rejected" && after.summary).toMatchObject({ failed: 0, itemsNew: 0, itemsUpdated: 0 });
      expect(await snapshot(table)).toEqual(actual);
      store.close();
    }
  }, 120_000);

  it("keeps one entry per story in every grouped topic under 20% failed requests", async () => {
    // An article stored first by a section outside a topic enters the topic when a section of it gains the article:
    // its entry row is written after the item. Writes after an item's commit that fail are redone by a later poll.
    for (const seed of [7, 1234, 99, 2024]) {
      publish();
      const table = newTable();
      const store = await faultyStore(table);
      proxy.setPlan(atRate(0.2, seed));
      let settled = false;
      for (let polls = 0; !settled && polls < 40; polls++) {
        const result = await poll(store);
        settled = result !== "rejected" && !result.storageFailed && result.summary.failed === 0;
      }
      proxy.setPlan(healthy);
      expect(settled, `seed ${seed}: still failing after 40 polls`).toBe(true);
      const app = createApp({ config, store });
      for (const slug of ["all", "ukraine"]) {
        const read = async (query: string) =>
          (
            (await (await app.request(`/api/topics/${slug}/items?limit=200${query}`)).json()) as {
              items: { story: { id: string } }[];
            }
          ).items.map((item) => item.story.id);
        const entries = await read("");
        const stories = new Set(await read("&group=none"));
        expect(stories.size, `seed ${seed}: ${slug}`).toBeGreaterThan(0);
        expect(entries.length, `seed ${seed}: ${slug} lists a story twice`).toBe(new Set(entries).size);
        expect(new Set(entries), `seed ${seed}: ${slug} misses a story`).toEqual(stories);
      }
      store.close();
    }
  }, 180_000);

  it("when storage dies at any point of a poll, reports it, and the next healthy poll brings in every item", async () => {
    publish();
    // How many requests a clean poll makes, to kill storage at points all through it.
    const probe = await faultyStore(newTable());
    const start = proxy.requests.length;
    await poll(probe);
    const total = proxy.requests.length - start;
    probe.close();
    expect(total).toBeGreaterThan(20);

    const kinds: StorageFault[] = ["500", "reset", "throttling", "reset-after", "throughput"];
    const points = [...new Set(Array.from({ length: 14 }, (_, k) => 1 + Math.floor((k * total) / 14)))];
    for (const [index, point] of points.entries()) {
      const table = newTable();
      const store = await faultyStore(table);
      const first = proxy.requests.length + 1;
      proxy.setPlan(failingFrom(first + point - 1, kinds[index % kinds.length]));
      const failed = await poll(store);
      proxy.setPlan(healthy);
      // Request counts vary a little with how the sources interleave: a late point may not be reached.
      const reached = proxy.requests.length - first + 1 >= point;
      if (failed !== "rejected" && reached) {
        expect(failed.storageFailed, `dies at request ${point} of ${total}`).toBe(true);
        expect(failed.storageError).toMatch(/^store: /);
        for (const report of failed.reports) {
          if (report.outcome === "storage-error") expect(report.status).toBe("unchanged");
        }
      }
      // Nothing counted against the sources, and no source kept validators for items it did not store. The
      // report does not tell: a state saved after every item, whose answer was lost (`reset-after`), reports a
      // storage error; what counts is that a source with validators has every item of its feed committed.
      const direct = await openStore({ endpoint: engineEndpoint(), tableName: table, retentionDays: 90 });
      const states = await direct.sources.states([...SOURCES]);
      for (const state of states.values()) {
        expect(state.consecutiveErrors, `dies at ${point}: ${state.id}`).toBe(0);
        expect(state.status).not.toBe("failing");
        if (state.etag === null && state.bodyHash === null) continue;
        const rows = await direct.lists.rows(sourceList(state.id));
        expect(rows, `dies at ${point}: ${state.id} saved validators before its items`).toHaveLength(
          sectionItems(state.id).length,
        );
        const items = await direct.items.getMany(rows.map((row) => row.id));
        for (const row of rows) expect(items.get(row.id)?.sources).toContain(state.id);
      }
      direct.close();

      const healed = await poll(store);
      expect(healed !== "rejected" && healed.storageFailed, `healthy poll after dying at ${point}`).toBe(false);
      const actual = await snapshot(table);
      expect(compare(actual, reference), `dies at request ${point} of ${total}`).toEqual({
        lost: 0,
        duplicated: 0,
        twice: [],
      });
      expect(actual, `dies at request ${point} of ${total}`).toEqual(reference);
      store.close();
    }
  }, 300_000);

  it("saves a source's validators only after its items, even when the save's answer is lost", async () => {
    publish();
    const table = newTable();
    const store = await faultyStore(table);
    await syncSources(store, config, new Date());
    // Every PutItem of a source state (sk S) or of the first-seen mark of one of a's undated articles (sk T) is
    // done by the engine, then its connection reset: written, and each reported as a storage failure.
    proxy.setPlan(onRecords(["PutItem"], /"sk":\{"S":"[ST]"\}/, "reset-after"));
    const failed = await poll(store);
    proxy.setPlan(healthy);
    expect(failed !== "rejected" && failed.storageFailed).toBe(true);
    const reports = failed === "rejected" ? [] : failed.reports;
    const states = await store.sources.states([...SOURCES]);
    for (const id of ["b", "c"]) {
      // The state was saved, after every item: reported as a storage error, yet nothing is missing.
      expect(reports.find((r) => r.id === id)?.outcome, id).toBe("storage-error");
      expect(states.get(id)?.bodyHash, id).not.toBeNull();
      expect(await store.lists.rows(sourceList(id)), id).toHaveLength(sectionItems(id).length);
    }
    // a could not reserve its undated articles: its items are not all stored, and it kept no validators.
    expect(states.get("a")?.bodyHash).toBeNull();
    await poll(store);
    expect(await snapshot(table)).toEqual(reference);
    store.close();
  }, 60_000);

  it("does not count a storage failure against the source, failing or healthy", async () => {
    publish();
    const table = newTable();
    const store = await faultyStore(table);
    publisher.set("/c.rss", { status: 500, body: "down" });
    await poll(store);
    await poll(store);
    const before = await store.sources.states([...SOURCES]);
    expect(before.get("c")).toMatchObject({ status: "failing", consecutiveErrors: 2 });
    expect(before.get("a")).toMatchObject({ status: "ok", consecutiveErrors: 0 });

    // New bodies everywhere, c back up; every write of an item or a list row fails, while source states could
    // still be saved.
    publish(true);
    proxy.setPlan(onRecords(ITEM_WRITES, /"pk":\{"S":"[IL]#/, "throughput"));
    const failed = await poll(store);
    proxy.setPlan(healthy);
    expect(failed !== "rejected" && failed.storageFailed).toBe(true);
    // a (an edit) and c (never stored) needed row writes; b is unchanged and may record its 304.
    const after = await store.sources.states([...SOURCES]);
    for (const id of ["a", "c"]) expect(after.get(id), id).toEqual(before.get(id) as SourceState);

    const healed = await poll(store);
    expect(healed !== "rejected" && healed.summary).toMatchObject({ failed: 0 });
    const states = await store.sources.states([...SOURCES]);
    for (const id of SOURCES) expect(states.get(id)).toMatchObject({ status: "ok", consecutiveErrors: 0 });
    expect((await store.sources.states(["a"])).get("a")?.etag).not.toBe(before.get("a")?.etag);
    store.close();
  }, 60_000);

  it("stores an undated article once when the poll that first saw it failed before committing it", async () => {
    const undated = [1, 2].map((n) => ({ title: `Undated ${n}`, link: `https://news.example/undated-${n}/` }));
    publish();
    const table = newTable();
    const store = await faultyStore(table);
    await poll(store);
    publisher.set("/a.rss", {
      body: rss({ title: "Section a", items: [...undated, ...sectionItems("a")] }),
      contentType: "application/rss+xml",
    });
    // The undated articles are marked with the time first seen, then every write of their rows and items fails.
    proxy.setPlan(onRecords(ITEM_WRITES, /"pk":\{"S":"L#|"sk":\{"S":"I"\}/, "500"));
    const failed = await poll(store);
    proxy.setPlan(healthy);
    expect(failed !== "rejected" && failed.storageFailed).toBe(true);
    // A later poll sees them again, at a later time.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const healed = await poll(store);
    expect(healed !== "rejected" && healed.summary).toMatchObject({ failed: 0 });
    const page = (await (await createApp({ config, store }).request("/api/topics/all/items?limit=200")).json()) as {
      items: { title: string }[];
    };
    // Seen first by the same request, they share a date: their order is by id.
    expect(
      page.items
        .filter((i) => i.title.startsWith("Undated"))
        .map((i) => i.title)
        .sort(),
    ).toEqual(["Undated 1", "Undated 2"]);
    const { duplicated, twice } = compare(await snapshot(table), reference);
    expect({ duplicated, twice }).toEqual({ duplicated: 0, twice: [] });
    store.close();
  }, 60_000);

  it("moves the topic's ETag for items that expired in a sweep whose list-version writes failed", async () => {
    const t0 = new Date();
    const hoursAgo = (h: number) => new Date(t0.getTime() - h * 3_600_000).toUTCString();
    publisher.set("/short.rss", {
      body: rss({
        title: "Short",
        items: [
          { title: "Old", link: "https://news.example/old/", pubDate: hoursAgo(20) },
          { title: "New", link: "https://news.example/new/", pubDate: hoursAgo(2) },
        ],
      }),
      contentType: "application/rss+xml",
    });
    const short = validateConfig({
      title: "Short retention",
      sources: [{ id: "short", url: `${publisher.url}/short.rss` }],
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
      retentionDays: 1,
    });
    const store = await faultyStore(newTable());
    const cycleAt = (at: Date) =>
      runCycle({ config: short, store, fetcher: fetcher(), now: () => at }, { mode: "all" });
    await cycleAt(t0);
    const paths = ["/api/topics/all/items", "/feeds/all.atom"];
    const etags = async (at: Date) => {
      const app = createApp({ config: short, store, now: () => at });
      return Promise.all(paths.map(async (path) => (await app.request(path)).headers.get("etag")));
    };
    const before = await etags(t0);

    // Six hours later "Old" is past retention: the sweep deletes its rows, but every list-version write fails.
    const t1 = new Date(t0.getTime() + 6 * 3_600_000);
    proxy.setPlan(onOperations(["UpdateItem"], "500"));
    await expect(cycleAt(t1)).rejects.toBeInstanceOf(StorageError);
    proxy.setPlan(healthy);
    await cycleAt(t1);
    const page = (await (
      await createApp({ config: short, store, now: () => t1 }).request("/api/topics/all/items")
    ).json()) as {
      items: { title: string }[];
    };
    expect(page.items.map((i) => i.title)).toEqual(["New"]);
    const after = await etags(t1);
    for (const [index, path] of paths.entries()) expect(after[index], path).not.toBe(before[index]);
    store.close();
  }, 60_000);

  it("moves the topic's ETag for items stored by a poll whose list-version writes failed", async () => {
    publish();
    const table = newTable();
    const store = await faultyStore(table);
    await poll(store);
    const app = createApp({ config, store });
    const etagOf = async (path: string) => (await app.request(path)).headers.get("etag");
    const paths = ["/api/topics/all/items", "/feeds/all.rss", "/api/sources/a/items"];
    const before = await Promise.all(paths.map(etagOf));

    // A new article; the poll stores it but every list-version update fails.
    publisher.set("/a.rss", {
      body: rss({
        title: "Section a",
        items: [
          { title: "Breaking", link: "https://news.example/breaking/", pubDate: pubDate(30, BASE) },
          ...sectionItems("a"),
        ],
      }),
      contentType: "application/rss+xml",
    });
    proxy.setPlan(onOperations(["UpdateItem"], "500"));
    const failed = await poll(store);
    proxy.setPlan(healthy);
    expect(failed !== "rejected" && failed.storageFailed).toBe(true);

    await poll(store);
    const page = (await (await app.request("/api/topics/all/items?limit=200")).json()) as {
      items: { title: string }[];
    };
    expect(page.items.map((i) => i.title)).toContain("Breaking");
    // Let the 10 s render cache go: a fresh app, as another instance would be.
    const fresh = createApp({ config, store });
    const after = await Promise.all(paths.map(async (path) => (await fresh.request(path)).headers.get("etag")));
    for (const [index, path] of paths.entries()) expect(after[index], path).not.toBe(before[index]);
    store.close();
  }, 60_000);
});
