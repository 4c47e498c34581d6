/**
 * `npm run import -- FILE.opml [--out FILE.json]`: turns a reader's OPML export (Miniflux, FreshRSS, Feedly,
 * NetNewsWire) into a complete JSON configuration — a source for every feed, a topic per folder and one of
 * everything — printed on stdout (or written to `--out`). What was skipped or merged is said on stderr.
 * Exits 2 with the reason when the file cannot be read or is not OPML.
 */
import { readFile, writeFile } from "node:fs/promises";
import { answerHelp } from "../local/help.ts";

const USAGE = "usage: npm run import -- FILE.opml [--out FILE.json]";
answerHelp(`${USAGE}

Turns a reader's OPML export into a complete JSON configuration: a source for every feed, a topic per folder and
a topic of everything, printed on stdout. What was skipped or merged is said on stderr. Exits 2 with the reason
when the file cannot be read or is not OPML.

Options:
  --out FILE  write the configuration to FILE instead of stdout
  -h, --help  this help`);

// Loaded once help is not asked: help answers without them.
const { configFromOpml, OpmlError, readOpml } = await import("@tributary/core/opml");
const { plural } = await import("../local/poll-wording.ts");
const { EXIT } = await import("../local/runtime.ts");

const args = process.argv.slice(2).filter((arg) => arg !== "--");
const outAt = args.indexOf("--out");
const out = outAt >= 0 ? args[outAt + 1] : undefined;
const inputs = args.filter((_, i) => outAt < 0 || (i !== outAt && i !== outAt + 1));
if (inputs.length !== 1 || (outAt >= 0 && !out)) {
  console.error(USAGE);
  process.exit(EXIT.config);
}
const file = inputs[0] as string;

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
  if (out) {
    await writeFile(out, json);
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
