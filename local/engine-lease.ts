import { linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { EngineKind } from "./engine.ts";

/**
 * Who runs the engine of a data folder, as `<dataDir>/engine/lease-<generation>.json`. Each start of the
 * engine (the first, and each takeover after its process stopped) claims the next generation; the file is
 * created whole and only if missing, so of processes claiming the same generation exactly one wins.
 */
export interface Lease {
  /** 1 for the first start in this folder, then one more for each takeover. */
  generation: number;
  /** The process that runs the engine. */
  pid: number;
  kind: EngineKind;
  /** Loopback port of the engine: kept by every takeover, so the clients of the others need not change. */
  port: number;
  endpoint: string;
  /** Written by the owner once its engine has exited. */
  stopped?: boolean;
}

const LEASE_NAME = /^lease-(\d+)\.json$/;

function leaseFolder(dataDir: string): string {
  return path.join(dataDir, "engine");
}

function leaseFile(dataDir: string, generation: number): string {
  return path.join(leaseFolder(dataDir), `lease-${generation}.json`);
}

/** The lease of the highest generation in `dataDir`, or null when there is none (or it cannot be read). */
export function latestLease(dataDir: string): Lease | null {
  let names: string[];
  try {
    names = readdirSync(leaseFolder(dataDir));
  } catch {
    return null;
  }
  const generations = names.map((name) => Number(LEASE_NAME.exec(name)?.[1] ?? Number.NaN)).filter(Number.isFinite);
  if (generations.length === 0) return null;
  try {
    return JSON.parse(readFileSync(leaseFile(dataDir, Math.max(...generations)), "utf8")) as Lease;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True while the lease's process runs and has not said its engine stopped. */
export function leaseLive(lease: Lease): boolean {
  return !lease.stopped && processAlive(lease.pid);
}

function writeTemp(dataDir: string, lease: Lease): string {
  const temp = path.join(leaseFolder(dataDir), `.lease-${process.pid}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(temp, JSON.stringify(lease));
  return temp;
}

/**
 * Claims `lease.generation`: true when this process won it (older leases are then removed), false when
 * another process holds that generation already. Throws on file-system errors.
 */
export function claimLease(dataDir: string, lease: Lease): boolean {
  mkdirSync(leaseFolder(dataDir), { recursive: true });
  const temp = writeTemp(dataDir, lease);
  try {
    // link(2) creates the name atomically, whole, and fails with EEXIST when it exists.
    linkSync(temp, leaseFile(dataDir, lease.generation));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  for (const name of readdirSync(leaseFolder(dataDir))) {
    const generation = Number(LEASE_NAME.exec(name)?.[1] ?? Number.NaN);
    if (generation < lease.generation) rmSync(path.join(leaseFolder(dataDir), name), { force: true });
  }
  return true;
}

/** Records that the engine of `lease` has exited (replacing the file whole), so another may start it. */
export function releaseLease(dataDir: string, lease: Lease): void {
  const temp = writeTemp(dataDir, { ...lease, stopped: true });
  renameSync(temp, leaseFile(dataDir, lease.generation));
}
