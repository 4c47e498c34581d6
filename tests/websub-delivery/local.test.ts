import { CallbackClient } from "@tributary/core/fetch";
import { afterCycle } from "@tributary/core/websub";
import { afterEach, describe, expect, it } from "vitest";
import { localDeliveries } from "../../local/deliveries.ts";
import { testConfig } from "../api/fixtures.ts";
import { deliveryStore, NOW, subscribe } from "./fixtures.ts";
import { startSubscriber, type TestSubscriber } from "./subscriber.ts";

const running: TestSubscriber[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe("local deliveries", () => {
  it("queue after a cycle without waiting for subscribers; a poll's wait ends though one hangs", async () => {
    const { store } = await deliveryStore();
    const hung = await startSubscriber({ answer: () => "hang" });
    const fast = await startSubscriber();
    running.push(hung, fast);
    await subscribe(store, hung.callback);
    await subscribe(store, fast.callback, { format: "json" });
    const callbacks = new CallbackClient({ timeoutMs: 60_000, maxBytes: 1024, internal: "allowed" });
    const deliveries = localDeliveries(testConfig, store, { overrides: { callbacks, now: () => NOW } });
    await afterCycle(
      { config: testConfig, table: store, sender: deliveries, now: () => NOW },
      { changedLists: ["s:alpha", "t:world"] },
    );
    await Promise.all([hung.nth(1), fast.nth(1)]);
    await deliveries.stop(50);
    expect(hung.hanging()).toBe(1);
    expect(fast.received).toHaveLength(1);
  });

  it("send nothing with WebSub turned off", async () => {
    const { store } = await deliveryStore();
    const sub = await startSubscriber();
    running.push(sub);
    await subscribe(store, sub.callback);
    const off = { ...testConfig, websub: { ...testConfig.websub, enabled: false } };
    const deliveries = localDeliveries(off, store, { overrides: { now: () => NOW } });
    await afterCycle({ config: off, table: store, sender: deliveries, now: () => NOW }, { changedLists: ["t:world"] });
    await deliveries.sendDue();
    await deliveries.stop(0);
    expect(sub.received).toEqual([]);
  });
});
