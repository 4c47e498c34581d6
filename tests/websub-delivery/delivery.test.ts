import { createHmac } from "node:crypto";
import { CallbackClient } from "@tributary/core/fetch";
import { queueTopicDeliveries, sendDueDeliveries } from "@tributary/core/websub";
import { afterEach, describe, expect, it } from "vitest";
import { deliveryDeps, deliveryStore, NOW, ORIGIN, sameTable, subscribe } from "./fixtures.ts";
import { startSubscriber, type TestSubscriber } from "./subscriber.ts";

const running: TestSubscriber[] = [];
async function subscriber(options: Parameters<typeof startSubscriber>[0] = {}) {
  const s = await startSubscriber(options);
  running.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

const later = (ms: number) => new Date(NOW.getTime() + ms);

describe("content distribution", () => {
  it("POSTs the feed's first page as GET serves it, with both links, signed only with a secret", async () => {
    const { store, get } = await deliveryStore();
    const signed = await subscriber();
    const plain = await subscriber();
    await subscribe(store, signed.callback, { format: "rss", secret: "s3cret" });
    await subscribe(store, plain.callback, { format: "atom" });
    expect(await queueTopicDeliveries(store, ["world"], NOW)).toHaveLength(2);
    const reports = await sendDueDeliveries(deliveryDeps(store));
    expect(reports.map((r) => r.outcome)).toEqual(["delivered", "delivered"]);

    for (const [sub, format] of [
      [signed, "rss"],
      [plain, "atom"],
    ] as const) {
      const served = await get(`${ORIGIN}/feeds/world.${format}`);
      expect(served.status).toBe(200);
      const [request] = sub.received;
      expect(sub.received).toHaveLength(1);
      expect(request?.method).toBe("POST");
      expect(request?.path).toBe("/hook");
      expect(request?.body.equals(Buffer.from(await served.arrayBuffer()))).toBe(true);
      expect(request?.headers["content-type"]).toBe(served.headers.get("Content-Type"));
      expect(request?.headers.link).toBe(
        `<${ORIGIN}/websub>; rel="hub", <${ORIGIN}/feeds/world.${format}>; rel="self"`,
      );
    }
    const body = signed.received[0]?.body ?? Buffer.alloc(0);
    const expected = `sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`;
    expect(signed.received[0]?.headers["x-hub-signature"]).toBe(expected);
    expect(plain.received[0]?.headers["x-hub-signature"]).toBeUndefined();
    expect(await store.deliveries.due(later(86_400_000 * 3))).toEqual([]);
  });

  it("retries a subscriber that fails twice and delivers once, with backoff from the first retry within a minute", async () => {
    const { store } = await deliveryStore();
    const flaky = await subscriber({ answer: (n) => (n <= 2 ? 500 : 204) });
    await subscribe(store, flaky.callback, { secret: "k" });
    await queueTopicDeliveries(store, ["world"], NOW);
    const deps = deliveryDeps(store);

    const [first] = await sendDueDeliveries(deps);
    expect(first).toMatchObject({ outcome: "retrying", status: 500, attempt: 1, retryAt: later(30_000).toISOString() });
    expect(await sendDueDeliveries(deps)).toEqual([]);
    deps.clock.now = later(30_000);
    const [second] = await sendDueDeliveries(deps);
    expect(second).toMatchObject({ outcome: "retrying", status: 500, attempt: 2 });
    deps.clock.now = new Date(second?.retryAt ?? "");
    expect((await sendDueDeliveries(deps)).map((r) => [r.outcome, r.attempt])).toEqual([["delivered", 3]]);
    deps.clock.now = later(2 * 86_400_000);
    expect(await sendDueDeliveries(deps)).toEqual([]);
    expect(flaky.received).toHaveLength(3);
    expect(new Set(flaky.received.map((r) => r.body.toString())).size).toBe(1);
  });

  it("drops a delivery once every retry is spent, and ends the subscription on 410 Gone", async () => {
    const { store } = await deliveryStore();
    const down = await subscriber({ answer: () => 503 });
    const gone = await subscriber({ answer: () => 410 });
    await subscribe(store, down.callback, { leaseSeconds: 10 * 86_400 });
    const goneSub = await subscribe(store, gone.callback, { format: "json" });
    await queueTopicDeliveries(store, ["world"], NOW);
    const deps = deliveryDeps(store);
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      for (const r of await sendDueDeliveries(deps))
        outcomes.push(`${r.callback === gone.callback ? "gone" : "down"}:${r.outcome}`);
      deps.clock.now = new Date(deps.clock.now.getTime() + 13 * 3_600_000);
    }
    expect(outcomes.filter((o) => o.startsWith("gone"))).toEqual(["gone:ended"]);
    expect(outcomes.filter((o) => o.startsWith("down"))).toEqual([...Array(9).fill("down:retrying"), "down:dropped"]);
    expect(down.received).toHaveLength(10);
    expect(await store.subscriptions.find(goneSub, NOW)).toBeNull();
  });

  it("sends an attempt once when two processes claim the same deliveries", async () => {
    const { store } = await deliveryStore();
    const subscribers = await Promise.all(Array.from({ length: 12 }, () => subscriber()));
    for (const s of subscribers) await subscribe(store, s.callback);
    await queueTopicDeliveries(store, ["world"], NOW);
    const other = await sameTable(store);
    const [a, b] = await Promise.all([sendDueDeliveries(deliveryDeps(store)), sendDueDeliveries(deliveryDeps(other))]);
    expect(a.length + b.length).toBe(12);
    for (const s of subscribers) expect(s.received).toHaveLength(1);
  });

  it("does not hold other subscribers behind one that hangs; the hung attempt times out and is retried", async () => {
    const { store } = await deliveryStore();
    const hung = await subscriber({ answer: () => "hang" });
    const fast = await subscriber();
    await subscribe(store, hung.callback);
    await subscribe(store, fast.callback, { format: "json" });
    await queueTopicDeliveries(store, ["world"], NOW);
    let finished = false;
    const sending = sendDueDeliveries(
      deliveryDeps(store, { callbacks: new CallbackClient({ timeoutMs: 1_500, maxBytes: 1024, internal: "allowed" }) }),
    ).finally(() => (finished = true));
    await Promise.all([hung.nth(1), fast.nth(1)]);
    expect(finished).toBe(false);
    const reports = await sending;
    expect(Object.fromEntries(reports.map((r) => [r.callback, r.outcome]))).toEqual({
      [hung.callback]: "retrying",
      [fast.callback]: "delivered",
    });
  });

  it("counts a page that cannot be rendered as a failed attempt, retried with backoff, the subscriber not contacted", async () => {
    const { store } = await deliveryStore();
    const sub = await subscriber();
    await subscribe(store, sub.callback);
    await queueTopicDeliveries(store, ["world"], NOW);
    const render = async () => {
      throw new Error("storage unreachable");
    };
    const [report] = await sendDueDeliveries(deliveryDeps(store, { render }));
    expect(report).toMatchObject({ outcome: "retrying", attempt: 1, retryAt: later(30_000).toISOString() });
    expect(report?.error).toContain("storage unreachable");
    expect(sub.received).toEqual([]);
  });

  it("never contacts a refused callback: loopback in AWS, link-local anywhere", async () => {
    const { store } = await deliveryStore();
    await subscribe(store, "http://hook.example/a");
    await subscribe(store, "http://127.0.0.1:9/b", { format: "json" });
    await queueTopicDeliveries(store, ["world"], NOW);
    const dialled: string[] = [];
    const callbacks = new CallbackClient({
      timeoutMs: 1_000,
      maxBytes: 1024,
      internal: "refused",
      resolve: async () => [{ address: "169.254.169.254", family: 4 }],
      dial: (address) => {
        dialled.push(address);
        throw new Error("dialled");
      },
    });
    const reports = await sendDueDeliveries(deliveryDeps(store, { callbacks }));
    expect(reports.map((r) => r.outcome)).toEqual(["dropped", "dropped"]);
    expect(dialled).toEqual([]);
    expect(await store.deliveries.due(later(86_400_000))).toEqual([]);
  });
});
