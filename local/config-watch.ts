/**
 * A running `npm start` or `npm run serve` follows its configuration file: an edit that validates replaces the
 * running configuration, an invalid one is refused with its problems and the running configuration stays.
 */
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { type Config, configFileName, loadConfig } from "@tributary/core/config";
import { ConfigError, type ConfigProblem } from "@tributary/core/errors";

/** How often the file is looked at, in milliseconds. */
export const CONFIG_POLL_MS = 1_000;
/** How long a change must rest before it is read, in milliseconds: editors write a file in several steps. */
const SETTLE_MS = 150;

/** What the watcher tells its owner. */
export interface ConfigWatchHandlers {
  /** A changed file validated and differs from the running configuration: use `config` from now on. */
  onChange(config: Config): void | Promise<void>;
  /** A changed file does not validate: `problems` name their paths; the running configuration stays. */
  onInvalid(problems: ConfigProblem[]): void;
}

/** A running watch. */
export interface ConfigWatch {
  /** Looks at the file now (tests, and the interval's own tick); resolves once a change found is handled. */
  check(): Promise<void>;
  stop(): void;
}

/** The file's bytes as a hash, or null when it cannot be read (missing for a moment while an editor replaces it). */
async function contentHash(file: string): Promise<string | null> {
  try {
    return createHash("sha256")
      .update(await readFile(file))
      .digest("hex");
  } catch {
    return null;
  }
}

/** What changes when a file is written or replaced: its modification time, size and inode. */
async function signature(file: string): Promise<string | null> {
  try {
    const info = await stat(file);
    return `${info.mtimeMs}:${info.size}:${info.ino}`;
  } catch {
    return null;
  }
}

/**
 * Watches the configuration `file` by polling its modification time, size and inode every `intervalMs`
 * (`fs.watch` loses a file that an editor replaces by renaming another over it; a look at the path does not).
 * When they change and the bytes differ from those last read, the file is loaded anew (`loadConfig` with
 * `fresh`, through `adapt` — the demo points its sources at its local publisher) and compared with the running
 * configuration: a valid, different one goes to `onChange`, an invalid one to `onInvalid` once per content.
 * Looks never overlap; the timer does not keep the process alive. A look that fails otherwise is said on stderr
 * (with `json`, the JSON line `{"event":"config-reload-error","file","error"}`).
 * @example
 * const watch = watchConfig(configLocation(), config, { onChange: use, onInvalid: print });
 */
export function watchConfig(
  file: string,
  running: Config,
  handlers: ConfigWatchHandlers,
  options: { intervalMs?: number; adapt?: (config: Config) => Config; json?: boolean } = {},
): ConfigWatch {
  let current = JSON.stringify(running);
  let seen: string | null = null;
  let lastBytes: string | null = null;
  let looking: Promise<void> | null = null;
  let stopped = false;
  const ready = (async () => {
    seen = await signature(file);
    lastBytes = await contentHash(file);
  })();

  const look = async () => {
    await ready;
    const now = await signature(file);
    if (now === null || now === seen) return;
    // Let the writer finish, then read what rests.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    seen = await signature(file);
    const bytes = await contentHash(file);
    if (bytes === null || bytes === lastBytes) return;
    lastBytes = bytes;
    let next: Config;
    try {
      next = await loadConfig(file, { fresh: true });
    } catch (error) {
      if (stopped) return;
      handlers.onInvalid(
        error instanceof ConfigError
          ? error.problems
          : [{ path: configFileName(file), message: (error as Error).message }],
      );
      return;
    }
    const adapted = options.adapt ? options.adapt(next) : next;
    const text = JSON.stringify(adapted);
    if (text === current || stopped) return;
    current = text;
    await handlers.onChange(adapted);
  };

  const check = () => {
    looking ??= look()
      .catch((error: unknown) => {
        const [shown, message] = [configFileName(file), (error as Error).message];
        const line = { event: "config-reload-error", file: shown, error: message };
        console.error(options.json ? JSON.stringify(line) : `configuration: could not reload ${shown}: ${message}`);
      })
      .finally(() => {
        looking = null;
      });
    return looking;
  };
  const timer = setInterval(() => void check(), options.intervalMs ?? CONFIG_POLL_MS);
  timer.unref();
  return {
    check,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
