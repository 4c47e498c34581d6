import { describe, expect, it } from "vitest";
import { createTestStore, type EngineName } from "../../../../tests/helpers/store.ts";
import type { PageJob } from "./pages.ts";

const now = new Date("2026-11-29T12:00:00.000Z");
const later = (ms: number) => new Date(now.getTime() + ms);

function job(itemId: string, sourceId = "world", dueAt = now): PageJob {
  return {
    itemId,
    sourceId,
    url: `https://news.example/${itemId}`,
    selector: null,
    attempts: 0,
    dueAt: dueAt.toISOString(),
  };
}

describe.each<EngineName>(["dynamodb-local", "dynalite"])("page jobs (%s)", (engine) => {
  it("are due by time and source, claimed by one process at a time, retried and finished", async () => {
    const store = await createTestStore({ engine });
    try {
      await store.pages.queue([job("a"), job("b", "other"), job("c", "world", later(60_000))]);
      expect((await store.pages.due(now, 10)).map((j) => j.itemId)).toEqual(["a", "b"]);
      expect((await store.pages.due(now, 10, new Set(["other"]))).map((j) => j.itemId)).toEqual(["b"]);
      expect((await store.pages.due(later(60_000), 10)).map((j) => j.itemId)).toEqual(["a", "b", "c"]);

      const a = (await store.pages.due(now, 10)).find((j) => j.itemId === "a");
      const claim = await store.pages.claim(a as PageJob, now, 30_000);
      expect(claim).not.toBeNull();
      // Another process finds it claimed: neither due nor claimable until the lease has passed.
      expect(await store.pages.claim(a as PageJob, later(1000), 30_000)).toBeNull();
      expect((await store.pages.due(later(1000), 10)).map((j) => j.itemId)).toEqual(["b"]);
      // A lapsed claim is taken over; the first holder can then settle nothing.
      const taken = await store.pages.claim(a as PageJob, later(31_000), 30_000);
      expect(taken).not.toBeNull();
      expect(await store.pages.finish(claim as NonNullable<typeof claim>)).toBe(false);

      expect(await store.pages.retry(taken as NonNullable<typeof taken>, later(120_000).toISOString())).toBe(true);
      expect((await store.pages.due(later(60_000), 10)).map((j) => j.itemId)).toEqual(["b", "c"]);
      const again = await store.pages.due(later(120_000), 10);
      expect(again.find((j) => j.itemId === "a")?.attempts).toBe(1);

      const b = (await store.pages.due(now, 10, new Set(["other"])))[0] as PageJob;
      const held = await store.pages.claim(b, now, 30_000);
      expect(await store.pages.finish(held as NonNullable<typeof held>)).toBe(true);
      expect((await store.pages.due(later(120_000), 10)).map((j) => j.itemId)).toEqual(["c", "a"]);
      // A job replaced meanwhile (its item's link moved) is not claimed with the old due time.
      await store.pages.queue([{ ...job("c"), url: "https://news.example/c-moved" }]);
      expect(await store.pages.claim(job("c", "world", later(60_000)), later(120_000), 30_000)).toBeNull();
    } finally {
      store.close();
    }
  });
});
