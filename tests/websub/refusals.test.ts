/**
 * Requests the hub refuses: each answers 4xx with a reason (problem+json naming the field when
 * one is at fault), stores nothing, and its callback is never contacted — the subscriber records every request
 * it gets, and an injected dial records every connection attempt.
 */
import { CallbackClient, type Dial } from "@tributary/core/fetch";
import {
  CALLBACK_LIMITS,
  hubCallbacks,
  MAX_SUBSCRIPTIONS_PER_HOST,
  tableBudget,
  VERIFICATION_RATE,
  WILLING_VERIFICATION_LIMIT,
} from "@tributary/core/websub";
import { afterEach, describe, expect, it } from "vitest";
import { type Subscriber, type SubscriberBehaviour, startSubscriber } from "../helpers/subscriber.ts";
import { hubConfig, hubSetup, NOW, ORIGIN, subscribeForm, topic } from "./fixtures.ts";

/** The JSON body of a problem+json answer. */
async function problemOf(res: Response): Promise<{ status: number; detail: string; parameter?: string }> {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as never;
}

describe("refused requests", () => {
  const subscribers: Subscriber[] = [];
  const subscriber = async (behaviour: SubscriberBehaviour = "echo") => {
    const started = await startSubscriber(behaviour);
    subscribers.push(started);
    return started;
  };
  afterEach(async () => {
    await Promise.all(subscribers.splice(0).map((s) => s.close()));
  });

  it.each([
    ["an unknown topic", { "hub.topic": `${ORIGIN}/feeds/nowhere.rss` }, "hub.topic"],
    ["a topic on another origin", { "hub.topic": "https://elsewhere.example/feeds/world.rss" }, "hub.topic"],
    ["a non-http callback", { "hub.callback": "ftp://127.0.0.1/cb" }, "hub.callback"],
    ["a relative callback", { "hub.callback": "/cb" }, "hub.callback"],
    ["an oversized secret", { "hub.secret": "s".repeat(200) }, "hub.secret"],
    ["a bad mode", { "hub.mode": "publish" }, "hub.mode"],
    ["a lease that is no number", { "hub.lease_seconds": "ten" }, "hub.lease_seconds"],
    ["a lease in hexadecimal", { "hub.lease_seconds": "0x10" }, "hub.lease_seconds"],
    ["a lease of Infinity", { "hub.lease_seconds": "Infinity" }, "hub.lease_seconds"],
    ["a lease with spaces", { "hub.lease_seconds": " 10" }, "hub.lease_seconds"],
  ])("%s: 400 naming the field, nothing stored, callback never contacted", async (_what, fields, field) => {
    const hub = await hubSetup();
    const sub = await subscriber();
    const form = { ...subscribeForm(`${sub.url}/cb`), ...fields };
    const res = await hub.post(form);
    expect(res.status).toBe(400);
    expect(await problemOf(res)).toMatchObject({ status: 400, parameter: field });
    await hub.settled();
    expect(sub.requests).toEqual([]);
    expect(await hub.store.subscriptions.of("world", NOW)).toEqual([]);
  });

  it.each([
    ["an upper-case scheme", "HTTP://localhost/feeds/world.rss"],
    ["an upper-case host", "http://LOCALHOST/feeds/world.rss"],
    ["the default port", "http://localhost:80/feeds/world.rss"],
    ["dot segments", "http://localhost/feeds/../feeds/world.rss"],
    ["an empty query", "http://localhost/feeds/world.rss?"],
    ["a percent-escaped unreserved character", "http://localhost/feeds/w%6Frld.rss"],
    ["a lower-case percent-escape", "http://localhost/feeds/w%6frld.rss"],
    ["a percent-escaped slash", "http://localhost/feeds%2Fworld.rss"],
    ["a doubled slash", "http://localhost/feeds//world.rss"],
    ["an upper-case path", "http://localhost/Feeds/World.RSS"],
    ["a trailing slash", "http://localhost/feeds/world.rss/"],
    ["a fragment", "http://localhost/feeds/world.rss#new"],
  ])(
    "a topic spelt otherwise than the feed names itself (%s): 400 giving the feed URL, callback never contacted",
    async (_what, spelt) => {
      const hub = await hubSetup();
      const sub = await subscriber();
      const res = await hub.post(subscribeForm(`${sub.url}/cb`, { "hub.topic": spelt }));
      expect(res.status).toBe(400);
      const problem = await problemOf(res);
      expect(problem.parameter).toBe("hub.topic");
      expect(problem.detail).toContain(`rel="self" link): ${topic()}`);
      await hub.settled();
      expect(sub.requests).toEqual([]);
      expect(await hub.store.subscriptions.of("world", NOW)).toEqual([]);
    },
  );

  it.each([
    ["a topic of no feed spelt otherwise", "http://localhost/feeds%2Fnowhere.rss"],
    ["a path of no feed in upper case", "http://localhost/FEEDS/WORLD.XML"],
    ["a page of a feed", "http://localhost/feeds/world.rss?limit=5"],
  ])("%s: 400 naming hub.topic and no feed URL, callback never contacted", async (_what, spelt) => {
    const hub = await hubSetup();
    const sub = await subscriber();
    const res = await hub.post(subscribeForm(`${sub.url}/cb`, { "hub.topic": spelt }));
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(problem.parameter).toBe("hub.topic");
    expect(problem.detail).not.toContain('rel="self"');
    await hub.settled();
    expect(sub.requests).toEqual([]);
  });

  it("a field given twice: 400 naming it, callback never contacted", async () => {
    const hub = await hubSetup();
    const sub = await subscriber();
    const body = `${new URLSearchParams(subscribeForm(`${sub.url}/a`))}&hub.callback=${encodeURIComponent(`${sub.url}/b`)}`;
    const res = await hub.post(body);
    expect(await problemOf(res)).toMatchObject({ status: 400, parameter: "hub.callback" });
    await hub.settled();
    expect(sub.requests).toEqual([]);
  });

  it("a callback on a link-local address (by name or literal): 400, and it is never dialled", async () => {
    const dialled: string[] = [];
    const dial: Dial = (address) => {
      dialled.push(address);
      throw new Error("no connection may be attempted");
    };
    const resolve = async (hostname: string) => {
      if (hostname === "metadata.test") return [{ address: "169.254.169.254", family: 4 as const }];
      throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
    };
    const callbacks = new CallbackClient({ ...CALLBACK_LIMITS, internal: "allowed", resolve, dial });
    const hub = await hubSetup({ callbacks });
    for (const callback of [
      "http://metadata.test/latest/meta-data",
      "http://169.254.169.254/cb",
      "http://[fe80::1]/",
    ]) {
      const res = await hub.post(subscribeForm(callback));
      expect(res.status, callback).toBe(400);
      const problem = await problemOf(res);
      expect(problem.parameter).toBe("hub.callback");
      expect(problem.detail).toMatch(/link-local/);
    }
    await hub.settled();
    expect(dialled).toEqual([]);
    expect(await hub.store.subscriptions.of("world", NOW)).toEqual([]);
  });

  it("in AWS (internal refused) a loopback callback is refused and never contacted", async () => {
    const hub = await hubSetup({ callbacks: hubCallbacks("refused") });
    const sub = await subscriber();
    const res = await hub.post(subscribeForm(`${sub.url}/cb`));
    expect(await problemOf(res)).toMatchObject({ status: 400, parameter: "hub.callback" });
    await hub.settled();
    expect(sub.requests).toEqual([]);
  });

  it("another body type: 415 with a reason, callback never contacted", async () => {
    const hub = await hubSetup();
    const sub = await subscriber();
    const res = await hub.post(JSON.stringify(subscribeForm(`${sub.url}/cb`)), "application/json");
    expect(res.status).toBe(415);
    expect((await problemOf(res)).detail).toMatch(/application\/x-www-form-urlencoded/);
    await hub.settled();
    expect(sub.requests).toEqual([]);
  });

  it("says what a request lacks or gives in words: no Content-Type, a URL of no origin", async () => {
    const hub = await hubSetup();
    const sub = await subscriber();
    // Bytes, not a string: a string body would be given text/plain.
    const body = new TextEncoder().encode(new URLSearchParams(subscribeForm(`${sub.url}/cb`)).toString());
    const res = await hub.app.request("/websub", { method: "POST", body });
    expect(res.status).toBe(415);
    expect((await problemOf(res)).detail).toBe(
      "the hub takes application/x-www-form-urlencoded; the request has no Content-Type",
    );
    const typed = await hub.post("hub.mode=subscribe", "text/plain");
    expect((await problemOf(typed)).detail).toBe("the hub takes application/x-www-form-urlencoded, not text/plain");
    // A topic URL without an origin is named as given, not as the origin "null".
    const opaque = await hub.post(subscribeForm(`${sub.url}/cb`, { "hub.topic": "urn:x:world" }));
    expect((await problemOf(opaque)).detail).toBe(
      `hub.topic: must be a feed of this hub, on ${ORIGIN}/, not urn:x:world`,
    );
    await hub.settled();
    expect(sub.requests).toEqual([]);
  });

  it("WebSub off: 404, callback never contacted; GET /websub: 405, OPTIONS: 204 with Allow", async () => {
    const hub = await hubSetup({ config: hubConfig({ enabled: false }) });
    const sub = await subscriber();
    const res = await hub.post(subscribeForm(`${sub.url}/cb`));
    expect(res.status).toBe(404);
    await problemOf(res);
    await hub.settled();
    expect(sub.requests).toEqual([]);
    const on = (await hubSetup()).app;
    const get = await on.request("/websub");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST, OPTIONS");
    // OPTIONS lists the methods, as every route's does.
    const options = await on.request("/websub", { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("POST, OPTIONS");
  });

  it("caps all subscriptions at websub.maxSubscriptions; a renewal is not refused", async () => {
    const hub = await hubSetup({ config: hubConfig({ maxSubscriptions: 3 }) });
    const sub = await subscriber();
    for (const n of [1, 2, 3]) expect((await hub.post(subscribeForm(`${sub.url}/cb${n}`))).status).toBe(202);
    await hub.settled();
    expect(sub.requests).toHaveLength(3);
    const refused = await hub.post({ ...subscribeForm(`${sub.url}/cb4`), "hub.topic": topic("quiet", "atom") });
    expect(refused.status).toBe(403);
    expect((await problemOf(refused)).detail).toMatch(/maximum of 3 subscriptions/);
    await hub.settled();
    expect(sub.requests, "the refused callback is never contacted").toHaveLength(3);
    expect((await hub.post(subscribeForm(`${sub.url}/cb2`))).status).toBe(202);
    await hub.settled();
    expect(sub.requests).toHaveLength(4);
    expect(hub.outcomes.at(-1)?.done).toBe("subscribed");
    expect(await hub.store.subscriptions.of("world", NOW)).toHaveLength(3);
  });

  it(`caps callbacks on one host at ${MAX_SUBSCRIPTIONS_PER_HOST}: the 21st is refused, a renewal is not`, async () => {
    const hub = await hubSetup();
    const sub = await subscriber();
    const host = new URL(sub.url).hostname;
    for (let n = 1; n <= MAX_SUBSCRIPTIONS_PER_HOST; n++) {
      expect((await hub.post(subscribeForm(`${sub.url}/cb${n}`))).status).toBe(202);
      await hub.settled();
    }
    expect(await hub.store.subscriptions.countOfHost(host, NOW)).toBe(MAX_SUBSCRIPTIONS_PER_HOST);
    const refused = await hub.post(subscribeForm(`${sub.url}/cb21`));
    expect(refused.status).toBe(403);
    expect((await problemOf(refused)).detail).toContain(host);
    await hub.settled();
    expect(sub.requests).toHaveLength(MAX_SUBSCRIPTIONS_PER_HOST);
    expect((await hub.post(subscribeForm(`${sub.url}/cb7`))).status).toBe(202);
    await hub.settled();
    expect(sub.requests).toHaveLength(MAX_SUBSCRIPTIONS_PER_HOST + 1);
    expect(hub.outcomes.at(-1)?.done).toBe("subscribed");
    expect(await hub.store.subscriptions.countOfHost(host, NOW)).toBe(MAX_SUBSCRIPTIONS_PER_HOST);
  });

  it("counts the per-host cap by host name: another port or another spelling of the address is the same host", async () => {
    const hub = await hubSetup();
    const sub = await subscriber();
    const other = await subscriber();
    const { hostname, port } = new URL(sub.url);
    expect(hostname).toBe("127.0.0.1");
    for (let n = 1; n <= MAX_SUBSCRIPTIONS_PER_HOST; n++) {
      expect((await hub.post(subscribeForm(`${sub.url}/cb${n}`))).status).toBe(202);
      await hub.settled();
    }
    expect(await hub.store.subscriptions.countOfHost("127.0.0.1", NOW)).toBe(MAX_SUBSCRIPTIONS_PER_HOST);
    const spellings = [
      `${other.url}/x`,
      `http://127.1:${port}/x`,
      `http://0x7f.0.0.1:${port}/x`,
      `http://2130706433:${port}/x`,
      `http://127.0.0.1.:${port}/x`,
      `https://127.0.0.1/x`,
    ];
    for (const callback of spellings) {
      const refused = await hub.post(subscribeForm(callback));
      expect(refused.status, callback).toBe(403);
      const { detail } = await problemOf(refused);
      expect(detail).toContain("callbacks on 127.0.0.1");
      expect(detail).not.toContain(`127.0.0.1:`);
    }
    await hub.settled();
    expect(other.requests, "a refused callback is never contacted").toEqual([]);
    expect(sub.requests).toHaveLength(MAX_SUBSCRIPTIONS_PER_HOST);
    expect(await hub.store.subscriptions.of("world", NOW)).toHaveLength(MAX_SUBSCRIPTIONS_PER_HOST);
  });

  it("rate-limits verifications per callback host: 429 with Retry-After, and no request sent", async () => {
    const hub = await hubSetup({ rate: { limit: 2, windowMs: 60_000 } });
    // A host whose callbacks do not answer verifications holds no verified subscription: it has the base limit.
    const sub = await subscriber("not-found");
    expect((await hub.post(subscribeForm(`${sub.url}/a`))).status).toBe(202);
    expect((await hub.post(subscribeForm(`${sub.url}/b`))).status).toBe(202);
    const limited = await hub.post(subscribeForm(`${sub.url}/c`));
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await problemOf(limited)).detail).toMatch(/too many verification requests/);
    await hub.settled();
    expect(sub.requests.map((r) => r.path)).toEqual(["/a", "/b"]);
  });

  it("shares the budget through the table across instances (AWS): the third request to a host is limited", async () => {
    const first = await hubSetup();
    const rate = { limit: 2, windowMs: 60_000 };
    const second = await hubSetup({ budget: tableBudget(first.store, rate) });
    const third = await hubSetup({ budget: tableBudget(first.store, rate) });
    const sub = await subscriber("not-found");
    expect((await second.post(subscribeForm(`${sub.url}/a`))).status).toBe(202);
    expect((await third.post(subscribeForm(`${sub.url}/b`))).status).toBe(202);
    const limited = await second.post(subscribeForm(`${sub.url}/c`));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await Promise.all([second.settled(), third.settled()]);
    expect(sub.requests.map((r) => r.path).sort()).toEqual(["/a", "/b"]);
  });

  it("never refuses a willing host below 60 verifications a minute, nor an unsubscribe of a verified subscription", async () => {
    const hub = await hubSetup({ rate: VERIFICATION_RATE });
    const sub = await subscriber();
    const callbacks = Array.from({ length: VERIFICATION_RATE.limit }, (_, n) => `${sub.url}/app/${n}`);
    for (const callback of callbacks) expect((await hub.post(subscribeForm(callback))).status).toBe(202);
    await hub.settled();
    expect(await hub.store.subscriptions.countOfHost("127.0.0.1", NOW)).toBe(callbacks.length);
    // The app had ten subscriptions verified within the minute: its unsubscribe is taken…
    const unsubscribe = (callback: string) => hub.post({ ...subscribeForm(callback), "hub.mode": "unsubscribe" });
    expect((await unsubscribe(callbacks[0] as string)).status).toBe(202);
    // …and so are its requests up to 60 in the minute (renewals here), the 61st being limited: no amplifier.
    let sent = callbacks.length + 1;
    for (; sent < WILLING_VERIFICATION_LIMIT; sent++) {
      const renewal = await hub.post(subscribeForm(callbacks[1 + (sent % 9)] as string));
      expect(renewal.status, `request ${sent + 1}`).toBe(202);
    }
    const limited = await hub.post(subscribeForm(callbacks[1] as string));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // An unsubscribe of a verified subscription is never refused for the rate, and it is verified and done.
    expect((await unsubscribe(callbacks[2] as string)).status).toBe(202);
    await hub.settled();
    expect(await hub.store.subscriptions.countOfHost("127.0.0.1", NOW)).toBe(callbacks.length - 2);
    expect(sub.requests).toHaveLength(WILLING_VERIFICATION_LIMIT + 1);
  });

  it("keeps 10 a minute for a host whose callbacks do not answer verifications", async () => {
    const hub = await hubSetup({ rate: VERIFICATION_RATE });
    const sub = await subscriber("wrong-challenge");
    for (let n = 0; n < VERIFICATION_RATE.limit; n++) {
      expect((await hub.post(subscribeForm(`${sub.url}/victim/${n}`))).status).toBe(202);
    }
    await hub.settled();
    expect((await hub.post(subscribeForm(`${sub.url}/victim/more`))).status).toBe(429);
    // An unsubscribe of nothing verified is a request like any other.
    expect((await hub.post({ ...subscribeForm(`${sub.url}/victim/0`), "hub.mode": "unsubscribe" })).status).toBe(429);
    await hub.settled();
    expect(sub.requests).toHaveLength(VERIFICATION_RATE.limit);
  });

  it("gives a willing host its 60 through the table's budget too (AWS), and exempts unsubscribes there", async () => {
    const counters = await hubSetup();
    const rate = { limit: 2, windowMs: 60_000 };
    const hub = await hubSetup({ budget: tableBudget(counters.store, rate) });
    const sub = await subscriber();
    expect((await hub.post(subscribeForm(`${sub.url}/a`))).status).toBe(202);
    expect((await hub.post(subscribeForm(`${sub.url}/b`))).status).toBe(202);
    await hub.settled();
    // Both verified: the host is willing, and the third request of the window is taken.
    expect((await hub.post(subscribeForm(`${sub.url}/c`))).status).toBe(202);
    await hub.settled();
    expect(sub.requests.map((r) => r.path)).toEqual(["/a", "/b", "/c"]);
    const budget = tableBudget(counters.store, rate);
    const at = NOW.getTime();
    const waits: number[] = [];
    for (let n = 0; n <= WILLING_VERIFICATION_LIMIT; n++)
      waits.push(await budget.take("willing.example", at, "willing"));
    expect(waits.slice(0, WILLING_VERIFICATION_LIMIT)).toEqual(Array(WILLING_VERIFICATION_LIMIT).fill(0));
    expect(waits.at(-1)).toBeGreaterThan(0);
    expect(await budget.take("willing.example", at, "exempt")).toBe(0);
    const unknown = [await budget.take("new.example", at), await budget.take("new.example", at)];
    expect([...unknown, await budget.take("new.example", at)].map((wait) => wait > 0)).toEqual([false, false, true]);
  });
});
