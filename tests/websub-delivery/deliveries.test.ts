import type { DeliveryClaim } from "@tributary/core/store/deliveries.ts";
import { describe, expect, it } from "vitest";
import { createTestStore } from "../helpers/store.ts";

const NOW = new Date("2026-11-29T12:00:00.000Z");
const at = (ms: number) => new Date(NOW.getTime() + ms);
/** A claim that must have been granted. */
async function claimed(promise: Promise<DeliveryClaim | null>): Promise<DeliveryClaim> {
  const claim = await promise;
  if (!claim) throw new Error("the claim was refused");
  return claim;
}

const sub = { slug: "world", format: "rss" as const, callback: "http://127.0.0.1:9/hook" };

describe("delivery state", () => {
  it("keeps one pending delivery per subscription: a newer change keeps its backoff", async () => {
    const store = await createTestStore();
    const id = await store.deliveries.queue(sub, NOW);
    expect(await store.deliveries.queue(sub, at(1_000))).toBe(id);
    expect((await store.deliveries.due(at(1_000))).map((d) => [d.id, d.dueAt, d.failures])).toEqual([
      [id, NOW.getTime(), 0],
    ]);
    const claim = await claimed(store.deliveries.claim(id, at(1_000), 60_000));
    expect(await store.deliveries.retry(claim, at(31_000).getTime())).toBe(true);
    await store.deliveries.queue(sub, at(2_000));
    expect(await store.deliveries.due(at(2_000))).toEqual([]);
    expect(await store.deliveries.find(id)).toMatchObject({ dueAt: at(31_000).getTime(), failures: 1 });
  });

  it("lets one claim win; a lapsed claim can be taken over and its holder can no longer settle it", async () => {
    const store = await createTestStore();
    const id = await store.deliveries.queue(sub, NOW);
    const first = await claimed(store.deliveries.claim(id, NOW, 10_000));
    expect(await store.deliveries.claim(id, at(5_000), 10_000)).toBeNull();
    expect(await store.deliveries.due(at(5_000))).toEqual([]);
    const second = await claimed(store.deliveries.claim(id, at(11_000), 10_000));
    expect(await store.deliveries.complete(first, at(12_000))).toBe(false);
    expect(await store.deliveries.complete(second, at(12_000))).toBe(true);
    expect(await store.deliveries.find(id)).toBeNull();
  });

  it("keeps a change queued during an attempt: the attempt's success leaves the delivery due again", async () => {
    const store = await createTestStore();
    const id = await store.deliveries.queue(sub, NOW);
    const claim = await claimed(store.deliveries.claim(id, NOW, 10_000));
    await store.deliveries.queue(sub, at(500));
    expect(await store.deliveries.complete(claim, at(1_000))).toBe(true);
    expect((await store.deliveries.due(at(1_000))).map((d) => [d.id, d.dueAt, d.failures])).toEqual([
      [id, at(1_000).getTime(), 0],
    ]);
  });
});
