/**
 * A stopped local sender prints nothing more, so a command's last line (a poll's summary) stays last; when it
 * stopped waiting with deliveries under way it says so once.
 */
import type { CallbackClient } from "@tributary/core/fetch";
import { deliveryId } from "@tributary/core/store/deliveries.ts";
import { afterCycle } from "@tributary/core/websub";
import { afterEach, describe, expect, it, vi } from "vitest";
import { localDeliveries } from "../../local/deliveries.ts";
import { testConfig } from "../api/fixtures.ts";
import { deliveryStore, NOW, subscribe } from "./fixtures.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Callbacks that answer only when told to, recording each send (nothing leaves the process). */
function heldCallbacks() {
  let release: (status: number) => void = () => {};
  let sent: () => void = () => {};
  const called = new Promise<void>((resolve) => (sent = resolve));
  const callbacks = {
    send: () => {
      sent();
      return new Promise<{ status: number }>((resolve) => (release = (status) => resolve({ status })));
    },
  } as unknown as CallbackClient;
  return { callbacks, called, answer: (status: number) => release(status) };
}

describe("stopping the local sender", () => {
  it("says once that deliveries were left under way, and prints nothing about them afterwards", async () => {
    const { store } = await deliveryStore();
    const subscription = await subscribe(store, "http://127.0.0.1:9/hook");
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: unknown) => void lines.push(String(line)));
    const held = heldCallbacks();
    const deliveries = localDeliveries(testConfig, store, {
      json: true,
      overrides: { callbacks: held.callbacks, now: () => NOW },
    });
    await afterCycle(
      { config: testConfig, table: store, sender: deliveries, now: () => NOW },
      { changedLists: ["t:world"] },
    );
    await held.called;
    expect(await deliveries.stop(10)).toBe(false);
    expect(lines.map((line) => JSON.parse(line))).toEqual([{ event: "websub-unfinished", waitedMs: 10 }]);
    held.answer(204);
    const id = deliveryId(subscription);
    await vi.waitFor(async () => expect(await store.deliveries.find(id)).toBeNull());
    expect(lines).toHaveLength(1);
  });

  it("says nothing more when every delivery had finished", async () => {
    const { store } = await deliveryStore();
    await subscribe(store, "http://127.0.0.1:9/hook");
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: unknown) => void lines.push(String(line)));
    const held = heldCallbacks();
    const deliveries = localDeliveries(testConfig, store, {
      json: true,
      overrides: { callbacks: held.callbacks, now: () => NOW },
    });
    await afterCycle(
      { config: testConfig, table: store, sender: deliveries, now: () => NOW },
      { changedLists: ["t:world"] },
    );
    await held.called;
    held.answer(204);
    expect(await deliveries.stop(60_000)).toBe(true);
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([{ event: "websub-delivery", outcome: "delivered" }]);
  });
});
