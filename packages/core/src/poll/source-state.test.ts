import { describe, expect, it } from "vitest";
import { pendingState, type SourceState } from "../store/index.ts";
import { stateChanged } from "./source-state.ts";

const base: SourceState = {
  ...pendingState("a", "https://example.org/a.rss", new Date("2026-11-26T12:00:00.000Z")),
  status: "ok",
  etag: '"v1"',
  bodyHash: "r1:abc",
  entryHashes: ["h1", "h2"],
  lastFetchedAt: "2026-11-26T12:00:00.000Z",
  lastSuccessAt: "2026-11-26T12:00:00.000Z",
};

describe("a source's state is written when more than its poll times change", () => {
  it("not for new poll times alone, nor for equal entry hashes", () => {
    const later = "2026-11-26T12:10:00.000Z";
    const polled = { ...base, lastFetchedAt: later, lastSuccessAt: later, nextFetchAt: later };
    expect(stateChanged(base, polled)).toBe(false);
    expect(stateChanged(base, { ...polled, entryHashes: ["h1", "h2"] })).toBe(false);
  });

  it("not for the same publisher hints read back in another key order; for other hints", () => {
    const hints = { freshMinutes: 60, ttlMinutes: null, updateMinutes: null, skipHours: [1], skipDays: [] };
    const stored = {
      ...base,
      hints: { skipDays: [], skipHours: [1], updateMinutes: null, ttlMinutes: null, freshMinutes: 60 },
    };
    expect(stateChanged(stored, { ...base, hints })).toBe(false);
    expect(stateChanged(stored, { ...base, hints: { ...hints, freshMinutes: 30 } })).toBe(true);
    expect(stateChanged(stored, { ...base, hints: { ...hints, skipHours: [1, 2] } })).toBe(true);
  });

  it("for validators, hashes, status, errors, Retry-After and feed info", () => {
    const changes: Partial<SourceState>[] = [
      { etag: '"v2"' },
      { lastModified: "Thu, 26 Nov 2026 12:00:00 GMT" },
      { bodyHash: "r1:def" },
      { entryHashes: ["h1"] },
      { status: "failing" },
      { consecutiveErrors: 1 },
      { lastError: "HTTP 500" },
      { retryAfterUntil: "2026-11-26T13:00:00.000Z" },
      { title: "A" },
    ];
    for (const change of changes) expect(stateChanged(base, { ...base, ...change }), JSON.stringify(change)).toBe(true);
  });
});
