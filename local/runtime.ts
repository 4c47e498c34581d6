import path from "node:path";
import type { Config } from "@tributary/core/config";
import { configFileName, configLocation, loadConfig } from "@tributary/core/config";
import { ConfigError } from "@tributary/core/errors";
import { openStore, type Store } from "@tributary/core/store";
import type { Engine } from "./engine.ts";
import { outputMode } from "./poll-output.ts";
import { engineName, openEmbeddedEngine } from "./shared-engine.ts";

// The locked AWS SDK runs on Node.js 20; its notice about SDK versions still to come is not for the local commands.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/**
 * Exit statuses of the commands: 0 the cycle ran, 1 storage unreachable or failing or another start-up failure
 * (a port in use), 2 invalid configuration.
 */
export const EXIT = { ok: 0, storage: 1, startup: 1, config: 2 } as const;

/**
 * A start-up failure in one line, for people (`Tributary could not start: …`) or as a JSON line
 * `{"event":"startup-failed","error"}`: the error's own words, a port in use or not allowed said plainly.
 */
export function startupFailureLine(error: unknown, json: boolean): string {
  const reason = startupReason(error);
  return json ? JSON.stringify({ event: "startup-failed", error: reason }) : `Tributary could not start: ${reason}`;
}

/**
 * Says in one line why the command could not start (`startupFailureLine`; a JSON line when the command prints
 * JSON lines) and exits with status 1. Whatever it started goes with it: an embedded engine it runs stops with
 * the process.
 */
export function exitOnStartupFailure(error: unknown, json = outputMode(process.argv.slice(2)) === "json"): never {
  console.error(startupFailureLine(error, json));
  process.exit(EXIT.startup);
}

/** What went wrong at start-up, in a few words. */
function startupReason(error: unknown): string {
  const { code, port } = (error ?? {}) as { code?: string; port?: number };
  if (code === "EADDRINUSE") {
    return `port ${port} on 127.0.0.1 is in use (another server, perhaps Tributary, runs there): stop it, or set PORT to a free port`;
  }
  if (code === "EACCES") return `port ${port} may not be used by this user: set PORT to one above 1023`;
  return error instanceof Error ? error.message : String(error);
}

/** The HTTP port when `PORT` is unset or empty. */
export const DEFAULT_PORT = 3000;

/** `PORT` not a port: what is wrong, in the words the start-up failure line gives. */
export class PortError extends Error {
  constructor(readonly value: string) {
    super(`PORT must be a whole number from 0 to 65535 (0: any free port), not ${JSON.stringify(value.slice(0, 40))}`);
    this.name = "PortError";
  }
}

/**
 * The HTTP port the server listens on (TCP, 0–65535; 0 asks for any free port): `PORT` in decimal digits, or
 * `DEFAULT_PORT` when unset or empty.
 * @throws PortError for anything else (`abc`, `-1`, `65536`, `3000.5`, ` 80`).
 * @example listenPort({ PORT: "8080" }) // 8080
 */
export function listenPort(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.PORT;
  if (value === undefined || value === "") return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) throw new PortError(value);
  return Number(value);
}

/** `listenPort`, or the start-up failure line naming `PORT` (`exitOnStartupFailure`) and exit status 1. */
export function listenPortOrExit(env: NodeJS.ProcessEnv = process.env): number {
  try {
    return listenPort(env);
  } catch (error) {
    if (!(error instanceof PortError)) throw error;
    return exitOnStartupFailure(error);
  }
}

/**
 * Loads the configuration, or prints `Invalid configuration (<file>):`, the file named by its absolute path
 * (`configFileName`), then one line per problem — with `json`, the one JSON line
 * `{"event":"config-invalid","file","problems":[{path,message}]}` a running stack prints for an invalid edit — and
 * exits with status 2.
 */
export async function loadConfigOrExit(file = configLocation(), options: { json?: boolean } = {}): Promise<Config> {
  try {
    return await loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) {
      const shown = configFileName(file);
      if (options.json)
        console.error(JSON.stringify({ event: "config-invalid", file: shown, problems: error.problems }));
      else {
        console.error(`Invalid configuration (${shown}):`);
        for (const problem of error.problems) console.error(`${problem.path}: ${problem.message}`);
      }
      process.exit(EXIT.config);
    }
    throw error;
  }
}

/** The store could not be opened: `where` names it (an endpoint or the embedded engine's folder). */
export class StorageUnreachableError extends Error {
  /** Why, in a few words: the SDK's message or the error code (`ECONNREFUSED`). */
  readonly reason: string;
  constructor(
    readonly where: string,
    cause: unknown,
  ) {
    const reason = describeCause(cause);
    super(`storage unreachable: ${where}: ${reason}`, { cause });
    this.name = "StorageUnreachableError";
    this.reason = reason;
  }
}

/** The most telling message of an error: the SDK's, else its code (ECONNREFUSED), else its name. */
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const nested = (cause as { errors?: unknown[] }).errors?.[0];
  if (!cause.message && nested instanceof Error) return nested.message;
  return cause.message || (cause as { code?: string }).code || cause.name;
}

/** The store the local commands share, and how to let go of it. */
export interface LocalStore {
  store: Store;
  engine: Engine | null;
  close(): Promise<void>;
}

/**
 * Opens the store: `DYNAMODB_ENDPOINT` when set, else the embedded engine kept in `dataDir` (joining the one
 * another command already runs there, and starting it again on the same port and data if that command stops
 * first). Creates the table when missing. Says in one line what it uses, and `log`s a takeover: on stderr unless
 * `log` is given, as the JSON line `{"event":"store","message"}` with `json`.
 * Throws `StorageUnreachableError` when the store cannot be opened.
 */
export async function openLocalStore(
  config: Config,
  options: { dataDir?: string; log?: (line: string) => void; json?: boolean } = {},
): Promise<LocalStore> {
  const log =
    options.log ??
    ((line: string) => console.error(options.json ? JSON.stringify({ event: "store", message: line }) : line));
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (endpoint) {
    const store = await openStore({ endpoint, retentionDays: config.retentionDays, createTable: true }).catch(
      (error: unknown) => {
        throw new StorageUnreachableError(`DynamoDB at ${endpoint}`, error);
      },
    );
    log(`store: DynamoDB at ${endpoint}, table ${store.table}`);
    return { store, engine: null, close: async () => store.close() };
  }
  const dataDir = path.resolve(options.dataDir ?? process.env.TRIBUTARY_DATA ?? ".data");
  const engine = await openEmbeddedEngine(dataDir, { log }).catch((error: unknown) => {
    throw new StorageUnreachableError(`the embedded engine in ${dataDir}`, error);
  });
  const store = await openStore({
    endpoint: engine.endpoint,
    retentionDays: config.retentionDays,
    createTable: true,
  }).catch(async (error: unknown) => {
    await engine.stop();
    throw new StorageUnreachableError(`the embedded engine at ${engine.endpoint}`, error);
  });
  const name = engineName(engine);
  // Absolute: the folder is the same whatever the working directory of the command that prints it.
  const where = path.resolve(engine.dataDir ?? dataDir);
  log(
    `store: ${name} ${engine.owned ? "started" : "joined"}, data in ${where}${path.sep}, at ${engine.endpoint}, table ${store.table}`,
  );
  return {
    store,
    engine,
    close: async () => {
      store.close();
      await engine.stop();
    },
  };
}

/**
 * `openLocalStore`, or one line saying which storage is unreachable and why (a JSON line
 * `{"event":"storage-unreachable","storage","error"}` when `json`), then exit with status 1 (the exit status of storage unreachable).
 */
export async function openLocalStoreOrExit(
  config: Config,
  options: { dataDir?: string; log?: (line: string) => void; json: boolean },
): Promise<LocalStore> {
  try {
    return await openLocalStore(config, options);
  } catch (error) {
    if (!(error instanceof StorageUnreachableError)) throw error;
    console.error(
      options.json
        ? JSON.stringify({ event: "storage-unreachable", storage: error.where, error: error.reason })
        : error.message,
    );
    process.exit(EXIT.storage);
  }
}
