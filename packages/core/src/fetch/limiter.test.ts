import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { type Publisher, startPublisher } from "../../../../testkit/publisher.ts";
import { Fetcher, Limiter } from "./index.ts";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("Limiter", () => {
  it("holds the overall and the per-key limits", async () => {
    const limiter = new Limiter({ concurrency: 3, perKey: 2 });
    const running = new Map<string, number>();
    let peak = 0;
    const peakByKey = new Map<string, number>();
    const task = (key: string) =>
      limiter.run(key, async () => {
        running.set(key, (running.get(key) ?? 0) + 1);
        peak = Math.max(
          peak,
          [...running.values()].reduce((a, b) => a + b, 0),
        );
        peakByKey.set(key, Math.max(peakByKey.get(key) ?? 0, running.get(key) ?? 0));
        await tick();
        await tick();
        running.set(key, (running.get(key) ?? 1) - 1);
      });
    await Promise.all(["a", "a", "a", "a", "b", "b", "b", "c", "c"].map(task));
    expect(peak).toBe(3);
    expect(Math.max(...peakByKey.values())).toBe(2);
    expect(limiter.active).toBe(0);
  });

  it("grants slots in arrival order, letting others pass a key at its limit", async () => {
    const limiter = new Limiter({ concurrency: 2, perKey: 1 });
    const order: string[] = [];
    const first = await limiter.acquire("a");
    const waiting = ["a2", "b1", "a3", "c1"].map((name) =>
      limiter.acquire(name.charAt(0)).then((release) => {
        order.push(name);
        return release;
      }),
    );
    await tick();
    expect(order).toEqual(["b1"]);
    expect(limiter.pending).toBe(3);
    first();
    first(); // a second release does nothing
    await tick();
    expect(order).toEqual(["b1", "a2"]);
    for (const release of await Promise.all(waiting.slice(0, 2))) release();
    await tick();
    expect(order).toEqual(["b1", "a2", "a3", "c1"]);
    expect(limiter.active).toBe(2);
  });

  it("releases the slot when a task fails", async () => {
    const limiter = new Limiter({ concurrency: 1, perKey: 1 });
    await expect(limiter.run("a", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await limiter.run("a", async () => "next")).toBe("next");
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses a limit of %s", (value) => {
    expect(() => new Limiter({ concurrency: value, perKey: 1 })).toThrow(RangeError);
    expect(() => new Limiter({ concurrency: 1, perKey: value })).toThrow(RangeError);
  });
});

describe("Fetcher limits", () => {
  /** A fetcher whose hosts (a.test, b.test, c.test) all lead to `publisher` on 127.0.0.1. */
  const fetcherFor = (publisher: Publisher, concurrency: number, perHost: number) => {
    const port = Number(new URL(publisher.url).port);
    return new Fetcher({
      concurrency,
      perHost,
      timeoutMs: 10_000,
      maxBytes: 1 << 20,
      resolve: async () => [{ address: "127.0.0.1", family: 4 }],
      dial: () => connect({ host: "127.0.0.1", port }),
    });
  };

  it.each([
    { concurrency: 3, perHost: 2, hosts: ["a.test", "b.test", "c.test"], overall: 3 },
    { concurrency: 10, perHost: 2, hosts: ["a.test", "b.test"], overall: 4 },
    { concurrency: 2, perHost: 5, hosts: ["a.test", "b.test"], overall: 2 },
  ])("keeps at most $concurrency in flight and $perHost per host", async ({ concurrency, perHost, hosts, overall }) => {
    const publisher = await startPublisher();
    try {
      publisher.set("/slow", { delayMs: 150, body: "<rss/>" });
      const fetcher = fetcherFor(publisher, concurrency, perHost);
      const urls = hosts.flatMap((host) => Array.from({ length: 4 }, () => `http://${host}/slow`));
      const results = await Promise.all(urls.map((url) => fetcher.fetch({ url })));
      expect(results.every((result) => result.status === "ok")).toBe(true);
      expect(publisher.requests).toHaveLength(urls.length);
      expect(publisher.maxInFlight()).toBe(overall);
      for (const host of hosts) expect(publisher.maxInFlight(host)).toBeLessThanOrEqual(Math.min(perHost, overall));
      expect(Math.max(...hosts.map((host) => publisher.maxInFlight(host)))).toBe(Math.min(perHost, 4, overall));
    } finally {
      await publisher.close();
    }
  });
});
