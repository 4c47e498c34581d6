/**
 * Ending subscriptions: when a topic leaves the configuration, or WebSub is turned off, each
 * live subscriber gets a `hub.mode=denied` notice and its subscription ends; other topics keep theirs.
 */
import { validateConfig } from "@tributary/core/config";
import { endStaleSubscriptions, hubCallbacks } from "@tributary/core/websub";
import { afterEach, describe, expect, it } from "vitest";
import { pollOnce } from "../../local/poll-run.ts";
import { type Subscriber, startSubscriber } from "../helpers/subscriber.ts";
import { hubConfig, hubSetup, NOW, subscribeForm, topic } from "./fixtures.ts";

describe("ending subscriptions of topics no longer served", () => {
  const subscribers: Subscriber[] = [];
  afterEach(async () => {
    await Promise.all(subscribers.splice(0).map((s) => s.close()));
  });

  /** A hub with a verified subscription to world.rss and one to quiet.json, from one subscriber. */
  async function subscribed() {
    const hub = await hubSetup();
    const sub = await startSubscriber("echo");
    subscribers.push(sub);
    await hub.post(subscribeForm(`${sub.url}/world`));
    await hub.post({ ...subscribeForm(`${sub.url}/quiet`), "hub.topic": topic("quiet", "json") });
    await hub.settled();
    expect(sub.requests).toHaveLength(2);
    return { hub, sub };
  }

  it("denies and removes the subscribers of a topic that left the configuration, and only them", async () => {
    const { hub, sub } = await subscribed();
    const config = hubConfig({}, ["quiet"]);
    const result = await endStaleSubscriptions({
      config,
      table: hub.store,
      callbacks: hubCallbacks("allowed"),
      now: NOW,
    });
    expect(result).toEqual({ topics: ["world"], ended: 1, notified: 1 });
    expect(sub.requests).toHaveLength(3);
    const denial = sub.requests[2];
    expect(denial?.method).toBe("GET");
    expect(denial?.path).toBe("/world");
    expect(denial?.query).toMatchObject({ "hub.mode": "denied", "hub.topic": topic() });
    expect(denial?.query["hub.reason"]).toMatch(/no longer served/);
    expect(await hub.store.subscriptions.of("world", NOW)).toEqual([]);
    expect(await hub.store.subscriptions.of("quiet", NOW)).toHaveLength(1);
    expect(await hub.store.subscriptions.topics()).toEqual(["quiet"]);

    const again = await endStaleSubscriptions({ config, table: hub.store, callbacks: hubCallbacks("allowed") });
    expect(again).toEqual({ topics: [], ended: 0, notified: 0 });
    expect(sub.requests, "nothing more is sent once ended").toHaveLength(3);
  });

  it("denies and removes every subscription when WebSub is turned off", async () => {
    const { hub, sub } = await subscribed();
    const result = await endStaleSubscriptions({
      config: hubConfig({ enabled: false }),
      table: hub.store,
      callbacks: hubCallbacks("allowed"),
      now: NOW,
    });
    expect(result).toEqual({ topics: ["quiet", "world"], ended: 2, notified: 2 });
    const denials = sub.requests.slice(2);
    expect(denials.map((r) => r.query["hub.mode"])).toEqual(["denied", "denied"]);
    expect(denials.map((r) => r.path).sort()).toEqual(["/quiet", "/world"]);
    expect(denials.every((r) => /no longer takes subscriptions/.test(r.query["hub.reason"] ?? ""))).toBe(true);
    for (const [slug, format, path] of [
      ["world", "rss", "/world"],
      ["quiet", "json", "/quiet"],
    ] as const) {
      expect(await hub.store.subscriptions.find({ slug, format, callback: `${sub.url}${path}` }, NOW)).toBeNull();
    }
    expect(await hub.store.subscriptions.topics()).toEqual([]);
  });

  it("ends a subscription even when its callback is gone (the notice is best effort)", async () => {
    const { hub, sub } = await subscribed();
    await sub.close();
    const result = await endStaleSubscriptions({
      config: hubConfig({}, ["quiet"]),
      table: hub.store,
      callbacks: hubCallbacks("allowed"),
      now: NOW,
    });
    expect(result).toEqual({ topics: ["world"], ended: 1, notified: 0 });
    expect(await hub.store.subscriptions.of("world", NOW)).toEqual([]);
  });

  it("leaves every subscription alone while every subscribed topic is served", async () => {
    const { hub, sub } = await subscribed();
    const result = await endStaleSubscriptions({
      config: hub.config,
      table: hub.store,
      callbacks: hubCallbacks("allowed"),
    });
    expect(result).toEqual({ topics: [], ended: 0, notified: 0 });
    expect(sub.requests).toHaveLength(2);
    expect(await hub.store.subscriptions.of("world", NOW)).toHaveLength(1);
  });
});

describe("ending at the start of a local poll cycle (npm start, npm run poll)", () => {
  it("a cycle with a topic gone denies and removes its subscribers before polling", async () => {
    // The cycle reads subscriptions by the wall clock, so they are leased from it (a lease from the fixed NOW ends
    // ten days after it, and the test with it).
    const hub = await hubSetup({ now: () => new Date() });
    const sub = await startSubscriber("echo");
    try {
      await hub.post(subscribeForm(`${sub.url}/world`));
      await hub.settled();
      expect(await hub.store.subscriptions.of("world", new Date())).toHaveLength(1);
      // The one source is on a closed loopback port: the cycle fetches nothing beyond this machine.
      const config = validateConfig({
        title: "Hub tests",
        sources: [{ id: "alpha", url: "http://127.0.0.1:9/feed.rss" }],
        topics: [{ slug: "quiet", title: "quiet", sources: ["alpha"] }],
      });
      await pollOnce({ config, store: hub.store }, { mode: "all" }, "quiet");
      expect(sub.requests.at(-1)?.query["hub.mode"]).toBe("denied");
      expect(await hub.store.subscriptions.of("world", new Date())).toEqual([]);
    } finally {
      await sub.close();
    }
  });
});
