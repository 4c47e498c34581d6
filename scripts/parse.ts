/**
 * `npm run parse -- FILE_OR_URL…`: parses and normalizes each feed, storing nothing, and prints one JSON line
 * per input, in the order given: `{"input","ok","error"?,"feed","items"}` with the items in the feed's own
 * order, `sources` empty and each item a story of its own (`story: {id: <its id>, size: 1}`: nothing is stored, so
 * nothing is grouped). Exits 1 when any input failed. URLs are fetched with the same rules as polling; a `file://`
 * URL is read as its file. Exits 2, before reading anything, on a usage error: no input, an unknown option, a URL
 * that is not valid or of a scheme it cannot read (`ftp://…`), each said above the usage line.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Item } from "@tributary/core/item";
import type { FeedInfo } from "@tributary/core/parse";
import { answerHelp } from "../local/help.ts";

const USAGE = "usage: npm run parse -- FILE_OR_URL…";
answerHelp(`${USAGE}

Parses and normalizes each feed (a file, or an http(s) URL fetched as polling does), storing nothing, and prints
one JSON line per input: {"input","ok","error"?,"feed","items"}. Exits 1 when any input failed, 2 on a usage
error (no input, an unknown option, a URL that is not http(s) or file).

Options:
  -h, --help  this help`);

// Loaded once help is not asked: help answers without them.
const { POLL_DEFAULTS } = await import("@tributary/core/config");
const { Fetcher } = await import("@tributary/core/fetch");
const { readFeed } = await import("@tributary/core/normalize");
const { exitWithUsage, looksLikeUrl, readArgsOrExit, webAddressProblem } = await import("../local/args.ts");

/** What is printed for one input. */
interface ParseLine {
  input: string;
  ok: boolean;
  error?: string;
  feed: FeedInfo | null;
  items: Item[];
}

// The polling defaults of the configuration.
const fetcher = new Fetcher(POLL_DEFAULTS);

/** Why an input cannot be read (a URL of a scheme not read, or not valid), or null. */
function inputProblem(input: string): string | null {
  if (!looksLikeUrl(input)) return null;
  if (/^file:/i.test(input)) {
    try {
      fileURLToPath(input);
      return null;
    } catch (error) {
      return `not a file URL of this machine: ${input} (${(error as Error).message})`;
    }
  }
  const problem = webAddressProblem(input);
  return problem && `${problem} (parse reads files, file:// URLs and http(s) URLs)`;
}

async function load(input: string): Promise<{ body: Uint8Array; contentType: string | null; url: string }> {
  if (looksLikeUrl(input) && !/^file:/i.test(input)) {
    const result = await fetcher.fetch({ url: input });
    if (result.status !== "ok") throw new Error(`fetch: unexpected ${result.status}`);
    return { body: result.body, contentType: result.contentType, url: result.finalUrl };
  }
  const file = looksLikeUrl(input) ? fileURLToPath(input) : path.resolve(input);
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch (error) {
    throw new Error(`read: ${(error as Error).message}`, { cause: error });
  }
  return { body: new Uint8Array(body), contentType: null, url: pathToFileURL(file).href };
}

async function parseInput(input: string): Promise<ParseLine> {
  try {
    const { body, contentType, url } = await load(input);
    const { info, items } = await readFeed(body, { contentType, url, sourceId: null });
    return { input, ok: true, feed: info, items: items.map((item) => ({ ...item, story: { id: item.id, size: 1 } })) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { input, ok: false, error: message, feed: null, items: [] };
  }
}

const inputs = readArgsOrExit("parse", USAGE).operands;
if (inputs.length === 0) exitWithUsage("parse", USAGE, "no file or URL given");
for (const input of inputs) {
  const problem = inputProblem(input);
  if (problem !== null) exitWithUsage("parse", USAGE, problem);
}
const pending = inputs.map(parseInput);
let failed = false;
for (const line of pending) {
  const result = await line;
  failed ||= !result.ok;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
process.exitCode = failed ? 1 : 0;
