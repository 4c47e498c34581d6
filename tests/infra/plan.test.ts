/** The queue and worker settings keep the fetch limits for every configuration; messages are grouped and deduplicated. */

import { pollerPlan } from "@tributary/core/aws";
import { POLL_DEFAULTS, validateConfig } from "@tributary/core/config";
import { describe, expect, it } from "vitest";
import { deduplicationId, messageGroupId, parsePollMessage, pollEntries } from "../../functions/poller/messages.ts";

describe("pollerPlan", () => {
  it("keeps concurrency and perHost across workers, within Lambda's and SQS's limits, for every configuration", () => {
    for (let concurrency = 1; concurrency <= 256; concurrency++) {
      for (const perHost of [1, 2, 3, 8, 64]) {
        for (const timeoutMs of [100, 15_000, 60_000, 300_000]) {
          const poll = { ...POLL_DEFAULTS, everyMinutes: 10, concurrency, perHost, timeoutMs, maxBytes: 1 << 20 };
          const plan = pollerPlan(poll);
          const where = JSON.stringify(poll);
          expect(plan.maxWorkers * plan.fetcher.concurrency, where).toBeLessThanOrEqual(concurrency);
          expect(plan.groupsPerHost * plan.fetcher.perHost, where).toBeLessThanOrEqual(perHost);
          expect(plan.fetcher.concurrency, where).toBeGreaterThanOrEqual(1);
          expect(plan.batchSize, where).toBeGreaterThanOrEqual(1);
          expect(plan.batchSize, where).toBeLessThanOrEqual(10);
          expect(plan.workerTimeoutSeconds, where).toBeLessThanOrEqual(900);
          // An invocation's sources, all of one host and fetched one after another, fit in the worker's timeout.
          const perInvocation = plan.batchSize * plan.sourcesPerMessage;
          expect(perInvocation * timeoutMs, where).toBeLessThan(plan.workerTimeoutSeconds * 1000);
          expect(plan.fetcher.concurrency, where).toBeLessThanOrEqual(perInvocation);
          expect(plan.groupBuckets, where).toBeGreaterThanOrEqual(plan.maxWorkers);
          expect(plan.visibilityTimeoutSeconds, where).toBeGreaterThanOrEqual(plan.workerTimeoutSeconds);
          expect(plan.visibilityTimeoutSeconds, where).toBeLessThanOrEqual(43_200);
          if (plan.maxConcurrency === null) {
            expect(plan.reservedConcurrency, where).toBe(1);
            expect(plan.maxWorkers, where).toBe(1);
          } else {
            expect(plan.maxConcurrency, where).toBe(plan.maxWorkers);
            expect(plan.maxConcurrency, where).toBeGreaterThanOrEqual(2);
            expect(plan.maxConcurrency, where).toBeLessThanOrEqual(1000);
          }
        }
      }
    }
  });

  it("gives the default limits two workers of four fetches, batches of ten messages of three sources", () => {
    const plan = pollerPlan({
      ...POLL_DEFAULTS,
      everyMinutes: 10,
      concurrency: 8,
      perHost: 2,
      timeoutMs: 15_000,
      maxBytes: 5 << 20,
    });
    expect(plan).toMatchObject({
      batchSize: 10,
      sourcesPerMessage: 3,
      maxWorkers: 2,
      maxConcurrency: 2,
      groupsPerHost: 2,
    });
    expect(plan.fetcher).toEqual({ concurrency: 4, perHost: 1, timeoutMs: 15_000, maxBytes: 5 << 20 });
  });

  it("polls 50 sources an invocation, 16 at once, when the fetch timeout allows and the concurrency is high", () => {
    const plan = pollerPlan({
      ...POLL_DEFAULTS,
      everyMinutes: 10,
      concurrency: 128,
      perHost: 2,
      timeoutMs: 5_000,
      maxBytes: 5 << 20,
    });
    expect(plan).toMatchObject({ batchSize: 10, sourcesPerMessage: 5, maxWorkers: 8 });
    expect(plan.fetcher.concurrency).toBe(16);
  });
});

describe("poll messages", () => {
  const config = validateConfig({
    title: "T",
    sources: [
      { id: "a1", url: "https://a.example/1.rss" },
      { id: "a2", url: "https://A.example/2.rss" },
      { id: "a3", url: "https://a.example/3.rss" },
      { id: "b1", url: "https://b.example/1.rss" },
    ],
    topics: [{ slug: "all", title: "All", sources: ["*"] }],
    poll: { everyMinutes: 10, perHost: 2 },
  });
  const at = new Date("2025-03-01T10:04:00Z");

  it("deals each host's due sources over perHost groups, skipping unknown ids", () => {
    const entries = pollEntries(config, ["a1", "a2", "a3", "b1", "gone"], at);
    expect(entries.map((e) => [parsePollMessage(e.MessageBody)?.sourceIds, e.MessageGroupId])).toEqual([
      [["a1"], "a.example#0"],
      [["a3"], "a.example#0"],
      [["a2"], "a.example#1"],
      [["b1"], "b.example#0"],
    ]);
    expect(new Set(entries.map((e) => e.Id)).size).toBe(4);
    expect(parsePollMessage(entries[0]?.MessageBody ?? "")).toEqual({
      sourceIds: ["a1"],
      scheduledAt: at.toISOString(),
    });
  });

  it("packs a group's sources into messages, hosts of one bucket together, each host's slots apart", () => {
    const entries = pollEntries(config, ["a1", "a2", "a3", "b1", "gone"], at, {
      sourcesPerMessage: 2,
      groupBuckets: 1,
    });
    expect(entries.map((e) => [parsePollMessage(e.MessageBody)?.sourceIds, e.MessageGroupId])).toEqual([
      [["a1", "a3"], "b0#0"],
      [["b1"], "b0#0"],
      [["a2"], "b0#1"],
    ]);
    // A retried run packs the same sources the same way: same deduplication ids within the schedule's window
    // (`minMinutes`, the schedule's rate: 10:00–10:05 here); another window, new ones.
    const again = pollEntries(config, ["a1", "a2", "a3", "b1"], new Date(at.getTime() + 30_000), {
      sourcesPerMessage: 2,
      groupBuckets: 1,
    });
    expect(again.map((e) => e.MessageDeduplicationId)).toEqual(entries.map((e) => e.MessageDeduplicationId));
    const next = pollEntries(config, ["a1", "a2", "a3", "b1"], new Date(at.getTime() + 10 * 60_000), {
      sourcesPerMessage: 2,
      groupBuckets: 1,
    });
    expect(next.map((e) => e.MessageDeduplicationId)).not.toContain(entries[0]?.MessageDeduplicationId);
    // Every host lands in one bucket, whatever the number of buckets.
    for (const host of ["a.example", "b.example", "c.example"]) {
      expect(messageGroupId(host, 1, 7)).toMatch(/^b[0-6]#1$/);
      expect(messageGroupId(host, 0, 7).split("#")[0]).toBe(messageGroupId(host, 1, 7).split("#")[0]);
    }
  });

  it("deduplicates a source within one schedule window, not across windows", () => {
    const id = (iso: string) => deduplicationId("a1", new Date(iso), 10);
    expect(id("2025-03-01T10:04:00Z")).toBe(id("2025-03-01T10:09:59Z"));
    expect(id("2025-03-01T10:04:00Z")).not.toBe(id("2025-03-01T10:10:00Z"));
    expect(id("2025-03-01T10:04:00Z")).toBe("a1@2025-03-01T10:00:00.000Z");
  });

  it("keeps group ids within SQS's 128 characters", () => {
    const host = `${"x".repeat(60)}.${"y".repeat(60)}.example`;
    expect(messageGroupId(host, 1).length).toBeLessThanOrEqual(128);
    expect(messageGroupId(host, 1)).not.toBe(messageGroupId(host, 0));
    expect(messageGroupId("a.example", 1)).toBe("a.example#1");
  });

  it("reads only poll messages", () => {
    expect(parsePollMessage("{}")).toBeNull();
    expect(parsePollMessage("nope")).toBeNull();
    expect(parsePollMessage('{"sourceId":""}')).toBeNull();
    expect(parsePollMessage('{"sourceIds":[]}')).toBeNull();
    expect(parsePollMessage('{"sourceIds":["a1",3]}')).toBeNull();
    // Messages of the previous shape, still queued during a deploy, are read as one source.
    expect(parsePollMessage('{"sourceId":"a1"}')).toEqual({ sourceIds: ["a1"], scheduledAt: "" });
    expect(parsePollMessage('{"sourceIds":["a1","b2"],"scheduledAt":"x"}')).toEqual({
      sourceIds: ["a1", "b2"],
      scheduledAt: "x",
    });
  });
});
