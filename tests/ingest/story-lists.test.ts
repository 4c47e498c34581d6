/**
 * Story-grouped topics through the poll, the API, the feeds and the page, on DynamoDB Local (SPEC §4, Stories in
 * lists): five copies of one wire story from five publishers are one entry everywhere (five with `group=none`), read
 * by feedparser as one; paging a grouped topic while copies keep arriving never shows a story twice nor skips one; an
 * item joining a story moves only the topics where the story has an entry, and delivers once to their subscribers.
 */
import { type Config, validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import type { Item } from "@tributary/core/item";
import { runCycle } from "@tributary/core/poll";
import { atomEntryId } from "@tributary/core/render";
import type { Store } from "@tributary/core/store";
import { afterCycle } from "@tributary/core/websub";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { type FixtureEntry, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { countCommands, writtenKeys } from "../api/fixtures.ts";
import { feedparse, feedparserAvailable } from "../helpers/feedparser.ts";
import { createTestStore } from "../helpers/store.ts";

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
const NOW = new Date(Math.floor(Date.now() / HOUR) * HOUR);
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * HOUR);

const PUBLISHERS = ["ap", "reuters", "bbc", "guardian", "times"] as const;
type PublisherId = (typeof PUBLISHERS)[number];
const host = (id: string) => `www.${id}-news.example`;
const titleOf = (id: string) => `${id.toUpperCase()} News`;

const WIRE_VARIANTS = [
  "Men's Wearhouse agrees to buy Jos. A. Bank for $1.8 billion",
  "Men's Wearhouse to buy Jos. A. Bank for $1.8 billion",
  "Men's Wearhouse agrees to buy rival Jos. A. Bank for $1.8 billion",
  "Jos. A. Bank agrees to $1.8 billion buyout by Men's Wearhouse",
  "Men's Wearhouse agrees $1.8 billion deal to buy Jos. A. Bank",
];
const OWN = [
  "Orchestra announces autumn season of Mahler symphonies",
  "Heatwave warning issued for coastal towns this weekend",
  "Rugby club appoints former captain as head coach",
  "Bakery chain recalls sesame bread over allergy labels",
  "Astronomers spot comet passing close to Jupiter",
];
const WIRE_PATH = "/business/mens-wearhouse-jos-a-bank";

/** A publisher's feed: its copy of the wire story when `wire` gives its age in hours, and its own article. */
function feedOf(id: PublisherId, ages: { wire?: number; own: number; wireTitle?: string }): string {
  const n = PUBLISHERS.indexOf(id);
  const items: FixtureEntry[] = [
    {
      title: OWN[n] ?? `${id} own`,
      link: `https://${host(id)}/local/own-${n}`,
      pubDate: at(ages.own).toUTCString(),
      description: `${OWN[n]}, our reporter writes.`,
    },
  ];
  if (ages.wire !== undefined) {
    items.push({
      title: ages.wireTitle ?? WIRE_VARIANTS[n] ?? "",
      link: `https://${host(id)}${WIRE_PATH}`,
      pubDate: at(ages.wire).toUTCString(),
      description: "The menswear retailer will pay $65 a share in cash, ending a months-long takeover battle.",
    });
  }
  return rss({ title: `${id} news`, items });
}

type Ages = { wire?: number; own: number; wireTitle?: string };

function publish(feeds: Partial<Record<PublisherId, Ages>>): void {
  for (const [id, ages] of Object.entries(feeds) as [PublisherId, Ages][]) {
    publisher.set(`/feeds/${id}.rss`, { body: feedOf(id, ages), contentType: "application/rss+xml" });
  }
}

function configFor(topics: { slug: string; sources: string[]; stories?: boolean; include?: string[] }[] = []): Config {
  return validateConfig({
    title: "Wire",
    sources: PUBLISHERS.map((id) => ({ id, url: `${publisher.url}/feeds/${id}.rss`, title: titleOf(id) })),
    topics: [{ slug: "business", title: "Business", sources: ["*"] }, ...topics.map((t) => ({ title: t.slug, ...t }))],
    retentionDays: 3,
    websub: { enabled: true },
  });
}

/** One poll of every source, on a clock stopped at `now`. */
const cycle = (config: Config, now = NOW) =>
  runCycle({ config, store, fetcher: new Fetcher({ ...config.poll }), now: () => now }, { mode: "all" });

const appOf = (config: Config) => createApp({ config, store, now: () => NOW });

interface ItemsPage {
  items: Item[];
  nextCursor: string | null;
}

async function getJson<T>(config: Config, path: string): Promise<T> {
  const response = await appOf(config).request(path);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

async function getText(config: Config, path: string): Promise<string> {
  const response = await appOf(config).request(path);
  expect(response.status, path).toBe(200);
  return response.text();
}

/** Every publisher carries the wire story, AP's copy the oldest (stored first: the entry), and one story of its own. */
const FIVE_COPIES = {
  ap: { wire: 6, own: 9 },
  reuters: { wire: 5, own: 10 },
  bbc: { wire: 4, own: 11 },
  guardian: { wire: 3, own: 12 },
  times: { wire: 2, own: 13 },
};

const isWire = (url: string | null | undefined) => Boolean(url?.endsWith(WIRE_PATH));

describe("story-grouped topics", () => {
  it("serves five copies of one wire story from five publishers as one entry everywhere, and five with group=none", async () => {
    // The AP copy is the oldest and is stored first: it is the entry; the others are newer.
    publish(FIVE_COPIES);
    const config = configFor();
    expect((await cycle(config)).storageFailed).toBe(false);

    // The API: one entry for the story, naming the four other outlets, newest first, with their publishers' titles.
    const grouped = await getJson<ItemsPage>(config, "/api/topics/business/items?limit=200");
    expect(grouped.items).toHaveLength(6);
    const wire = grouped.items.filter((item) => isWire(item.url));
    expect(wire).toHaveLength(1);
    const entry = wire[0] as Item;
    expect(new URL(entry.url ?? "").hostname).toBe(host("ap"));
    expect(entry.story.id).toBe(entry.id);
    expect(entry.story.size).toBe(5);
    expect(entry.story.others?.map((other) => other.sourceTitle)).toEqual(
      ["times", "guardian", "bbc", "reuters"].map(titleOf),
    );
    expect(entry.story.others?.map((other) => other.source)).toEqual(["times", "guardian", "bbc", "reuters"]);
    expect(entry.story.others?.every((other) => isWire(other.url) && other.title !== null)).toBe(true);
    // Ordered by the entry's own publishedAt: between the 2 h-old... the entry sits at 6 h, after no own article.
    expect(grouped.items.map((item) => item.publishedAt)).toEqual(
      [...grouped.items.map((item) => item.publishedAt)].sort().reverse(),
    );
    // Articles of their own are entries of stories of one, with no other outlet.
    for (const item of grouped.items.filter((i) => !isWire(i.url))) {
      expect(item.story).toEqual({ id: item.id, size: 1, others: [] });
    }

    // A grouped page is the list's three requests, whatever the stories' sizes: its version, its entries, their items
    // with the cards of the stories that have one.
    const commands = countCommands(store);
    await (await appOf(config).request("/api/topics/business/items")).text();
    expect(commands.sort()).toEqual(["BatchGetItemCommand", "GetItemCommand", "QueryCommand"]);

    // group=none: every item on its own, without others.
    const every = await getJson<ItemsPage>(config, "/api/topics/business/items?limit=200&group=none");
    expect(every.items.filter((item) => isWire(item.url))).toHaveLength(5);
    expect(every.items.every((item) => item.story.others === undefined)).toBe(true);

    // RSS: one item for the story, its guid the story's id, the other outlets at the end of its content.
    const rssBody = await getText(config, "/feeds/business.rss");
    expect(rssBody.match(/<guid[^>]*>/g)).toHaveLength(6);
    expect(rssBody).toContain(`<guid isPermaLink="false">${entry.story.id}</guid>`);
    expect(rssBody).toContain("Also reported by:");
    expect(rssBody.match(/mens-wearhouse-jos-a-bank/g)?.length).toBeGreaterThanOrEqual(5);
    const rssNone = await getText(config, "/feeds/business.rss?group=none");
    expect(rssNone.match(/<guid[^>]*>/g)).toHaveLength(10);
    expect(rssNone).not.toContain("Also reported by:");
    expect(rssNone).toContain(
      '<atom:link rel="self" type="application/rss+xml" href="http://localhost/feeds/business.rss?group=none"/>',
    );

    // Atom: the story's entry id is the urn:uuid its first item gets; a related link per other outlet.
    const atom = await getText(config, "/feeds/business.atom");
    expect(atom.match(/<entry>/g)).toHaveLength(6);
    expect(atom).toContain(`<id>${atomEntryId(entry.story.id)}</id>`);
    expect(atom.match(/<link rel="related"/g)).toHaveLength(4);
    expect(atom).toContain(`title="${titleOf("times")}"`);

    // JSON Feed: one item, its id the story's, `_tributary.story` with the others.
    const json = await getJson<{
      items: { id: string; url: string; content_html: string; _tributary: { story: Item["story"] } }[];
    }>(config, "/feeds/business.json");
    const jsonWire = json.items.filter((item) => isWire(item.url));
    expect(jsonWire).toHaveLength(1);
    expect(jsonWire[0]?.id).toBe(entry.story.id);
    expect(jsonWire[0]?._tributary.story.others).toHaveLength(4);
    expect(jsonWire[0]?.content_html).toContain(`<a href="https://${host("bbc")}${WIRE_PATH}">${titleOf("bbc")}</a>`);
    const jsonNone = await getJson<{ items: unknown[] }>(config, "/feeds/business.json?group=none");
    expect(jsonNone.items).toHaveLength(10);

    // The page: one headline for the story, the other outlets under it.
    const html = await getText(config, "/topics/business");
    for (const variant of WIRE_VARIANTS.slice(1)) expect(html).not.toContain(`>${variant.replace("'", "&#39;")}<`);
    expect(html).toContain("Also reported by");
    for (const id of ["reuters", "bbc", "guardian", "times"]) expect(html).toContain(`${host(id)}${WIRE_PATH}`);

    // Real readers: feedparser reads one entry for the story in RSS and in Atom.
    if (!feedparserAvailable()) {
      console.warn("python3-feedparser is not installed: the reader checks are skipped");
      return;
    }
    for (const body of [rssBody, atom]) {
      const parsed = feedparse(body);
      expect(parsed.bozo, parsed.bozoException ?? "").toBe(false);
      const read = parsed.entries.filter((e) => isWire(e.link));
      expect(read).toHaveLength(1);
      expect(read[0]?.id).toBe(body === atom ? atomEntryId(entry.story.id) : entry.story.id);
    }
    expect(feedparse(rssNone).entries.filter((e) => isWire(e.link))).toHaveLength(5);
  });

  it("writes a story's card once for the joins of one cycle, before their member rows, and lists every outlet", async () => {
    publish(FIVE_COPIES);
    // bbc-desk holds only the BBC copy of the story: a joining item is its entry there.
    const config = configFor([{ slug: "bbc-desk", sources: ["bbc"] }]);
    const writes = writtenKeys(store);
    expect((await cycle(config)).storageFailed).toBe(false);

    const grouped = await getJson<ItemsPage>(config, "/api/topics/business/items?limit=200");
    const entry = grouped.items.find((item) => isWire(item.url)) as Item;
    const story = entry.story.id;
    // Four items joined the story in this cycle: its card (`G#<id>`, `C`) is written once, not four times.
    const cardWrites = writes.flatMap((w, n) => (w.pk === `G#${story}` && w.sk === "C" ? [n] : []));
    expect(cardWrites).toHaveLength(1);
    // Each join's member row (`L#g:<id>`) follows that write; the first item's came with its new story, before it.
    const memberRows = writes.flatMap((w, n) => (w.pk === `L#g:${story}` ? [n] : []));
    expect(memberRows).toHaveLength(5);
    expect(memberRows.filter((n) => n > (cardWrites[0] as number))).toHaveLength(4);

    // The card holds every outlet: the entry names the four others, newest first, in each grouped topic.
    expect(entry.story.size).toBe(5);
    expect(entry.story.others?.map((other) => other.source)).toEqual(["times", "guardian", "bbc", "reuters"]);
    const desk = await getJson<ItemsPage>(config, "/api/topics/bbc-desk/items?limit=200");
    const deskEntry = desk.items.find((item) => isWire(item.url)) as Item;
    expect(new URL(deskEntry.url ?? "").hostname).toBe(host("bbc"));
    expect(deskEntry.story).toMatchObject({ id: story, size: 5 });
    expect(deskEntry.story.others?.map((other) => other.source)).toEqual(["times", "guardian", "reuters", "ap"]);
    const members = await getJson<{ items: Item[] }>(config, `/api/stories/${story}`);
    expect(members.items.map((item) => new URL(item.url ?? "").hostname).sort()).toEqual(PUBLISHERS.map(host).sort());
  });

  it("pages a grouped topic while copies keep arriving without showing a story twice or skipping one", async () => {
    publish({
      ap: { wire: 5, own: 5.5 },
      reuters: { own: 1 },
      bbc: { own: 2 },
      guardian: { own: 8 },
      times: { own: 9 },
    });
    const config = configFor();
    await cycle(config);
    const seen: Item[] = [];
    let page = await getJson<ItemsPage>(config, "/api/topics/business/items?limit=2");
    seen.push(...page.items);
    // Copies newer than the entry arrive from every other publisher: the story grows, its entry stays where it was.
    publish({
      reuters: { wire: 0.5, own: 1 },
      bbc: { wire: 1.5, own: 2 },
      guardian: { wire: 3, own: 8 },
      times: { wire: 4, own: 9 },
    });
    const second = await cycle(config);
    expect(second.storageFailed).toBe(false);
    while (page.nextCursor) {
      page = await getJson<ItemsPage>(
        config,
        `/api/topics/business/items?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`,
      );
      seen.push(...page.items);
    }
    const stories = seen.map((item) => item.story.id);
    expect(new Set(stories).size).toBe(stories.length);
    expect(seen.map((item) => new URL(item.url ?? "").pathname.split("/")[2] ?? "")).toEqual([
      "own-1",
      "own-2",
      "mens-wearhouse-jos-a-bank",
      "own-0",
      "own-3",
      "own-4",
    ]);
    const wire = seen.find((item) => isWire(item.url)) as Item;
    expect(new URL(wire.url ?? "").hostname).toBe(host("ap"));
    expect(wire.story.size).toBe(5);
    // A fresh read from the top shows the same six entries, the story still once.
    const fresh = await getJson<ItemsPage>(config, "/api/topics/business/items?limit=200");
    expect(fresh.items.map((item) => item.id)).toEqual(seen.map((item) => item.id));
  });

  it("moves only the topics where the story has an entry when an item joins it, and delivers once to their subscribers", async () => {
    const config = configFor([
      { slug: "ap-desk", sources: ["ap"] },
      { slug: "bbc-desk", sources: ["bbc"] },
      { slug: "ap-every", sources: ["ap"], stories: false },
    ]);
    publish({ ap: { wire: 6, own: 9 }, bbc: { own: 10 } });
    await cycle(config);
    const app = appOf(config);
    const before = {
      ap: await app.request("/feeds/ap-desk.rss"),
      bbc: await app.request("/feeds/bbc-desk.rss"),
      apItems: await getJson<ItemsPage>(config, "/api/topics/ap-desk/items"),
      topics: await getJson<{ topics: { slug: string; updatedAt: string }[] }>(config, "/api/topics"),
    };
    const entry = before.apItems.items.find((item) => isWire(item.url)) as Item;
    expect(entry.story.size).toBe(1);
    for (const slug of ["ap-desk", "bbc-desk", "ap-every"]) {
      await store.subscriptions.save({
        slug,
        format: "rss",
        topic: `http://localhost/feeds/${slug}.rss`,
        callback: `http://127.0.0.1:9/${slug}`,
        callbackHost: "127.0.0.1",
        secret: null,
        leaseSeconds: 3600,
        verifiedAt: NOW.toISOString(),
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
      });
    }

    // Reuters carries the story: it is in business only, yet the story has an entry in ap-desk too.
    publish({ ap: { wire: 6, own: 9 }, bbc: { own: 10 }, reuters: { wire: 2, own: 11 } });
    const result = await cycle(config, new Date(NOW.getTime() + 60_000));
    expect(result.changedLists).toContain("t:ap-desk");
    expect(result.changedLists).not.toContain("t:bbc-desk");
    expect(result.changedLists).not.toContain("t:ap-every");
    const queued: string[] = [];
    const count = await afterCycle(
      { config, table: store, sender: { send: (ids) => void queued.push(...ids) }, now: () => NOW },
      result,
    );
    expect(count).toBe(1);
    expect(queued).toHaveLength(1);
    expect(queued[0]?.startsWith("ap-desk#")).toBe(true);

    const after = await getJson<ItemsPage>(config, "/api/topics/ap-desk/items");
    const joined = after.items.find((item) => isWire(item.url)) as Item;
    expect(joined.id).toBe(entry.id);
    expect(joined.story.size).toBe(2);
    expect(joined.story.others?.map((other) => other.sourceTitle)).toEqual([titleOf("reuters")]);
    // The entry's own updatedAt does not move: the item was not edited.
    expect(joined.updatedAt).toBe(entry.updatedAt);
    // A new instance: the first one may keep a list's version for a second.
    const later = appOf(config);
    const now = {
      ap: await later.request("/feeds/ap-desk.rss", {
        headers: { "If-None-Match": before.ap.headers.get("etag") ?? "" },
      }),
      bbc: await later.request("/feeds/bbc-desk.rss", {
        headers: { "If-None-Match": before.bbc.headers.get("etag") ?? "" },
      }),
      topics: await getJson<{ topics: { slug: string; updatedAt: string }[] }>(config, "/api/topics"),
    };
    expect(now.ap.status).toBe(200);
    expect(now.bbc.status).toBe(304);
    const updated = (list: { topics: { slug: string; updatedAt: string }[] }, slug: string) =>
      list.topics.find((t) => t.slug === slug)?.updatedAt;
    expect(updated(now.topics, "ap-desk")).not.toBe(updated(before.topics, "ap-desk"));
    expect(updated(now.topics, "bbc-desk")).toBe(updated(before.topics, "bbc-desk"));
    // A topic with stories off lists every item on its own.
    const every = await getJson<ItemsPage>(config, "/api/topics/ap-every/items");
    expect(every.items.every((item) => item.story.others === undefined)).toBe(true);
  });

  it("never answers 304 with a list read while a poll was writing it: its tag names what it showed", async () => {
    const config = configFor();
    publish({ ap: { wire: 6, own: 9 } });
    await cycle(config);
    // The next poll brings Reuters' article. Read the topic, as a reader may, the moment its version moved and
    // before the poll's writes.
    publish({ ap: { wire: 6, own: 9 }, reuters: { own: 11 } });
    const touch = store.lists.touch.bind(store.lists);
    let during: { etag: string; body: string } | null = null;
    store.lists.touch = async (list, now, fingerprint) => {
      await touch(list, now, fingerprint);
      if (list !== "t:business" || during) return;
      const response = await appOf(config).request("/feeds/business.rss");
      during = { etag: response.headers.get("etag") ?? "", body: await response.text() };
    };
    await cycle(config, new Date(NOW.getTime() + 60_000));
    store.lists.touch = touch;
    const read = during as { etag: string; body: string } | null;
    expect(read?.body).not.toContain(OWN[1]);
    // A new instance (the first may keep a version for a second) against the tag of what was read part-way.
    const after = await appOf(config).request("/feeds/business.rss", {
      headers: { "If-None-Match": read?.etag ?? "" },
    });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain(OWN[1]);
  });

  it("follows a topic's new sources and stories setting without fetching anything", async () => {
    publish({
      ap: { wire: 6, own: 9 },
      reuters: { wire: 5, own: 10 },
      bbc: { wire: 4, own: 11 },
    });
    const first = configFor([{ slug: "desk", sources: ["reuters", "bbc"] }]);
    await cycle(first);
    const wireOf = async (config: Config) =>
      (await getJson<ItemsPage>(config, "/api/topics/desk/items?limit=200")).items.filter((i) => isWire(i.url));
    // Stored in publishedAt order: AP first, then Reuters, then the BBC. Reuters' copy is the earliest stored in desk.
    const before = await wireOf(first);
    expect(before.map((item) => new URL(item.url ?? "").hostname)).toEqual([host("reuters")]);
    expect(before[0]?.story.size).toBe(3);

    // desk now takes AP and the BBC: AP's copy, stored first of all, becomes the entry; nothing is fetched again.
    const second = configFor([{ slug: "desk", sources: ["ap", "bbc"] }]);
    const result = await cycle(second);
    expect(result.storageFailed).toBe(false);
    const after = await wireOf(second);
    expect(after.map((item) => new URL(item.url ?? "").hostname)).toEqual([host("ap")]);
    expect(after[0]?.story.others?.map((o) => o.source)).toEqual(["bbc", "reuters"]);

    // Grouping turned off lists every item; turned on again, one entry per story.
    const off = configFor([{ slug: "desk", sources: ["ap", "bbc"], stories: false }]);
    await cycle(off);
    expect(await wireOf(off)).toHaveLength(2);
    await cycle(second);
    expect((await wireOf(second)).map((item) => new URL(item.url ?? "").hostname)).toEqual([host("ap")]);
  });

  it("leaves out of an entry's other outlets the items of a source since removed, in the API and the feeds", async () => {
    publish(FIVE_COPIES);
    const config = configFor();
    await cycle(config);
    // The BBC leaves the configuration: its copy leaves every topic, so it is no longer among the entry's others.
    const without = validateConfig({ ...config, sources: config.sources.filter((source) => source.id !== "bbc") });
    const grouped = await getJson<ItemsPage>(without, "/api/topics/business/items?limit=200");
    const entry = grouped.items.find((item) => isWire(item.url)) as Item;
    expect(entry.story.others?.map((other) => other.source)).toEqual(["times", "guardian", "reuters"]);
    const atom = await getText(without, "/feeds/business.atom");
    expect(atom).not.toContain(host("bbc"));
    expect(await getText(without, "/feeds/business.rss")).not.toContain(host("bbc"));
  });

  it("keeps among an entry's other outlets an item still carried by a configured source when its first is removed", async () => {
    publish(FIVE_COPIES);
    // The BBC's feed is also served as its world section: its copy is one item in two sources, seen first in "bbc".
    publisher.set("/feeds/bbc-world.rss", { body: feedOf("bbc", FIVE_COPIES.bbc), contentType: "application/rss+xml" });
    const base = configFor();
    const both = validateConfig({
      ...base,
      sources: [...base.sources, { id: "bbc-world", url: `${publisher.url}/feeds/bbc-world.rss`, title: "BBC World" }],
    });
    await runCycle(
      { config: both, store, fetcher: new Fetcher({ ...both.poll }), now: () => NOW },
      { mode: "ids", ids: [...PUBLISHERS] },
    );
    await cycle(both);
    const without = validateConfig({ ...both, sources: both.sources.filter((source) => source.id !== "bbc") });
    const grouped = await getJson<ItemsPage>(without, "/api/topics/business/items?limit=200");
    const entry = grouped.items.find((item) => isWire(item.url)) as Item;
    expect(entry.story.others?.map((other) => [other.source, other.sourceTitle])).toContainEqual([
      "bbc-world",
      "BBC World",
    ]);
    expect(entry.story.others).toHaveLength(4);
  });

  it("hands a story's entry to its next earliest-stored item when an edit takes the entry out of a topic", async () => {
    publish({ ap: { wire: 6, own: 9 }, reuters: { wire: 5, own: 10 }, bbc: { wire: 4, own: 11 } });
    const config = configFor([{ slug: "deal", sources: ["*"], include: ["wearhouse"] }]);
    await cycle(config);
    const wireIn = async () =>
      (await getJson<ItemsPage>(config, "/api/topics/deal/items?limit=200")).items.filter((i) => isWire(i.url));
    expect((await wireIn()).map((item) => new URL(item.url ?? "").hostname)).toEqual([host("ap")]);
    // AP edits its headline: its copy no longer names Men's Wearhouse, so it leaves the topic.
    publish({
      ap: { wire: 6, own: 9, wireTitle: "Jos. A. Bank agrees to a $1.8 billion buyout" },
      reuters: { wire: 5, own: 10 },
      bbc: { wire: 4, own: 11 },
    });
    const result = await cycle(config);
    expect(result.storageFailed).toBe(false);
    const after = await wireIn();
    expect(after.map((item) => new URL(item.url ?? "").hostname)).toEqual([host("reuters")]);
    expect(after[0]?.story.others?.map((other) => other.source)).toEqual(["bbc", "ap"]);
  });
  it("hands a story's entry to its next earliest-stored item when the entry passes retention", async () => {
    // Retention is 3 days: AP's copy (the entry, stored first) leaves 2 hours after this poll, the others later.
    publish({ ap: { wire: 70, own: 9 }, reuters: { wire: 60, own: 10 }, bbc: { wire: 50, own: 11 } });
    const config = configFor();
    await cycle(config);
    const later = new Date(NOW.getTime() + 3 * HOUR);
    const etags: (string | null)[] = [];
    const wireAt = async (now: Date) => {
      const app = createApp({ config, store, now: () => now });
      const response = await app.request("/api/topics/business/items?limit=200");
      expect(response.status).toBe(200);
      etags.push(response.headers.get("etag"));
      return ((await response.json()) as ItemsPage).items.filter((i) => isWire(i.url));
    };
    expect((await wireAt(NOW)).map((item) => new URL(item.url ?? "").hostname)).toEqual([host("ap")]);
    // The next cycle runs once AP's copy is past the cutoff.
    expect((await cycle(config, later)).storageFailed).toBe(false);
    const after = await wireAt(later);
    expect(etags[1]).not.toBe(etags[0]);
    expect(after.map((item) => new URL(item.url ?? "").hostname)).toEqual([host("reuters")]);
    expect(after[0]?.story.size).toBe(2);
    expect(after[0]?.story.others?.map((other) => other.source)).toEqual(["bbc"]);
    // Once every item of it is past the cutoff, the story leaves the topic.
    const gone = new Date(NOW.getTime() + 23 * HOUR);
    expect((await cycle(config, gone)).storageFailed).toBe(false);
    expect(await wireAt(gone)).toEqual([]);
    expect(etags[2]).not.toBe(etags[1]);
  });
  it("never answers 304 with a grouped topic read while retention was handing its entries on", async () => {
    publish({ ap: { wire: 70, own: 9 }, reuters: { wire: 60, own: 10 }, bbc: { wire: 50, own: 11 } });
    const config = configFor();
    await cycle(config);
    const later = new Date(NOW.getTime() + 3 * HOUR);
    // Read the topic the moment the sweep moved its version, before AP's expired entry is handed to Reuters' copy.
    const touch = store.lists.touch.bind(store.lists);
    let during: string | null = null;
    store.lists.touch = async (list, now, fingerprint) => {
      await touch(list, now, fingerprint);
      if (list !== "t:business" || during !== null) return;
      const response = await createApp({ config, store, now: () => later }).request(
        "/api/topics/business/items?limit=200",
      );
      during = response.headers.get("etag") ?? "";
    };
    expect((await cycle(config, later)).storageFailed).toBe(false);
    store.lists.touch = touch;
    expect(during).not.toBeNull();
    const after = await createApp({ config, store, now: () => later }).request("/api/topics/business/items?limit=200", {
      headers: { "If-None-Match": during ?? "" },
    });
    expect(after.status).toBe(200);
    const wire = ((await after.json()) as ItemsPage).items.filter((i) => isWire(i.url));
    expect(wire.map((item) => new URL(item.url ?? "").hostname)).toEqual([host("reuters")]);
  });

  it("moves the topics where a story keeps its entry when another item of it passes retention", async () => {
    // AP's copy is in "business" only; the story's entry in "desk" is Reuters' copy, which stays.
    publish({ ap: { wire: 70, own: 9 }, reuters: { wire: 60, own: 10 }, bbc: { wire: 50, own: 11 } });
    const config = configFor([{ slug: "desk", sources: ["reuters", "bbc"] }]);
    await cycle(config);
    const deskAt = async (now: Date, etag?: string) => {
      const app = createApp({ config, store, now: () => now });
      return app.request("/api/topics/desk/items?limit=200", { headers: etag ? { "if-none-match": etag } : {} });
    };
    const before = await deskAt(NOW);
    const etag = before.headers.get("etag") as string;
    const wireBefore = ((await before.json()) as ItemsPage).items.filter((i) => isWire(i.url));
    expect(wireBefore.map((item) => [new URL(item.url ?? "").hostname, item.story.size])).toEqual([
      [host("reuters"), 3],
    ]);
    const later = new Date(NOW.getTime() + 3 * HOUR);
    expect((await cycle(config, later)).storageFailed).toBe(false);
    const after = await deskAt(later, etag);
    expect(after.status).toBe(200);
    const wire = ((await after.json()) as ItemsPage).items.filter((i) => isWire(i.url));
    expect(wire.map((item) => [new URL(item.url ?? "").hostname, item.story.size])).toEqual([[host("reuters"), 2]]);
    expect(wire[0]?.story.others?.map((other) => other.source)).toEqual(["bbc"]);
  });
});
