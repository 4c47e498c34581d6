import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClients, ensureTable } from "@tributary/core/store";
import { afterEach, describe, expect, it } from "vitest";
import type { Engine } from "./engine.ts";
import { claimLease, type Lease, latestLease, leaseLive, releaseLease } from "./engine-lease.ts";
import { openEmbeddedEngine } from "./shared-engine.ts";

const opened: Engine[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((engine) => engine.stop()));
}, 60_000);

function folder(): string {
  return mkdtempSync(path.join(tmpdir(), "tributary-lease-"));
}

function lease(generation: number, pid = process.pid): Lease {
  return { generation, pid, kind: "dynalite", port: 1, endpoint: "http://127.0.0.1:1" };
}

describe("engine leases", () => {
  it("gives each generation to exactly one claimant and keeps only the latest", () => {
    const dir = folder();
    expect(latestLease(dir)).toBeNull();
    expect(claimLease(dir, lease(1))).toBe(true);
    expect(claimLease(dir, { ...lease(1), port: 2 })).toBe(false);
    expect(latestLease(dir)).toEqual(lease(1));
    expect(claimLease(dir, lease(2))).toBe(true);
    expect(readdirSync(path.join(dir, "engine"))).toEqual(["lease-2.json"]);
    expect(latestLease(dir)?.generation).toBe(2);
  });

  it("is live while its process runs and until it is released", () => {
    const dir = folder();
    claimLease(dir, lease(1));
    expect(leaseLive(latestLease(dir) as Lease)).toBe(true);
    releaseLease(dir, lease(1));
    expect(latestLease(dir)).toEqual({ ...lease(1), stopped: true });
    expect(leaseLive(latestLease(dir) as Lease)).toBe(false);
    // A pid above Linux's pid_max (2^22) names no process.
    expect(leaseLive(lease(2, 2 ** 22 + 1))).toBe(false);
  });
});

async function until(what: string, probe: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("openEmbeddedEngine", () => {
  it("starts one engine for commands opening it at once; one that joined runs it when the owner stops", async () => {
    const dir = folder();
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const engines = await Promise.all([openEmbeddedEngine(dir, { log }), openEmbeddedEngine(dir, { log })]);
    opened.push(...engines);
    const [owner, joined] = engines[0]?.owned ? engines : [...engines].reverse();
    if (!owner || !joined) throw new Error("two engines expected");
    expect([owner.owned, joined.owned]).toEqual([true, false]);
    expect(joined.endpoint).toBe(owner.endpoint);
    const { client } = createClients({ endpoint: joined.endpoint });
    expect(await ensureTable(client, "kept")).toBe("created");

    await owner.stop();
    expect(latestLease(dir)).toMatchObject({ generation: 1, stopped: true });
    await until("the takeover", () => joined.owned);
    expect(latestLease(dir)).toMatchObject({ generation: 2, pid: process.pid, endpoint: joined.endpoint });
    // The same data, through the client made before the takeover.
    expect(await ensureTable(client, "kept")).toBe("exists");
    expect(lines).toEqual([expect.stringMatching(/stopped with the command that ran it; started again here/)]);
    client.destroy();

    await joined.stop();
    expect(latestLease(dir)).toMatchObject({ generation: 2, stopped: true });
  }, 120_000);
});
