/**
 * `npm run import -- FILE.opml [--out FILE.json [--force]]`: turns a reader's OPML export (Miniflux, FreshRSS,
 * Feedly, NetNewsWire) into a complete JSON configuration — a source for every feed, a topic per folder and one of
 * everything — printed on stdout (or written to `--out`). What was skipped or merged is said on stderr.
 * `--out` never writes over the OPML file read, and writes over another existing file only with `--force` (a
 * configuration is often edited by hand after an import), replacing it whole or not at all.
 * Exits 2 with the reason when the file cannot be read or is not OPML, and on a usage error (an unknown option,
 * no file or more than one, an `--out` that is the input, exists without `--force`, or lies in no folder), each
 * said in one line; 1 when the `--out` file cannot be written.
 */
import { randomUUID } from "node:crypto";
import { type Stats, statSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { answerHelp } from "../local/help.ts";

const USAGE = "usage: npm run import -- FILE.opml [--out FILE.json [--force]]";
answerHelp(`${USAGE}

Turns a reader's OPML export into a complete JSON configuration: a source for every feed, a topic per folder and
a topic of everything, printed on stdout. What was skipped or merged is said on stderr. Exits 2 with the reason
when the file cannot be read or is not OPML, or on a usage error; 1 when the --out file cannot be written.

Options:
  --out FILE  write the configuration to FILE instead of stdout (never over the OPML file; not over an
              existing file without --force)
  --force     with --out: replace FILE if it exists
  -h, --help  this help`);

// Loaded once help is not asked: help answers without them.
const { configFromOpml, OpmlError, readOpml } = await import("@tributary/core/opml");
const { exitWithUsage, readArgsOrExit } = await import("../local/args.ts");
const { plural } = await import("../local/poll-wording.ts");
const { EXIT } = await import("../local/runtime.ts");

const args = readArgsOrExit("import", USAGE, { values: ["--out"], flags: ["--force"] });
const file: string = args.operands[0] ?? exitWithUsage("import", USAGE, "no OPML file given");
if (args.operands.length > 1) exitWithUsage("import", USAGE, `one OPML file at a time, not ${args.operands.length}`);
const out = args.values.get("--out");
const force = args.flags.has("--force");
if (force && out === undefined) exitWithUsage("import", USAGE, "--force goes with --out FILE");

/** The file at `at`, or null when there is none (a dangling link is none either). */
function statOrNull(at: string): Stats | null {
  try {
    return statSync(at);
  } catch {
    return null;
  }
}

/**
 * Why the configuration may not be written to `target`, or null: the input itself (by path or by inode: a link to
 * it is it), a folder, an existing file without `--force`, a path whose folder does not exist.
 */
function outProblem(target: string, input: string): string | null {
  const existing = statOrNull(target);
  const source = statOrNull(input);
  const same =
    path.resolve(target) === path.resolve(input) ||
    (existing !== null && source !== null && existing.dev === source.dev && existing.ino === source.ino);
  if (same) return `--out ${target} is the OPML file read: writing there would replace it (choose another name)`;
  if (existing?.isDirectory()) return `--out ${target} is a folder (give a file name)`;
  if (existing && !force) return `--out ${target} exists: choose another name, or add --force to replace it`;
  const folder = path.dirname(path.resolve(target));
  if (!statOrNull(folder)?.isDirectory()) return `--out ${target}: no folder ${folder}`;
  return null;
}

/**
 * Writes `text` to `target`: a new file only (`wx`: never one made meanwhile), or with `--force` through a file
 * beside it renamed over it, so the old file stays whole if writing fails.
 */
async function writeOut(target: string, text: string): Promise<void> {
  if (!force) return writeFile(target, text, { flag: "wx" });
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temporary, text, { flag: "wx" });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

if (out !== undefined) {
  const problem = outProblem(out, file);
  if (problem !== null) exitWithUsage("import", USAGE, problem);
}

try {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new OpmlError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const { config, notes } = configFromOpml(readOpml(new Uint8Array(bytes)));
  for (const note of notes) console.error(note);
  const json = `${JSON.stringify(config, null, 2)}\n`;
  if (out !== undefined) {
    try {
      await writeOut(out, json);
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      const reason = code === "EEXIST" ? "it exists now (add --force to replace it)" : message;
      console.error(`import: cannot write ${out}: ${reason}`);
      process.exit(code === "EEXIST" ? EXIT.config : 1);
    }
    console.error(
      `wrote ${out}: ${plural(config.sources?.length ?? 0, "source")}, ${plural(config.topics?.length ?? 0, "topic")}. ` +
        `Try it: TRIBUTARY_CONFIG=${out} npm run check`,
    );
  } else {
    process.stdout.write(json);
  }
} catch (error) {
  if (!(error instanceof OpmlError)) throw error;
  console.error(`${file}: ${error.message}`);
  process.exit(EXIT.config);
}
