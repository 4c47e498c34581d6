/**
 * Subscribe, verify, store (W3C WebSub §5.1, §5.3) with real subscribers on loopback: only a
 * callback that echoes the challenge with a 2xx is stored; unsubscribing is verified too; leases as granted.
 */

import { LEASE_LIMITS } from "@tributary/core/config";
import { afterEach, describe, expect, it } from "vitest";
import { type Subscriber, startSubscriber } from "../helpers/subscriber.ts";
import { hubSetup, NOW, subscribeForm, topic } from "./fixtures.ts";

const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const epoch = (date: Date) => Math.floor(date.getTime() / 1000);

describe("verification of intent", () => {
  const subscribers: Subscriber[] = [];
  const subscriber = async (...args: Parameters<typeof startSubscriber>) => {
    const started = await startSubscriber(...args);
    subscribers.push(started);
    return started;
  };
  afterEach(async () => {
    await Promise.all(subscribers.splice(0).map((s) => s.close()));
  });

  it("answers 202, then verifies with a GET echoing the challenge, and stores the subscription", async () => {
    const hub = await hubSetup();
    const sub = await subscriber("echo");
    const callback = `${sub.url}/cb?id=7`;
    const res = await hub.post(subscribeForm(callback, { "hub.secret": "s3cret" }));
    expect(res.status).toBe(202);
    await hub.settled();
    expect(sub.requests).toHaveLength(1);
    const [verification] = sub.requests;
    expect(verification?.method).toBe("GET");
    expect(verification?.path).toBe("/cb");
    expect(verification?.query).toMatchObject({
      id: "7",
      "hub.mode": "subscribe",
      "hub.topic": topic(),
      "hub.lease_seconds": String(hub.config.websub.leaseSeconds),
    });
    expect(verification?.query["hub.challenge"]?.length).toBeGreaterThanOrEqual(20);
    const stored = await hub.store.subscriptions.find({ slug: "world", format: "rss", callback }, NOW);
    expect(stored).toMatchObject({
      slug: "world",
      format: "rss",
      topic: topic(),
      callback,
      callbackHost: new URL(sub.url).hostname,
      secret: "s3cret",
      leaseSeconds: hub.config.websub.leaseSeconds,
      expiresAt: epoch(NOW) + hub.config.websub.leaseSeconds,
    });
    expect(hub.outcomes).toEqual([{ done: "subscribed", expiresAt: epoch(NOW) + hub.config.websub.leaseSeconds }]);
  });

  it.each(["wrong-challenge", "not-found"] as const)("stores nothing when the callback answers %s", async (how) => {
    const hub = await hubSetup();
    const sub = await subscriber(how);
    const callback = `${sub.url}/cb`;
    expect((await hub.post(subscribeForm(callback))).status).toBe(202);
    await hub.settled();
    expect(sub.requests).toHaveLength(1);
    expect(await hub.store.subscriptions.find({ slug: "world", format: "rss", callback }, NOW)).toBeNull();
    expect(await hub.store.subscriptions.of("world", NOW)).toEqual([]);
    expect(hub.outcomes[0]?.done).toBe("nothing");
  });

  it("unsubscribes only once the callback confirms, then the subscription is gone", async () => {
    const hub = await hubSetup();
    const sub = await subscriber("echo");
    const callback = `${sub.url}/cb`;
    const ref = { slug: "world", format: "rss" as const, callback };
    await hub.post(subscribeForm(callback));
    await hub.settled();
    expect(await hub.store.subscriptions.find(ref, NOW)).not.toBeNull();

    sub.behaviour = "not-found";
    expect((await hub.post(subscribeForm(callback, { "hub.mode": "unsubscribe" }))).status).toBe(202);
    await hub.settled();
    expect(await hub.store.subscriptions.find(ref, NOW), "an unconfirmed unsubscribe removes nothing").not.toBeNull();

    sub.behaviour = "echo";
    expect((await hub.post(subscribeForm(callback, { "hub.mode": "unsubscribe" }))).status).toBe(202);
    await hub.settled();
    const unsubscribe = sub.requests.at(-1);
    expect(unsubscribe?.query["hub.mode"]).toBe("unsubscribe");
    expect(unsubscribe?.query).not.toHaveProperty("hub.lease_seconds");
    expect(await hub.store.subscriptions.find(ref, NOW)).toBeNull();
    expect(await hub.store.subscriptions.of("world", NOW)).toEqual([]);
  });

  it("grants a short lease as asked, and the subscription is no longer live once it ends", async () => {
    const hub = await hubSetup();
    const sub = await subscriber("echo");
    const callback = `${sub.url}/short`;
    const ref = { slug: "world", format: "rss" as const, callback };
    await hub.post(subscribeForm(callback, { "hub.lease_seconds": "10" }));
    await hub.settled();
    expect(sub.requests[0]?.query["hub.lease_seconds"]).toBe("10");
    expect(await hub.store.subscriptions.find(ref, at(9))).toMatchObject({ leaseSeconds: 10 });
    expect(await hub.store.subscriptions.find(ref, at(10))).toBeNull();
    expect(await hub.store.subscriptions.of("world", at(11))).toEqual([]);
  });

  it.each([
    ["1", LEASE_LIMITS.min],
    ["9", LEASE_LIMITS.min],
    ["2592001", LEASE_LIMITS.max],
    ["99999999", LEASE_LIMITS.max],
    // Any decimal number is a lease asked for: outside the range, clamped to it (SPEC §4 WebSub).
    ["99999999999999999999", LEASE_LIMITS.max],
    ["1e9", LEASE_LIMITS.max],
    ["1e999", LEASE_LIMITS.max],
    ["-5", LEASE_LIMITS.min],
    ["1e3", 1000],
    ["3600.9", 3600],
    ["3600", 3600],
  ])("a lease asked of %s s is granted as %i s", async (asked, granted) => {
    const hub = await hubSetup();
    const sub = await subscriber("echo");
    const callback = `${sub.url}/lease`;
    await hub.post(subscribeForm(callback, { "hub.lease_seconds": asked }));
    await hub.settled();
    expect(sub.requests[0]?.query["hub.lease_seconds"]).toBe(String(granted));
    const stored = await hub.store.subscriptions.find({ slug: "world", format: "rss", callback }, NOW);
    expect(stored).toMatchObject({ leaseSeconds: granted, expiresAt: epoch(NOW) + granted });
  });

  it("renews: a second verified subscribe restarts the lease and takes the new secret", async () => {
    let now = NOW;
    const hub = await hubSetup({ now: () => now });
    const sub = await subscriber("echo");
    const callback = `${sub.url}/renew`;
    const ref = { slug: "world", format: "rss" as const, callback };
    await hub.post(subscribeForm(callback, { "hub.lease_seconds": "100", "hub.secret": "one" }));
    await hub.settled();
    now = at(90);
    await hub.post(subscribeForm(callback, { "hub.lease_seconds": "100", "hub.secret": "two" }));
    await hub.settled();
    expect(await hub.store.subscriptions.find(ref, at(150))).toMatchObject({
      secret: "two",
      expiresAt: epoch(at(190)),
    });
    expect(await hub.store.subscriptions.of("world", at(150))).toHaveLength(1);
  });
});
