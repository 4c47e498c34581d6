/**
 * Stories through the poll and the API, on DynamoDB Local: copies of one wire story from several publishers become
 * one story whatever order their feeds arrive in; two cycles storing copies at once make one story; a storage
 * failure half-way loses no membership (the next poll completes it); retention takes expired items out of their
 * story's size; an unchanged poll writes no story record; every served item names its story.
 */
import { setTimeout as delay } from "node:timers/promises";
import { DeleteCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type Config, validateConfig } from "@tributary/core/config";
import { StorageError } from "@tributary/core/errors";
import { Fetcher } from "@tributary/core/fetch";
import type { Item } from "@tributary/core/item";
import { itemId } from "@tributary/core/normalize";
import { CLAIM_LEASE_MS, completeStories, runCycle } from "@tributary/core/poll";
import { openStore, type Store, type StoredItem } from "@tributary/core/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { type FixtureEntry, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { WRITE_COMMANDS } from "../../testkit/requests.ts";
import { createTestStore, intercept } from "../helpers/store.ts";

type Publisher = Awaited<ReturnType<typeof startPublisher>>;

let publisher: Publisher;
let store: Store;

beforeEach(async () => {
  publisher = await startPublisher();
  store = await createTestStore({ retentionDays: 3 });
});
afterEach(async () => {
  store.close();
  await publisher.close();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/**
 * The poll's clock: every date is relative to it. Noon of yesterday (UTC), so the copies a test publishes a few hours
 * apart fall on one UTC day whenever it runs: copies two polls start at once on two days make two stories
 * (docs/stories.md, "What it does not tell apart"), which a test of concurrent polls is not about.
 */
const NOW = new Date(Math.floor(Date.now() / DAY) * DAY - 12 * HOUR);
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * HOUR);

/** The publishers: each its own site (host), each one source. */
const PUBLISHERS = ["ap", "reuters", "bbc", "guardian", "times"] as const;
type PublisherId = (typeof PUBLISHERS)[number];
const host = (id: string) => `www.${id}-news.example`;

const WIRE = "Men's Wearhouse agrees to buy Jos. A. Bank for $1.8 billion";
const WIRE_VARIANTS = [
  WIRE,
  "Men's Wearhouse to buy Jos. A. Bank for $1.8 billion",
  "Men's Wearhouse agrees to buy rival Jos. A. Bank for $1.8 billion",
  "Jos. A. Bank agrees to $1.8 billion buyout by Men's Wearhouse",
  "Men's Wearhouse agrees $1.8 billion deal to buy Jos. A. Bank",
];

/** An article of each publisher's own, on nothing the others report. */
const OWN = [
  "Orchestra announces autumn season of Mahler symphonies",
  "Heatwave warning issued for coastal towns this weekend",
  "Rugby club appoints former captain as head coach",
  "Bakery chain recalls sesame bread over allergy labels",
  "Astronomers spot comet passing close to Jupiter",
];

/** The item id of a publisher's copy of the wire story. */
const wireId = (id: string) =>
  itemId({
    canonicalUrl: `https://${host(id)}/business/mens-wearhouse-jos-a-bank`,
    sourceId: id,
    guid: null,
    title: null,
  });

/** A publisher's copy of the wire story (published `hoursAgo`), and one article of its own. */
function feedOf(id: PublisherId, hoursAgo: number, extra: FixtureEntry[] = []): string {
  const n = PUBLISHERS.indexOf(id);
  return rss({
    title: `${id} news`,
    items: [
      {
        title: WIRE_VARIANTS[n] ?? WIRE,
        link: `https://${host(id)}/business/mens-wearhouse-jos-a-bank`,
        pubDate: at(hoursAgo).toUTCString(),
        description: "The menswear retailer will pay $65 a share in cash, ending a months-long takeover battle.",
      },
      {
        title: OWN[n] ?? `${id} own`,
        link: `https://${host(id)}/local/own-${n}`,
        pubDate: at(hoursAgo + 0.5).toUTCString(),
      },
      ...extra,
    ],
  });
}

function publish(hours: Partial<Record<PublisherId, number>>, options: { slow?: PublisherId } = {}): void {
  for (const [id, hoursAgo] of Object.entries(hours) as [PublisherId, number][]) {
    publisher.set(`/feeds/${id}.rss`, {
      body: feedOf(id, hoursAgo),
      contentType: "application/rss+xml",
      delayMs: options.slow === id ? 400 : 0,
    });
  }
}

function configFor(ids: readonly PublisherId[] = PUBLISHERS): Config {
  return validateConfig({
    title: "Wire",
    sources: ids.map((id) => ({ id, url: `${publisher.url}/feeds/${id}.rss`, title: `${id.toUpperCase()} News` })),
    topics: [{ slug: "business", title: "Business", sources: ["*"] }],
    retentionDays: 3,
  });
}

const cycle = (
  config: Config,
  on: Store = store,
  selection: { mode: "all" } | { mode: "ids"; ids: string[] } = { mode: "all" },
) => runCycle({ config, store: on, fetcher: new Fetcher({ ...config.poll }), now: () => NOW }, selection);

/** The items of the topic as the API serves them, every page. */
async function served(config: Config, now = NOW): Promise<Item[]> {
  const app = createApp({ config, store, now: () => now });
  const response = await app.request("/api/topics/business/items?limit=200&group=none");
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Item[] }).items;
}

const wireOf = (items: Item[]) => items.filter((item) => item.url?.endsWith("/mens-wearhouse-jos-a-bank"));
const hostOf = (item: Item) => new URL(item.url ?? "").hostname;

/**
 * The ap and reuters copies of the wire story stored by a poll, each item naming the ap item's story, and every story
 * record deleted: what another poll finds while the poll that claimed them has yet to write their story.
 */
async function claimedWithoutStoryRecords() {
  publish({ ap: 5, reuters: 4 });
  const config = configFor(["ap", "reuters"]);
  expect((await cycle(config)).storageFailed).toBe(false);
  const wire = wireOf(await served(config));
  const story = (wire.find((i) => hostOf(i) === host("ap")) as Item).story.id;
  const copy = (wire.find((i) => hostOf(i) === host("reuters")) as Item).id;
  await deleteStoryRecords();
  expect(await store.stories.summary(story)).toBeNull();
  return { config, wire, story, copy };
}

/** Makes the stored `id` an item another process's poll claimed until `until` (ms). */
async function claimElsewhere(id: string, until: number): Promise<void> {
  await store.kit.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: { pk: `I#${id}`, sk: "I" },
      UpdateExpression: "SET claimToken = :token, claimedUntil = :until",
      ExpressionAttributeValues: { ":token": "elsewhere00", ":until": new Date(until).toISOString() },
    }),
  );
}

/** Deletes every story record (postings, summaries, cards, member rows), as if no poll had written them yet. */
async function deleteStoryRecords(): Promise<void> {
  const page = await store.kit.doc.send(
    new ScanCommand({
      TableName: store.table,
      FilterExpression: "begins_with(pk, :g) OR begins_with(pk, :k) OR begins_with(pk, :m)",
      ExpressionAttributeValues: { ":g": "G#", ":k": "K#", ":m": "L#g:" },
      ConsistentRead: true,
    }),
  );
  expect(page.LastEvaluatedKey).toBeUndefined();
  for (const record of page.Items ?? []) {
    await store.kit.doc.send(new DeleteCommand({ TableName: store.table, Key: { pk: record.pk, sk: record.sk } }));
  }
}

/** Every story summary in the table (a test may Scan; the product never does). */
async function summaries(on: Store = store): Promise<Record<string, unknown>[]> {
  const page = await on.kit.doc.send(
    new ScanCommand({
      TableName: on.table,
      FilterExpression: "begins_with(pk, :g) AND sk = :s",
      ExpressionAttributeValues: { ":g": "G#", ":s": "G" },
      ConsistentRead: true,
    }),
  );
  return page.Items ?? [];
}

describe("stories through the poll", () => {
  it("groups the copies of a wire story across publishers, first published first, whatever feed arrives last", async () => {
    // The earliest copy comes from the slowest feed: grouping still takes it first.
    publish({ ap: 5, reuters: 3, bbc: 7 }, { slow: "bbc" });
    const config = configFor(["ap", "reuters", "bbc"]);
    const result = await cycle(config);
    expect(result.storageFailed).toBe(false);
    const items = await served(config);
    expect(items).toHaveLength(6);
    const wire = wireOf(items);
    const first = wire.find((item) => hostOf(item) === host("bbc")) as Item;
    expect(wire.map((item) => item.story)).toEqual(wire.map(() => ({ id: first.id, size: 3 })));
    // Each article of its own is a story of its own.
    for (const item of items.filter((i) => !wire.includes(i))) expect(item.story).toEqual({ id: item.id, size: 1 });

    const app = createApp({ config, store, now: () => NOW });
    const story = await app.request(`/api/stories/${first.id}`);
    expect(story.status).toBe(200);
    const body = (await story.json()) as { story: { id: string; size: number }; items: Item[] };
    expect(body.story).toEqual({ id: first.id, size: 3 });
    // Newest first: reuters (3 h ago), ap (5 h), bbc (7 h).
    expect(body.items.map(hostOf)).toEqual([host("reuters"), host("ap"), host("bbc")]);
    expect(((await (await app.request(`/api/items/${wire[0]?.id}`)).json()) as Item).story).toEqual({
      id: first.id,
      size: 3,
    });
    expect((await app.request("/api/stories/no-such-story")).status).toBe(404);
    // An item alone answers as a story of one.
    const alone = items.find((i) => !wire.includes(i)) as Item;
    const own = (await (await app.request(`/api/stories/${alone.id}`)).json()) as { items: Item[] };
    expect(own.items.map((i) => i.id)).toEqual([alone.id]);
  });

  it("joins a copy of a story's first report published a day and a half later, through the table", async () => {
    // The reports of the first hours move the story's profile away from the wire copy's words: a copy 36 hours later
    // joins by its title, which the story's summary remembers.
    const reports: [PublisherId, string, number][] = [
      ["ap", WIRE, 40],
      ["reuters", "Men's Wearhouse to buy Jos. A. Bank, ending months-long takeover battle", 39],
      ["bbc", "Jos. A. Bank shareholders get $65 a share in Men's Wearhouse deal", 39],
      ["guardian", "Men's Wearhouse wins Jos. A. Bank after bitter takeover fight", 38],
      ["times", WIRE, 4],
    ];
    for (const [id, title, hoursAgo] of reports) {
      publisher.set(`/feeds/${id}.rss`, {
        body: rss({
          title: id,
          items: [{ title, link: `https://${host(id)}/business/deal`, pubDate: at(hoursAgo).toUTCString() }],
        }),
      });
    }
    const config = configFor();
    expect((await cycle(config)).storageFailed).toBe(false);
    const items = await served(config);
    const first = items.find((item) => hostOf(item) === host("ap")) as Item;
    expect(items.map((item) => item.story)).toEqual(items.map(() => ({ id: first.id, size: 5 })));
    const [summary] = (await summaries()).filter((record) => record.id === first.id);
    expect((summary?.copies as Uint8Array | undefined)?.length).toBeGreaterThan(0);
  });

  it("keeps two items of one site apart, however alike", async () => {
    publisher.set("/feeds/ap.rss", {
      body: rss({
        title: "ap",
        items: [
          { title: WIRE, link: `https://${host("ap")}/a`, pubDate: at(2).toUTCString() },
          { title: WIRE, link: `https://${host("ap")}/b`, pubDate: at(1).toUTCString() },
        ],
      }),
    });
    publish({ reuters: 1.5 });
    const config = configFor(["ap", "reuters"]);
    await cycle(config);
    const items = await served(config);
    const ap = items.filter((item) => hostOf(item) === host("ap") && item.title === WIRE);
    expect(ap).toHaveLength(2);
    expect(ap[0]?.story.id).not.toBe(ap[1]?.story.id);
  });

  it("keeps an item without a link apart from items of its feed's site", async () => {
    // The feed is served from the publisher's host (127.0.0.1 here): its item without a link is published there.
    publisher.set("/feeds/ap.rss", {
      body: rss({
        title: "ap",
        items: [
          { title: WIRE, link: `${publisher.url}/business/wire`, pubDate: at(2).toUTCString() },
          { title: WIRE, guid: "ap-wire-copy", pubDate: at(1).toUTCString() },
        ],
      }),
    });
    publish({ reuters: 1.5 });
    const config = configFor(["ap", "reuters"]);
    await cycle(config);
    const items = await served(config);
    const linked = items.find((item) => item.url === `${publisher.url}/business/wire`);
    const unlinked = items.find((item) => item.url === null && item.title === WIRE);
    expect(linked).toBeDefined();
    expect(unlinked).toBeDefined();
    expect(unlinked?.story.id).not.toBe(linked?.story.id);
    // Reuters' copy, on a site of its own, joins the first.
    const reuters = wireOf(items).find((item) => hostOf(item) === host("reuters"));
    expect(reuters?.story.id).toBe(linked?.story.id);
  });

  it("makes one story of copies stored by two cycles at once", async () => {
    publish({ ap: 5, reuters: 4, bbc: 3, guardian: 2, times: 1 });
    const config = configFor();
    const second = await openStore({ endpoint: await endpointOf(store), tableName: store.table, retentionDays: 3 });
    try {
      // One cycle polls two publishers, the other three, at the same time; then both poll everything at once.
      const [a, b] = await Promise.all([
        cycle(config, store, { mode: "ids", ids: ["ap", "reuters"] }),
        cycle(config, second, { mode: "ids", ids: ["bbc", "guardian", "times"] }),
      ]);
      expect(a.storageFailed || b.storageFailed).toBe(false);
      const wire = wireOf(await served(config));
      expect(wire).toHaveLength(5);
      const ids = new Set(wire.map((item) => item.story.id));
      expect(ids.size).toBe(1);
      const [story] = [...ids] as [string];
      expect(wire.every((item) => item.story.size === 5)).toBe(true);
      expect((await store.stories.summary(story))?.size).toBe(5);
      expect((await store.stories.members(story)).map((m) => m.id).sort()).toEqual(wire.map((i) => i.id).sort());
      // No other story was started for a copy and left behind.
      const wireIds = new Set(wire.map((item) => item.id));
      expect((await summaries()).filter((s) => wireIds.has(String(s.id))).map((s) => s.id)).toEqual([story]);
    } finally {
      second.close();
    }
  });

  it("stores each item once and groups it once when two cycles poll the same publishers at once", async () => {
    publish({ ap: 5, reuters: 4, bbc: 3 });
    const config = configFor(["ap", "reuters", "bbc"]);
    const second = await openStore({ endpoint: await endpointOf(store), tableName: store.table, retentionDays: 3 });
    try {
      await Promise.all([cycle(config, store), cycle(config, second)]);
      const items = await served(config);
      expect(items).toHaveLength(6);
      const wire = wireOf(items);
      expect(new Set(wire.map((item) => item.story.id)).size).toBe(1);
      expect(wire.every((item) => item.story.size === 3)).toBe(true);
      const stories = await summaries();
      expect(stories).toHaveLength(4);
      for (const summary of stories) {
        const members = await store.stories.members(String(summary.id));
        expect(members.length).toBe(Number(summary.size));
      }
    } finally {
      second.close();
    }
  });

  it("joins the story another poll is starting when that poll won its postings, even one after it in the order", async () => {
    // Two copies published at the same time: the order puts the one with the smaller id first. Its poll reads the
    // postings before the other's poll writes them, then loses the postings of the terms they share to it (it keeps
    // one of a term of its own), while that poll's summary is not written yet.
    publish({ ap: 5, reuters: 5 });
    const config = configFor(["ap", "reuters"]);
    const [first, later] = ["ap", "reuters"].sort((a, b) => (wireId(a) < wireId(b) ? -1 : 1)) as [string, string];
    const signal = () => {
      let done: () => void = () => undefined;
      const when = new Promise<void>((resolve) => {
        done = resolve;
      });
      return { when, done };
    };
    const decided = signal();
    const posted = signal();
    const waiter = intercept(store, {
      "stories.putPosting": async (put, posting) => {
        decided.done();
        await posted.when;
        return put(posting);
      },
    });
    const winner = intercept(store, {
      "stories.putPosting": async (put, posting) => {
        await decided.when;
        return put(posting);
      },
      "stories.putSummary": async (put, summary, id) => {
        if (summary.version === 1 && summary.id === wireId(later)) {
          posted.done();
          await delay(500);
        }
        return put(summary, id);
      },
    });
    await Promise.all([
      cycle(config, waiter, { mode: "ids", ids: [first] }),
      cycle(config, winner, { mode: "ids", ids: [later] }),
    ]);
    const wire = wireOf(await served(config));
    expect(wire.map((item) => item.story)).toEqual(wire.map(() => ({ id: wireId(later), size: 2 })));
  });

  it("waits for a story another poll has posted and not yet summarised, then joins it", async () => {
    publish({ ap: 5, reuters: 4 });
    const config = configFor(["ap", "reuters"]);
    let posted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      posted = resolve;
    });
    const slow = intercept(store, {
      "stories.putSummary": async (put, summary, id) => {
        if (summary.version === 1 && summary.id === wireId("ap")) {
          posted();
          await delay(500);
        }
        return put(summary, id);
      },
    });
    // The ap poll has written its story's postings and is writing its summary when the reuters poll reads them.
    const first = cycle(config, slow, { mode: "ids", ids: ["ap"] });
    await started;
    const second = await cycle(config, store, { mode: "ids", ids: ["reuters"] });
    expect((await first).storageFailed || second.storageFailed).toBe(false);
    const wire = wireOf(await served(config));
    const story = (wire.find((item) => hostOf(item) === host("ap")) as Item).id;
    expect(wire.map((item) => item.story)).toEqual(wire.map(() => ({ id: story, size: 2 })));
  });

  it("does not wait for a story posted without a summary whose first item no longer names it", async () => {
    publish({ ap: 5 });
    const config = configFor(["ap", "reuters"]);
    await cycle(config, store, { mode: "ids", ids: ["ap"] });
    const withdrawn = wireId("ap");
    // Its summary gone, its item moved to another story, still under another process's live claim.
    await store.kit.doc.send(new DeleteCommand({ TableName: store.table, Key: { pk: `G#${withdrawn}`, sk: "G" } }));
    await claimElsewhere(withdrawn, Date.now() + 60_000);
    await store.kit.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: { pk: `I#${withdrawn}`, sk: "I" },
        UpdateExpression: "SET story = :other",
        ExpressionAttributeValues: { ":other": "another-story" },
      }),
    );
    const reads: string[] = [];
    store.kit.client.middlewareStack.add(
      (next, context) => async (args) => {
        const key = (args.input as { Key?: { pk?: { S?: string } } }).Key?.pk?.S;
        if (context.commandName === "GetItemCommand" && key) reads.push(key);
        return next(args);
      },
      { step: "build", name: "get-items" },
    );
    publish({ ap: 5, reuters: 4 });
    expect((await cycle(config, store, { mode: "ids", ids: ["reuters"] })).storageFailed).toBe(false);
    // Read once to find no live claim on it, not once a wait.
    expect(reads.filter((pk) => pk === `I#${withdrawn}`)).toHaveLength(1);
    const copy = wireOf(await served(config)).find((item) => hostOf(item) === host("reuters")) as Item;
    expect(copy.story.id).not.toBe(withdrawn);
  });

  it("loses no membership when storage fails half-way: the next poll completes the story", async () => {
    publish({ ap: 5, reuters: 4, bbc: 3 });
    const config = configFor(["ap", "reuters", "bbc"]);
    // The first poll: the third copy's join fails after its item is stored; the second copy's member row fails.
    let failed = 0;
    const failing = intercept(store, {
      "stories.putSummary": (put, summary, itemId) =>
        summary.version === 3 && failed++ === 0
          ? Promise.reject(new StorageError("store: injected"))
          : put(summary, itemId),
    });
    const first = await cycle(config, failing);
    expect(first.storageFailed).toBe(true);
    const wireBefore = wireOf(await served(config));
    expect(wireBefore).toHaveLength(3);
    const story = (wireBefore.find((i) => hostOf(i) === host("ap")) as Item).story.id;
    expect((await store.stories.summary(story))?.size).toBe(2);

    const second = await cycle(config);
    expect(second.storageFailed).toBe(false);
    const wire = wireOf(await served(config));
    expect(wire.map((item) => item.story)).toEqual(wire.map(() => ({ id: story, size: 3 })));
    expect((await store.stories.summary(story))?.size).toBe(3);
    expect((await store.stories.members(story)).map((m) => m.order)).toEqual([1, 2, 3]);
    const card = await store.stories.card(story);
    expect(card?.version).toBe(3);
    expect(card?.times).toHaveLength(3);
    // A third poll finds everything in place and writes nothing of stories.
    const writes = recordWrites(store);
    await cycle(config);
    expect(writes.filter((pk) => /^(G#|K#|L#g:)/.test(pk))).toEqual([]);
  });

  it("completes a join whose story another poll is still starting: the item stays in its story", async () => {
    // A poll stores both copies (each item naming the ap story: the claim) and has yet to write the story's records
    // when another poll of the reuters source finds the reuters copy stored and completes it. The story's summary is
    // not there yet: the completing poll starts it from its first item, then joins the copy to it.
    const { config, wire, story, copy } = await claimedWithoutStoryRecords();

    const stored = await store.items.get(copy);
    expect(stored?.story).toBe(story);
    await completeStories(store, config, [stored as StoredItem], { now: () => NOW });

    expect((await store.items.get(copy))?.story).toBe(story);
    expect((await store.stories.summary(story))?.size).toBe(2);
    expect((await store.stories.members(story)).map((m) => m.id).sort()).toEqual(wire.map((i) => i.id).sort());
    expect((await store.stories.card(story))?.times).toHaveLength(2);
    expect(wireOf(await served(config)).map((item) => item.story)).toEqual(wire.map(() => ({ id: story, size: 2 })));
  });

  it("makes a join whose story is gone with its first item a story of its own", async () => {
    const { config, story, copy } = await claimedWithoutStoryRecords();
    await store.kit.doc.send(new DeleteCommand({ TableName: store.table, Key: { pk: `I#${story}`, sk: "I" } }));

    await completeStories(store, config, [(await store.items.get(copy)) as StoredItem], { now: () => NOW });
    expect((await store.items.get(copy))?.story).toBe(copy);
    expect((await store.stories.summary(copy))?.size).toBe(1);
    expect((await store.stories.members(copy)).map((m) => m.id)).toEqual([copy]);
  });

  it("makes a join whose story's first item is past retention a story of its own", async () => {
    const { config, story, copy } = await claimedWithoutStoryRecords();
    const later = new Date(NOW.getTime() + 3 * 24 * HOUR);
    await completeStories(store, config, [(await store.items.get(copy)) as StoredItem], { now: () => later });
    expect((await store.items.get(copy))?.story).toBe(copy);
    expect(await store.stories.summary(story)).toBeNull();
  });

  it("stores a new item with its poll's claim: a process token and a lease of two minutes", async () => {
    publish({ ap: 5 });
    const before = Date.now();
    await cycle(configFor(["ap"]));
    const stored = (await store.items.get(wireOf(await served(configFor(["ap"])))[0]?.id as string)) as StoredItem;
    expect(stored.claimToken).toMatch(/^[\w-]{11}$/);
    const until = Date.parse(stored.claimedUntil ?? "");
    expect(until).toBeGreaterThanOrEqual(before + CLAIM_LEASE_MS);
    expect(until).toBeLessThanOrEqual(Date.now() + CLAIM_LEASE_MS);
  });

  it("leaves an item another process's live claim holds to that poll: it writes nothing of its story", async () => {
    const { config, wire, story, copy } = await claimedWithoutStoryRecords();
    await claimElsewhere(copy, Date.now() + 60_000);
    const other = await openStore({ endpoint: await endpointOf(store), tableName: store.table, retentionDays: 3 });
    const writes = recordWrites(other);
    try {
      const waiting = completeStories(other, config, [(await other.items.get(copy)) as StoredItem], { now: () => NOW });
      // The claiming poll writes the story (this process's completion stands in for it), while the other waits.
      const own = { ...((await store.items.get(copy)) as StoredItem), claimToken: undefined };
      await completeStories(store, config, [own], { now: () => NOW });
      expect(await waiting).toEqual([]);
      expect(writes.filter((pk) => /^(G#|K#|L#)/.test(pk))).toEqual([]);
      expect((await store.stories.summary(story))?.size).toBe(2);
      expect((await store.stories.card(story))?.times).toHaveLength(2);
      expect(wireOf(await served(config)).map((item) => item.story)).toEqual(wire.map(() => ({ id: story, size: 2 })));
    } finally {
      other.close();
    }
  });

  it("completes an item whose claim lapsed without its member row, not before", async () => {
    const { config, wire, story, copy } = await claimedWithoutStoryRecords();
    const lapses = Date.now() + 1_500;
    await claimElsewhere(copy, lapses);
    const other = await openStore({ endpoint: await endpointOf(store), tableName: store.table, retentionDays: 3 });
    let firstWrite: number | undefined;
    other.kit.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (WRITE_COMMANDS.has(String(context.commandName))) firstWrite ??= Date.now();
        return next(args);
      },
      { step: "build", name: "first-write" },
    );
    try {
      await completeStories(other, config, [(await other.items.get(copy)) as StoredItem], { now: () => NOW });
      expect(firstWrite).toBeGreaterThanOrEqual(lapses);
      expect((await store.stories.summary(story))?.size).toBe(2);
      expect(wireOf(await served(config)).map((item) => item.story)).toEqual(wire.map(() => ({ id: story, size: 2 })));
    } finally {
      other.close();
    }
  });

  it("completes a member row a failed poll did not write", async () => {
    publish({ ap: 5, reuters: 4 });
    const config = configFor(["ap", "reuters"]);
    const failing = intercept(store, {
      "stories.putMember": (put, storyId, itemId, publishedAt, order) =>
        order === 2 ? Promise.reject(new StorageError("store: injected")) : put(storyId, itemId, publishedAt, order),
    });
    expect((await cycle(config, failing)).storageFailed).toBe(true);
    expect((await cycle(config)).storageFailed).toBe(false);
    const wire = wireOf(await served(config));
    const story = wire[0]?.story.id as string;
    expect(wire.map((item) => item.story.size)).toEqual([2, 2]);
    expect((await store.stories.members(story)).map((m) => m.id).sort()).toEqual(wire.map((i) => i.id).sort());
    expect((await store.stories.summary(story))?.size).toBe(2);
  });

  it("redoes a join's card and entry rows a failed poll did not write", async () => {
    publish({ ap: 5, reuters: 4 });
    // "desk" takes reuters only: the reuters copy, joining the ap story, becomes the story's entry there.
    const config = validateConfig({
      ...configFor(["ap", "reuters"]),
      topics: [
        { slug: "business", title: "Business", sources: ["*"] },
        { slug: "desk", title: "Desk", sources: ["reuters"] },
      ],
    });
    let failures = 0;
    const failing = intercept(store, {
      "lists.setRow": (set, list, row, item, present, options) =>
        list === "e:desk" && failures++ === 0
          ? Promise.reject(new StorageError("store: injected"))
          : set(list, row, item, present, options),
    });
    expect((await cycle(config, failing)).storageFailed).toBe(true);
    expect(failures).toBe(1);
    expect((await cycle(config)).storageFailed).toBe(false);
    const wire = wireOf(await served(config));
    const story = wire[0]?.story.id as string;
    expect(wire.map((item) => item.story)).toEqual(wire.map(() => ({ id: story, size: 2 })));
    expect((await store.stories.card(story))?.times).toHaveLength(2);
    expect((await store.stories.members(story)).map((m) => m.order)).toEqual([1, 2]);
    const app = createApp({ config, store, now: () => NOW });
    const desk = (await (await app.request("/api/topics/desk/items")).json()) as { items: Item[] };
    const entries = wireOf(desk.items);
    expect(entries.map((item) => [hostOf(item), item.story.id, item.story.size])).toEqual([
      [host("reuters"), story, 2],
    ]);
  });

  it("leaves every join a failed card write was for without its member row, and the next poll completes them", async () => {
    publish({ ap: 6, reuters: 5, bbc: 4, guardian: 3, times: 2 });
    const config = configFor();
    const cards: number[] = [];
    const failing = intercept(store, {
      "stories.putCard": (put, card, readVersion) => {
        cards.push(card.version);
        return cards.length === 1 ? Promise.reject(new StorageError("store: injected")) : put(card, readVersion);
      },
    });
    expect((await cycle(config, failing)).storageFailed).toBe(true);
    // The four joins of the cycle wait for one card write; it fails, and none of them is complete.
    expect(cards).toEqual([5]);
    const story = wireOf(await served(config)).find((item) => hostOf(item) === host("ap"))?.id as string;
    expect((await store.stories.members(story)).map((m) => m.order)).toEqual([1]);
    expect(await store.stories.card(story)).toBeNull();

    expect((await cycle(config)).storageFailed).toBe(false);
    const wire = wireOf(await served(config));
    expect(wire.map((item) => item.story)).toEqual(wire.map(() => ({ id: story, size: 5 })));
    expect((await store.stories.card(story))?.times).toHaveLength(5);
    expect(new Set((await store.stories.members(story)).map((m) => m.id))).toEqual(
      new Set(wire.map((item) => item.id)),
    );
  });

  it("moves the versions of the topics a join changes at the poll's clock", async () => {
    // "desk" takes ap only: a later reuters copy joining the ap story moves it, though reuters is not among its sources.
    const config = validateConfig({
      ...configFor(["ap", "reuters"]),
      topics: [
        { slug: "business", title: "Business", sources: ["*"] },
        { slug: "desk", title: "Desk", sources: ["ap"] },
      ],
    });
    publish({ ap: 5 });
    await cycle(config);
    const before = await store.lists.version("t:desk");
    publish({ reuters: 4 });
    const later = new Date(NOW.getTime() + 7 * 60_000);
    await runCycle(
      { config, store, fetcher: new Fetcher({ ...config.poll }), now: () => later },
      { mode: "ids", ids: ["reuters"] },
    );
    const after = await store.lists.version("t:desk");
    // Moved before the join's writes and once more when the cycle's writes are done (`Lists.settle`).
    expect(after?.version).toBe((before?.version ?? 0) + 2);
    expect(after?.modifiedAt).toBe(later.toISOString());
  });

  it("takes items past retention out of their story's size", async () => {
    // Retention is 3 days: the first copy leaves 2 hours after the poll, the others later.
    publish({ ap: 70, reuters: 60, bbc: 50 });
    const config = configFor(["ap", "reuters", "bbc"]);
    await cycle(config);
    const now = new Date(NOW.getTime() + 3 * HOUR);
    const wire = wireOf(await served(config, now));
    expect(wire.map(hostOf)).toEqual([host("bbc"), host("reuters")]);
    const story = wire[0]?.story.id as string;
    expect(wire.map((item) => item.story)).toEqual([
      { id: story, size: 2 },
      { id: story, size: 2 },
    ]);
    const app = createApp({ config, store, now: () => now });
    const body = (await (await app.request(`/api/stories/${story}`)).json()) as { story: unknown; items: Item[] };
    expect(body.story).toEqual({ id: story, size: 2 });
    expect(body.items).toHaveLength(2);
  });
});

/** The endpoint the test store talks to. */
async function endpointOf(on: Store): Promise<string> {
  const endpoint = await (
    on.kit.client.config.endpoint as () => Promise<{ protocol: string; hostname: string; port?: number }>
  )();
  return `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`;
}

/** Collects the partition key of every record `on` writes from now on. */
function recordWrites(on: Store): string[] {
  const pks: string[] = [];
  on.kit.client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      if (WRITE_COMMANDS.has(name)) {
        const input = args.input as {
          Item?: { pk?: { S?: string } };
          Key?: { pk?: { S?: string } };
          RequestItems?: unknown;
        };
        pks.push(String(input.Item?.pk?.S ?? input.Key?.pk?.S ?? name));
      }
      return next(args);
    },
    { step: "build", name: `writes-${Math.random()}` },
  );
  return pks;
}
