/**
 * A topic feed's `group=none` view is a WebSub topic of its own (SPEC §4, Stories in lists and WebSub), through real
 * polls of loopback publishers, the local server's hub and loopback subscribers: its pages name it as their topic, the
 * hub takes subscriptions to it beside the grouped feed's (one callback may hold both), and when an item joins a story
 * each subscriber gets one delivery of its own feed — the grouped feed still one entry for the story, the
 * `group=none` feed every item, the joining copy among them — while both feeds' ETag and Last-Modified move.
 */
import type { Config } from "@tributary/core/config";
import { validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { runCycle } from "@tributary/core/poll";
import type { Store } from "@tributary/core/store";
import { afterCycle } from "@tributary/core/websub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../functions/api/server.ts";
import { type LocalDeliveries, localDeliveries } from "../../local/deliveries.ts";
import { type LocalHub, localHub } from "../../local/hub.ts";
import { rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { createTestStore } from "../helpers/store.ts";
import { type ReceivedRequest, type Subscriber, startSubscriber } from "../helpers/subscriber.ts";

const HOUR = 3_600_000;
const WIRE_PATH = "/business/mens-wearhouse-jos-a-bank";
const WIRE = "The menswear retailer will pay $65 a share in cash, ending a months-long takeover battle.";
const PUBLISHERS = ["ap", "reuters", "bbc"] as const;
type PublisherId = (typeof PUBLISHERS)[number];
const host = (id: string) => `www.${id}-news.example`;
const titleOf = (id: string) => `${id.toUpperCase()} News`;
const OWN: Record<PublisherId, string> = {
  ap: "Orchestra announces autumn season of Mahler symphonies",
  reuters: "Heatwave warning issued for coastal towns this weekend",
  bbc: "Rugby club appoints former captain as head coach",
};
const WIRE_TITLES: Record<PublisherId, string> = {
  ap: "Men's Wearhouse agrees to buy Jos. A. Bank for $1.8 billion",
  reuters: "Men's Wearhouse to buy Jos. A. Bank for $1.8 billion",
  bbc: "Men's Wearhouse agrees to buy rival Jos. A. Bank for $1.8 billion",
};

type Publisher = Awaited<ReturnType<typeof startPublisher>>;

let publisher: Publisher;
let store: Store;
let config: Config;
let hub: LocalHub;
let server: RunningServer;
let subscriber: Subscriber;
let deliveries: LocalDeliveries;
const started = Date.now();

/** Publishes each publisher's feed: its own article and, when `wire` names it, its copy of the wire story. */
function publish(wire: PublisherId[], extra: Partial<Record<PublisherId, string>> = {}): void {
  for (const id of PUBLISHERS) {
    const items = [
      {
        title: OWN[id],
        link: `https://${host(id)}/local/own`,
        pubDate: new Date(started - 10 * HOUR).toUTCString(),
        description: `${OWN[id]}, our reporter writes.`,
      },
    ];
    if (wire.includes(id)) {
      items.push({
        title: WIRE_TITLES[id],
        link: `https://${host(id)}${WIRE_PATH}`,
        pubDate: new Date(started - (6 - wire.indexOf(id)) * HOUR).toUTCString(),
        description: WIRE,
      });
    }
    const more = extra[id];
    if (more) {
      items.push({
        title: more,
        link: `https://${host(id)}/local/${more.toLowerCase().replaceAll(" ", "-")}`,
        pubDate: new Date(started - HOUR).toUTCString(),
        description: `${more}, our reporter writes.`,
      });
    }
    publisher.set(`/feeds/${id}.rss`, {
      body: rss({ title: `${id} news`, items }),
      contentType: "application/rss+xml",
    });
  }
}

/** One poll of every source at `now`, then its deliveries queued and sent; the number queued. */
async function pollAndDeliver(now: Date): Promise<{ queued: number; changedLists: readonly string[] }> {
  const result = await runCycle(
    { config, store, fetcher: new Fetcher({ ...config.poll }), now: () => now },
    { mode: "all" },
  );
  expect(result.storageFailed).toBe(false);
  const queued = await afterCycle({ config, table: store, sender: deliveries, now: () => now }, result);
  await deliveries.sendDue();
  return { queued, changedLists: result.changedLists ?? [] };
}

/** The hub's form POST over the socket. */
async function hubRequest(mode: "subscribe" | "unsubscribe", topic: string, callback: string): Promise<void> {
  const response = await fetch(`${server.url}/websub`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ "hub.mode": mode, "hub.topic": topic, "hub.callback": callback }).toString(),
  });
  expect(response.status, `${mode} ${topic}`).toBe(202);
  await hub.verifier.idle();
}

/** The deliveries (POSTs) a callback path received, each with the topic its `Link` header names. */
function deliveredTo(path: string): (ReceivedRequest & { self: string })[] {
  return subscriber.requests
    .filter((request) => request.method === "POST" && request.path === path)
    .map((request) => ({
      ...request,
      self: /<([^>]*)>; rel="self"/.exec(String(request.headers.link ?? ""))?.[1] ?? "",
    }));
}

const feed = (query = "", format = "rss") => `${server.url}/feeds/business.${format}${query}`;
const wireCount = (body: string) => body.split(WIRE_PATH).length - 1;
const guids = (body: string) => (body.match(/<guid[^>]*>/g) ?? []).length;

beforeAll(async () => {
  publisher = await startPublisher();
  store = await createTestStore({ retentionDays: 3 });
  config = validateConfig({
    title: "Wire",
    sources: PUBLISHERS.map((id) => ({ id, url: `${publisher.url}/feeds/${id}.rss`, title: titleOf(id) })),
    topics: [{ slug: "business", title: "Business", sources: ["*"] }],
    retentionDays: 3,
    websub: { enabled: true },
  });
  hub = localHub(config, store, () => {});
  server = await startServer({ config, store, port: 0, hostname: "127.0.0.1", hub: hub.app });
  subscriber = await startSubscriber("echo");
  deliveries = localDeliveries(config, store, { overrides: { onReport: () => {} } });
});
afterAll(async () => {
  await deliveries?.stop(1_000);
  await server?.close();
  await subscriber?.close();
  await publisher?.close();
  store?.close();
});

describe("a feed's group=none view as a WebSub topic of its own", () => {
  it("names itself in Link rel=self and in the document, on every page and on 304s", async () => {
    publish(["ap"]);
    await pollAndDeliver(new Date(started - 20 * 60_000));
    for (const format of ["rss", "atom", "json"] as const) {
      const first = await fetch(feed("?group=none", format));
      expect(first.status).toBe(200);
      expect(first.headers.get("link")).toBe(
        `<${server.url}/websub>; rel="hub", <${feed("?group=none", format)}>; rel="self"`,
      );
      // A filtered page of the view names the view's topic, as a filtered page of the grouped feed names that one.
      const filtered = await fetch(feed("?group=none&limit=1&filter=mahler", format));
      expect(filtered.headers.get("link")).toContain(`<${feed("?group=none", format)}>; rel="self"`);
      expect((await fetch(feed("?limit=1", format))).headers.get("link")).toContain(
        `<${feed("", format)}>; rel="self"`,
      );
      const again = await fetch(feed("?group=none", format), {
        headers: { "If-None-Match": first.headers.get("etag") ?? "" },
      });
      expect(again.status).toBe(304);
      expect(again.headers.get("link")).toContain(`<${feed("?group=none", format)}>; rel="self"`);
      const body = await first.text();
      if (format === "json") expect(JSON.parse(body).feed_url).toBe(feed("?group=none", format));
      else expect(body).toContain(`rel="self" type="application/${format}+xml" href="${feed("?group=none", format)}"`);
    }
  });

  it("refuses a topic URL with another group or another parameter, naming hub.topic and the reason", async () => {
    const cases: [string, RegExp][] = [
      [feed("?group=all"), /hub\.topic: group must be "none", not "all"/],
      [feed("?group=none&limit=5"), /hub\.topic: names a page or view of a feed \(limit\)/],
      [`${server.url}/feeds/nowhere.rss?group=none`, /hub\.topic: names no topic "nowhere"/],
    ];
    const before = subscriber.requests.length;
    for (const [topic, reason] of cases) {
      const response = await fetch(`${server.url}/websub`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          "hub.mode": "subscribe",
          "hub.topic": topic,
          "hub.callback": `${subscriber.url}/refused`,
        }).toString(),
      });
      expect(response.status, topic).toBe(400);
      const problem = (await response.json()) as { parameter: string; detail: string };
      expect(problem.parameter).toBe("hub.topic");
      expect(problem.detail).toMatch(reason);
    }
    await hub.verifier.idle();
    expect(subscriber.requests).toHaveLength(before);
  });

  it("delivers each subscriber its own feed once when an item joins a story: grouped one entry, group=none every item", async () => {
    // One callback holds both RSS topics; the other formats' group=none feeds have a callback each.
    await hubRequest("subscribe", feed(), `${subscriber.url}/both`);
    await hubRequest("subscribe", feed("?group=none"), `${subscriber.url}/both`);
    await hubRequest("subscribe", feed("?group=none", "atom"), `${subscriber.url}/none-atom`);
    await hubRequest("subscribe", feed("?group=none", "json"), `${subscriber.url}/none-json`);
    const verified = subscriber.requests.filter((r) => r.method === "GET").map((r) => r.query["hub.topic"]);
    expect(verified).toEqual([feed(), feed("?group=none"), feed("?group=none", "atom"), feed("?group=none", "json")]);
    expect(await store.subscriptions.of("business", new Date())).toHaveLength(4);

    const before = {
      grouped: await fetch(feed()),
      none: await fetch(feed("?group=none")),
    };
    expect(wireCount(await before.none.text())).toBe(1);

    // Reuters carries the wire story: it joins AP's story, which has its entry in business.
    publish(["ap", "reuters"]);
    const join = await pollAndDeliver(new Date());
    expect(join.changedLists).toContain("t:business");
    expect(join.queued).toBe(4);

    // Each subscription got exactly one delivery, of its own topic.
    const both = deliveredTo("/both");
    expect(both.map((d) => d.self).sort()).toEqual([feed(), feed("?group=none")].sort());
    const grouped = both.find((d) => d.self === feed()) as ReceivedRequest;
    const every = both.find((d) => d.self === feed("?group=none")) as ReceivedRequest;
    expect(deliveredTo("/none-atom").map((d) => d.self)).toEqual([feed("?group=none", "atom")]);
    expect(deliveredTo("/none-json").map((d) => d.self)).toEqual([feed("?group=none", "json")]);

    // The grouped feed: the story once, naming Reuters; group=none: every item, Reuters' copy among them.
    expect(guids(grouped.body)).toBe(4);
    expect(grouped.body).toContain("Also reported by:");
    expect(grouped.body).toContain(`https://${host("reuters")}${WIRE_PATH}`);
    expect(guids(every.body)).toBe(5);
    expect(every.body).not.toContain("Also reported by:");
    expect(every.body).toContain(`<link>https://${host("reuters")}${WIRE_PATH}</link>`);
    const json = JSON.parse(deliveredTo("/none-json")[0]?.body ?? "{}") as { items: { url: string }[] };
    expect(json.items.filter((item) => item.url.endsWith(WIRE_PATH))).toHaveLength(2);
    expect(wireCount(deliveredTo("/none-atom")[0]?.body ?? "")).toBeGreaterThanOrEqual(2);

    // What was delivered is what the feed's URL serves now, and both feeds' validators moved. A fresh app: a warm one
    // may keep a list's version for a second (SPEC §4 Caching lets it keep a rendering for ten).
    server.reconfigure(config, hub.app);
    const after = {
      grouped: await fetch(feed(), { headers: { "If-None-Match": before.grouped.headers.get("etag") ?? "" } }),
      none: await fetch(feed("?group=none"), { headers: { "If-None-Match": before.none.headers.get("etag") ?? "" } }),
    };
    expect(after.grouped.status).toBe(200);
    expect(after.none.status).toBe(200);
    expect(await after.none.text()).toBe(every.body);
    expect(await after.grouped.text()).toBe(grouped.body);
    for (const view of ["grouped", "none"] as const) {
      const lastModified = (response: Response) => Date.parse(response.headers.get("last-modified") ?? "");
      expect(lastModified(after[view]), view).toBeGreaterThan(lastModified(before[view]));
      const since = await fetch(view === "none" ? feed("?group=none") : feed(), {
        headers: { "If-Modified-Since": before[view].headers.get("last-modified") ?? "" },
      });
      expect(since.status, view).toBe(200);
    }
  });

  it("sends nothing when a poll changes nothing, and an unsubscribe of the group=none feed leaves the grouped one", async () => {
    const received = subscriber.requests.length;
    const quiet = await pollAndDeliver(new Date());
    expect(quiet.queued).toBe(0);
    expect(subscriber.requests).toHaveLength(received);

    await hubRequest("unsubscribe", feed("?group=none"), `${subscriber.url}/both`);
    const left = await store.subscriptions.of("business", new Date());
    expect(left.map((s) => s.topic).sort()).toEqual(
      [feed(), feed("?group=none", "atom"), feed("?group=none", "json")].sort(),
    );
    const delivered = deliveredTo("/both").length;
    publish(["ap", "reuters"], { bbc: "Bakery chain recalls sesame bread" });
    expect((await pollAndDeliver(new Date())).queued).toBe(3);
    expect(
      deliveredTo("/both")
        .slice(delivered)
        .map((d) => d.self),
    ).toEqual([feed()]);
  });
});
