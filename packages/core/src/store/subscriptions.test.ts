import { describe, expect, it } from "vitest";
import { createTestStore, type EngineName } from "../../../../tests/helpers/store.ts";
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
});
