import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTestStore, type EngineName } from "../../../../tests/helpers/store.ts";
import { subscriptionId } from "./keys.ts";
import { callbackHostOf, type Subscription } from "./subscriptions.ts";

const now = new Date("2026-11-29T12:00:00.000Z");
const epoch = Math.floor(now.getTime() / 1000);

function subscription(slug: string, callback: string, leaseSeconds = 3600): Subscription {
  return {
    slug,
    format: "rss",
    topic: `http://127.0.0.1:3000/feeds/${slug}.rss`,
    callback,
    callbackHost: callbackHostOf(callback),
    secret: null,
    leaseSeconds,
    verifiedAt: now.toISOString(),
    expiresAt: epoch + leaseSeconds,
  };
}

describe("callbackHostOf", () => {
  it.each([
    ["http://127.0.0.1:8766/cap1", "127.0.0.1"],
    ["http://127.0.0.1:8767/x", "127.0.0.1"],
    ["http://127.1/x", "127.0.0.1"],
    ["http://0x7F.0.0.1:9/x", "127.0.0.1"],
    ["http://2130706433/x", "127.0.0.1"],
    ["http://[0:0:0:0:0:0:0:1]:8080/x", "[::1]"],
    ["http://[::1]/x", "[::1]"],
    ["HTTPS://Hooks.Example.COM:443/a", "hooks.example.com"],
    ["https://hooks.example.com:8443/b", "hooks.example.com"],
  ])("counts %s as %s", (callback, host) => {
    expect(callbackHostOf(callback)).toBe(host);
  });
});

describe.each<EngineName>(["dynamodb-local", "dynalite"])("subscriptions on %s", (engine) => {
  it("stores, renews, finds, counts and removes subscriptions; expired leases are not live", async () => {
    const store = await createTestStore({ engine });
    const a = subscription("ukraine", "http://127.0.0.1:9001/hook?x=1");
    const b = subscription("ukraine", "http://127.0.0.1:9001/other");
    const c = subscription("trump", "http://127.0.0.2:9002/hook");
    const expired = subscription("trump", "http://127.0.0.1:9001/old", -1);
    for (const s of [a, b, c, expired]) await store.subscriptions.save(s);
    await store.subscriptions.save({ ...a, secret: "s3cret" });

    expect((await store.subscriptions.find(a, now))?.secret).toBe("s3cret");
    expect(await store.subscriptions.find(expired, now)).toBeNull();
    expect((await store.subscriptions.of("ukraine", now)).map((s) => s.callback).sort()).toEqual([
      a.callback,
      b.callback,
    ]);
    expect((await store.subscriptions.of("trump", now)).map((s) => s.callback)).toEqual([c.callback]);
    expect(await store.subscriptions.countOfHost("127.0.0.1", now)).toBe(2);
    expect(await store.subscriptions.count(["ukraine", "trump"], now)).toBe(3);
    expect(await store.subscriptions.topics()).toEqual(["trump", "ukraine"]);

    await store.subscriptions.remove(a);
    await store.subscriptions.remove(a);
    expect(await store.subscriptions.find(a, now)).toBeNull();
    expect(await store.subscriptions.countOfHost("127.0.0.1", now)).toBe(1);
    await store.subscriptions.forgetTopics(["trump"]);
    expect(await store.subscriptions.topics()).toEqual(["ukraine"]);
  });

  it("keeps subscriptions of one callback to several formats apart", async () => {
    const store = await createTestStore({ engine });
    const rss = subscription("ukraine", "http://127.0.0.1:9001/hook");
    await store.subscriptions.save(rss);
    await store.subscriptions.save({ ...rss, format: "json", topic: rss.topic.replace(".rss", ".json") });
    const found = await store.subscriptions.of("ukraine", now);
    expect(found.map((s) => s.format).sort()).toEqual(["json", "rss"]);
    await store.subscriptions.remove(rss);
    expect((await store.subscriptions.of("ukraine", now)).map((s) => s.format)).toEqual(["json"]);
  });

  it("keeps a feed's group=none view a subscription of its own, with its own delivery", async () => {
    const store = await createTestStore({ engine });
    const grouped = subscription("ukraine", "http://127.0.0.1:9001/hook");
    const every: Subscription = { ...grouped, group: "none", topic: `${grouped.topic}?group=none` };
    await store.subscriptions.save(grouped);
    await store.subscriptions.save(every);
    const found = await store.subscriptions.of("ukraine", now);
    expect(found.map((s) => s.group ?? "default").sort()).toEqual(["default", "none"]);
    expect((await store.subscriptions.find(every, now))?.topic).toBe(every.topic);
    expect((await store.subscriptions.find(grouped, now))?.group).toBeUndefined();
    expect(await store.subscriptions.countOfHost("127.0.0.1", now)).toBe(2);

    const ids = [await store.deliveries.queue(grouped, now), await store.deliveries.queue(every, now)];
    expect(new Set(ids).size).toBe(2);
    const due = await store.deliveries.due(now);
    expect(due.map((d) => d.group ?? "default").sort()).toEqual(["default", "none"]);
    // A delivery finds its own subscription again, view included.
    for (const delivery of due) expect((await store.subscriptions.find(delivery, now))?.group).toBe(delivery.group);

    await store.subscriptions.remove(every);
    expect((await store.subscriptions.of("ukraine", now)).map((s) => s.group)).toEqual([undefined]);
    expect(await store.subscriptions.countOfHost("127.0.0.1", now)).toBe(1);
  });
});

describe("subscription ids", () => {
  it("keep the default view's ids as they were before views, so stored subscriptions and deliveries stay found", () => {
    // Computed by the key rule without views: sha256 of "slug\nformat\ncallback", base64url, 22 characters.
    expect(subscriptionId({ slug: "world", format: "rss" }, "http://127.0.0.1:9/hook")).toBe(
      `rss#${createHash("sha256").update("world\nrss\nhttp://127.0.0.1:9/hook").digest("base64url").slice(0, 22)}`,
    );
    const none = subscriptionId({ slug: "world", format: "rss", group: "none" }, "http://127.0.0.1:9/hook");
    expect(none).toMatch(/^rss\.none#[A-Za-z0-9_-]{22}$/);
    expect(none.slice(-22)).not.toBe(
      subscriptionId({ slug: "world", format: "rss" }, "http://127.0.0.1:9/hook").slice(-22),
    );
  });
});
