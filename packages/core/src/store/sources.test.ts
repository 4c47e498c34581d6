import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { createTestStore } from "../../../../tests/helpers/store.ts";
import { itemId } from "../normalize/id.ts";
import { entryHash } from "../parse/entry-hash.ts";
import { asPolled } from "./poll-records.ts";
import { idFingerprint, pendingState, type SourceState } from "./records.ts";
import { isHeld, sourceRecord } from "./source-record.ts";

const NOW = new Date("2026-11-26T12:00:00.000Z");
const state = (id: string, changes: Partial<SourceState>): SourceState => ({
  ...pendingState(id, `https://example.org/${id}.rss`, NOW),
  ...changes,
});
const ok = (id: string, fetchedAt: string) =>
  state(id, { status: "ok", lastFetchedAt: fetchedAt, lastSuccessAt: fetchedAt, nextFetchAt: fetchedAt });

describe("source state records", () => {
  it("keep a 50-entry feed's entry hashes packed: the state under 1 KB, read back as written", async () => {
    const hashes = Array.from({ length: 50 }, (_, n) => entryHash(`<item>${n}</item>`, ["https://example.org/"]));
    expect(new Set(hashes).size).toBe(50);
    const full = state("packed", {
      status: "ok",
      title: "A section feed with a longish title",
      link: "https://example.org/section/world",
      etag: '"0a1b2c3d4e5f-gzip"',
      lastModified: "Thu, 26 Nov 2026 11:58:00 GMT",
      bodyHash: `3:${"x".repeat(43)}`,
      entryHashes: hashes,
      entryIds: hashes.map((_, n) =>
        idFingerprint(
          itemId({ canonicalUrl: `https://example.org/${n}`, sourceId: "packed", guid: null, title: null }),
        ),
      ),
    });
    const record = sourceRecord(full);
    expect(record.entryHashes).toBeInstanceOf(Uint8Array);
    const store = await createTestStore();
    // DynamoDB itself says what the write costs: one write unit (a record under 1 KB).
    const put = await store.kit.doc.send(
      new PutCommand({ TableName: store.table, Item: record, ReturnConsumedCapacity: "TOTAL" }),
    );
    expect(put.ConsumedCapacity?.CapacityUnits).toBe(1);
    await store.sources.save(full);
    const read = (await store.sources.states(["packed"])).get("packed");
    expect(read?.entryHashes).toEqual(hashes);
    expect(read?.entryIds).toEqual(full.entryIds);
    // States written under older reading rules (longer hashes) keep them as a list, read back as they were.
    const older = state("older", { entryHashes: ["abcdefghijklmnop", "qrstuvwxyz012345"] });
    expect(sourceRecord(older).entryHashes).toEqual(older.entryHashes);
    await store.sources.save(older);
    expect((await store.sources.states(["older"])).get("older")?.entryHashes).toEqual(older.entryHashes);
  });

  it("put only held-back sources in the held index, gone ones never due", () => {
    expect(sourceRecord(ok("a", NOW.toISOString()))).not.toHaveProperty("gsi1pk");
    expect(sourceRecord(state("p", {}))).not.toHaveProperty("gsi1pk");
    const failing = state("f", { status: "failing", nextFetchAt: "2026-11-26T13:00:00.000Z" });
    expect(sourceRecord(failing)).toMatchObject({ gsi1pk: "held", gsi1sk: "2026-11-26T13:00:00.000Z" });
    const gone = sourceRecord(state("g", { status: "gone", nextFetchAt: null }));
    expect(gone).toMatchObject({ gsi1pk: "held" });
    expect(String(gone.gsi1sk) > "9999").toBe(true);
    expect([failing, state("g", { status: "gone" })].every(isHeld)).toBe(true);
  });

  it("shows a healthy source's latest poll from the poll records, newest first, and leaves others alone", async () => {
    const store = await createTestStore();
    const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
    const states = [
      ok("quiet", at(-60).toISOString()), // polled since by two runs, its state not written
      ok("written", at(15).toISOString()), // its state is newer than every record
      state("failing", { status: "failing", lastFetchedAt: at(-5).toISOString(), lastError: "HTTP 500" }),
      ok("unlisted", at(-60).toISOString()), // in no record
    ];
    for (const s of states) await store.sources.save(s);
    await store.sources.recordPolls(new Map([["quiet", at(0.5).toISOString()]]), at(0), at(1));
    await store.sources.recordPolls(
      new Map([
        ["quiet", at(10.5).toISOString()],
        ["failing", at(10.5).toISOString()],
      ]),
      at(10),
      at(11),
    );
    await store.sources.recordPolls(new Map([["written", at(10.2).toISOString()]]), at(10), at(11));
    const current = await store.sources.current(
      states.map((s) => s.id),
      10,
      at(16),
    );
    expect(current.get("quiet")).toMatchObject({
      lastFetchedAt: at(10.5).toISOString(),
      lastSuccessAt: at(10.5).toISOString(),
      nextFetchAt: at(20).toISOString(),
    });
    expect(current.get("written")).toEqual(states[1]);
    expect(current.get("failing")).toEqual(states[2]);
    expect(current.get("unlisted")).toEqual(states[3]);
  });

  it("takes a poll's times only when it is newer than the state", () => {
    const s = ok("a", "2026-11-26T12:00:00.000Z");
    expect(asPolled(s, { fetchedAt: "2026-11-26T11:59:00.000Z", at: "2026-11-26T11:58:00.000Z" }, 10)).toBe(s);
    expect(asPolled(s, undefined, 10)).toBe(s);
    expect(asPolled(s, { fetchedAt: "2026-11-26T12:10:03.000Z", at: "2026-11-26T12:10:00.000Z" }, 10)).toMatchObject({
      lastFetchedAt: "2026-11-26T12:10:03.000Z",
      nextFetchAt: "2026-11-26T12:20:00.000Z",
    });
  });
});
