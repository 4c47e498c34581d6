/**
 * The arguments of `npm run poll`: `--due`, `--json`, `--source ID…` (SPEC §5). What they select, or the problems
 * that make the command exit 2, one line each.
 */
import type { Config } from "@tributary/core/config";
import type { CycleSelection } from "@tributary/core/poll";

/** What `npm run poll` was asked for: the cycle's selection and whether JSON lines were. */
export type PollArgs = { ok: true; selection: CycleSelection; json: boolean } | { ok: false; problems: string[] };

/**
 * Reads `npm run poll`'s arguments against the configuration. `--source` takes the ids after it (up to the next
 * `--` option; `--source=ID` too, and it may be repeated): an unknown id or one of a disabled source is a problem,
 * as are `--source` without ids, `--source` with `--due`, and options it does not know. A `--` is passed over.
 * @example parsePollArgs(["--source", "a", "b", "--json"], config) // { ok: true, selection: { mode: "ids", ids: ["a", "b"], manual: true }, json: true }
 */
export function parsePollArgs(argv: readonly string[], config: Config): PollArgs {
  const problems: string[] = [];
  const ids: string[] = [];
  let due = false;
  let json = false;
  let sourceGiven = false;
  let inSource = false;
  for (const arg of argv) {
    // A `--` npm handed on is passed over, as every command does (local/args.ts).
    if (arg === "--") continue;
    if (arg === "--due") due = true;
    else if (arg === "--json") json = true;
    else if (arg === "--source") sourceGiven = inSource = true;
    else if (arg.startsWith("--source=")) {
      sourceGiven = true;
      ids.push(...arg.slice("--source=".length).split(",").filter(Boolean));
    } else if (arg.startsWith("-")) problems.push(`unknown option ${arg} (options: --due, --json, --source ID…)`);
    else if (inSource) ids.push(arg);
    else problems.push(`unexpected argument "${arg}" (ids follow --source)`);
    if (arg.startsWith("-") && arg !== "--source") inSource = false;
  }
  if (sourceGiven && ids.length === 0) problems.push("--source needs at least one source id");
  if (sourceGiven && due) problems.push("--source and --due cannot be combined");
  const byId = new Map(config.sources.map((source) => [source.id, source]));
  for (const id of new Set(ids)) {
    const source = byId.get(id);
    if (!source) problems.push(`--source ${id}: unknown source "${id}"`);
    else if (source.enabled === false) problems.push(`--source ${id}: source "${id}" is disabled (enabled: false)`);
  }
  if (problems.length > 0) return { ok: false, problems };
  if (sourceGiven) return { ok: true, json, selection: { mode: "ids", ids: [...new Set(ids)], manual: true } };
  return { ok: true, json, selection: { mode: due ? "due" : "all" } };
}
