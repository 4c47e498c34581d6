import path from "node:path";
import { type Engine, engineKind, freePort, portFree, startEngine, waitForEndpoint } from "./engine.ts";
import { claimLease, type Lease, latestLease, leaseLive, releaseLease } from "./engine-lease.ts";

/** How long a command waits for an engine another process is starting (DynamoDB Local starts a JVM). */
const JOIN_WAIT_MS = 60_000;
/** How often a command that joined the engine checks that its owner still runs it. */
const WATCH_EVERY_MS = 1_000;

/** Options of `openEmbeddedEngine`. */
export interface SharedEngineOptions {
  /** Told, in one line, when this command starts the engine again after its owner stopped. */
  log?: (line: string) => void;
}

/** The engine's name as the commands print it. */
export function engineName(engine: Pick<Engine, "kind">): string {
  return engine.kind === "dynamodb-local" ? "DynamoDB Local" : "dynalite (no Java 17 found)";
}

/**
 * Claims the next generation after `previous` and starts the engine on `port`, keeping its data in
 * `dataDir`. Null when another process won that generation. Throws when the engine does not start (the
 * claim is then released).
 */
async function claimAndStart(dataDir: string, previous: Lease | null, port: number): Promise<Engine | null> {
  const kind = previous?.kind ?? engineKind();
  const lease: Lease = {
    generation: (previous?.generation ?? 0) + 1,
    pid: process.pid,
    kind,
    port,
    endpoint: `http://127.0.0.1:${port}`,
  };
  if (!claimLease(dataDir, lease)) return null;
  let engine: Engine;
  try {
    engine = await startEngine({ dataDir, port, kind });
  } catch (error) {
    releaseLease(dataDir, lease);
    throw error;
  }
  let stopped: Promise<void> | null = null;
  // However this process ends, the lease says its engine stopped (the engine itself goes with it: see engine.ts).
  const releaseOnExit = () => releaseLease(dataDir, lease);
  process.once("exit", releaseOnExit);
  return {
    ...engine,
    // Once: a second call must not write the lease again after a newer one replaced it.
    stop: () => {
      process.removeListener("exit", releaseOnExit);
      stopped ??= engine.stop().then(() => releaseLease(dataDir, lease));
      return stopped;
    },
  };
}

/**
 * A port for a fresh start after `previous`: its port when free (a command that joined it and is taking it
 * over keeps pointing there), else any free one.
 */
async function portAfter(previous: Lease | null): Promise<number> {
  if (previous && (await portFree(previous.port))) return previous.port;
  return freePort();
}

/**
 * The engine of a data folder, shared by the local commands: joins the one another process already runs
 * there, or starts it (recording a lease, see `engine-lease.ts`). A command that joined checks every second
 * that the owner still runs it; once the owner has stopped (or died), one of the commands that joined starts
 * it again on the same port and data, so the others keep their clients and nothing stored is lost. `stop()`
 * stops the engine only when this process runs it at that moment; `owned` says whether it does.
 * Throws when the engine cannot be started, or another process claimed it and it did not answer in 60 s.
 */
export async function openEmbeddedEngine(dataDir: string, options: SharedEngineOptions = {}): Promise<Engine> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = latestLease(dataDir);
    if (current && leaseLive(current)) {
      const stillLive = () => {
        const latest = latestLease(dataDir);
        return latest?.generation === current.generation && leaseLive(latest);
      };
      try {
        await waitForEndpoint(current.endpoint, null, JOIN_WAIT_MS, () => !stillLive());
      } catch (error) {
        if (stillLive()) throw error;
        continue; // its owner stopped while we waited: start it, or join whoever did
      }
      return joinedEngine(dataDir, current, options);
    }
    const started = await claimAndStart(dataDir, current, await portAfter(current));
    if (started) return started;
  }
  throw new Error(`the engine in ${dataDir} changed hands too often while this command started`);
}

/** An engine another process runs, watched so that this one starts it again when that process stops. */
function joinedEngine(dataDir: string, joined: Lease, options: SharedEngineOptions): Engine {
  let watched = joined;
  let own: Engine | null = null;
  let stopping = false;
  let busy: Promise<unknown> = Promise.resolve();

  const takeOver = async (previous: Lease) => {
    // On the port this command's clients use (every takeover keeps it, so the other commands' clients too).
    if (!(await portFree(joined.port))) return; // the old engine is still exiting: next time
    const started = await claimAndStart(dataDir, previous, joined.port);
    if (!started) return; // another command won: it is watched from the next check on
    if (stopping) return started.stop();
    own = started;
    const where = path.relative(process.cwd(), path.join(dataDir, started.kind)) || ".";
    options.log?.(
      `store: ${engineName(started)} stopped with the command that ran it; started again here, data in ${where}/, at ${started.endpoint}`,
    );
  };

  const check = async () => {
    if (own || stopping) return;
    const latest = latestLease(dataDir) ?? watched;
    if (leaseLive(latest)) {
      watched = latest;
      return;
    }
    await takeOver(latest).catch((error: unknown) =>
      options.log?.(`store: could not start the engine again: ${(error as Error).message}`),
    );
  };

  let checking = false;
  const timer = setInterval(() => {
    if (own || stopping || checking) return;
    checking = true;
    busy = check().finally(() => {
      checking = false;
    });
  }, WATCH_EVERY_MS);
  timer.unref();

  return {
    kind: joined.kind,
    endpoint: joined.endpoint,
    dataDir: path.join(dataDir, joined.kind),
    get owned() {
      return own !== null;
    },
    stop: async () => {
      stopping = true;
      clearInterval(timer);
      await busy;
      await own?.stop();
    },
  };
}
