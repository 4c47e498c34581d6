import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { validateConfig } from "@tributary/core/config";
import { pickSources } from "@tributary/core/poll";
import { pendingState, type SourceState, type Store } from "@tributary/core/store";
import { describe, expect, it } from "vitest";
import { countRequests } from "../../testkit/requests.ts";
import { createTestStore } from "../helpers/store.ts";

const config = (ids: string[]) =>
  validateConfig({
    title: "T",
    sources: ids.map((id) => ({ id, url: `https://example.org/${id}.rss` })),
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
    poll: { everyMinutes: 10 },
  });

const NOW = new Date("2026-11-26T12:00:00.000Z");
const at = (iso: string) => () => new Date(iso);
const state = (id: string, changes: Partial<SourceState>): SourceState => ({
  ...pendingState(id, `https://example.org/${id}.rss`, NOW),
  ...changes,
});

/** Writes a state as the layout before the held index stored it: every source but gone ones under `due`. */
async function putOldLayout(store: Store, s: SourceState) {
  const due = s.status !== "gone" && s.nextFetchAt ? { gsi1pk: "due", gsi1sk: s.nextFetchAt } : {};
  await store.kit.doc.send(
    new PutCommand({ TableName: store.table, Item: { pk: `S#${s.id}`, sk: "S", ...s, ...due } }),
  );
}

describe("the schedule picks due sources", () => {
  it("healthy ones once an interval, held-back ones from the held index, syncing states when the sources change", async () => {
    const store = await createTestStore();
    const abc = config(["a", "b", "c"]);
    expect(await pickSources({ config: abc, store, now: () => NOW }, { mode: "due" })).toEqual(["a", "b", "c"]);

    await store.sources.save(state("a", { status: "ok", nextFetchAt: "2026-11-26T12:10:00.000Z" }));
    await store.sources.save(state("b", { status: "gone", nextFetchAt: null }));
    await store.sources.save(state("c", { status: "failing", nextFetchAt: "2026-11-26T13:00:00.000Z" }));
    // A cycle scheduled at NOW polled a (healthy): a is not due again before 12:10.
    await store.sources.recordPolls(new Map([["a", "2026-11-26T12:00:05.000Z"]]), NOW, NOW);
    const requests = countRequests(store);
    expect(await pickSources({ config: abc, store, now: at("2026-11-26T12:01:00.000Z") }, { mode: "due" })).toEqual([]);
    expect(requests.counts.get("BatchGetItemCommand") ?? 0).toBe(1); // the topics' versions, not the source states
    expect(requests.writes).toBe(0);

    const added = config(["a", "b", "c", "d"]);
    expect(await pickSources({ config: added, store, now: at("2026-11-26T12:01:00.000Z") }, { mode: "due" })).toEqual([
      "d",
    ]);
    const moved = validateConfig({
      ...added,
      sources: added.sources.map((s) => (s.id === "b" ? { ...s, url: "https://example.org/b2.rss" } : s)),
    });
    expect(await pickSources({ config: moved, store, now: at("2026-11-26T12:01:00.000Z") }, { mode: "due" })).toEqual([
      "b",
      "d",
    ]);
    // One interval after the cycle that polled a, a is due again; c is due once its backoff has passed.
    expect(await pickSources({ config: moved, store, now: at("2026-11-26T12:10:00.000Z") }, { mode: "due" })).toEqual([
      "a",
      "b",
      "d",
    ]);
    expect(await pickSources({ config: moved, store, now: at("2026-11-26T13:00:00.000Z") }, { mode: "due" })).toEqual([
      "a",
      "b",
      "c",
      "d",
    ]);
  });

  it("moves states of the older layout into the held index on its first run", async () => {
    const store = await createTestStore();
    const ids = ["ok", "failing", "gone", "limited"];
    await putOldLayout(store, state("ok", { status: "ok", nextFetchAt: "2026-11-26T12:30:00.000Z" }));
    await putOldLayout(store, state("failing", { status: "failing", nextFetchAt: "2026-11-26T14:00:00.000Z" }));
    await putOldLayout(store, state("gone", { status: "gone", nextFetchAt: null }));
    await putOldLayout(
      store,
      state("limited", {
        status: "failing",
        nextFetchAt: "2026-11-26T15:00:00.000Z",
        retryAfterUntil: "2026-11-26T15:00:00.000Z",
      }),
    );
    await store.markers.set("sources", "fingerprint of the older code");
    const before = await store.sources.states(ids, true);
    expect(await pickSources({ config: config(ids), store, now: () => NOW }, { mode: "due" })).toEqual(["ok"]);
    expect(await store.sources.states(ids, true)).toEqual(before); // the states themselves are unchanged
    expect(
      await pickSources({ config: config(ids), store, now: at("2026-11-26T14:00:00.000Z") }, { mode: "due" }),
    ).toEqual(["ok", "failing"]);
    // Migrated once: the next run reads no state.
    const requests = countRequests(store);
    await pickSources({ config: config(ids), store, now: () => NOW }, { mode: "due" });
    expect(requests.writes).toBe(0);
  });
});
