/**
 * `npm run parse -- FILE_OR_URL…`: parses and normalizes each feed, storing nothing, and prints one JSON line
 * per input, in the order given: `{"input","ok","error"?,"feed","items"}` with the items in the feed's own
 * order, `sources` empty and each item a story of its own (`story: {id: <its id>, size: 1}`: nothing is stored, so
 * nothing is grouped). Exits 1 when any input failed. URLs are fetched with the same rules as polling.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Item } from "@tributary/core/item";
import type { FeedInfo } from "@tributary/core/parse";
import { answerHelp } from "../local/help.ts";

const USAGE = "usage: npm run parse -- FILE_OR_URL…";
answerHelp(`${USAGE}

Parses and normalizes each feed (a file, or an http(s) URL fetched as polling does), storing nothing, and prints
one JSON line per input: {"input","ok","error"?,"feed","items"}. Exits 1 when any input failed.

Options:
  -h, --help  this help`);

// Loaded once help is not asked: help answers without them.
const { POLL_DEFAULTS } = await import("@tributary/core/config");
const { Fetcher } = await import("@tributary/core/fetch");
const { readFeed } = await import("@tributary/core/normalize");

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

async function load(input: string): Promise<{ body: Uint8Array; contentType: string | null; url: string }> {
  if (/^https?:\/\//i.test(input)) {
    const result = await fetcher.fetch({ url: input });
    if (result.status !== "ok") throw new Error(`fetch: unexpected ${result.status}`);
    return { body: result.body, contentType: result.contentType, url: result.finalUrl };
  }
  const file = path.resolve(input);
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

const inputs = process.argv.slice(2).filter((arg) => arg !== "--");
if (inputs.length === 0) {
  console.error(USAGE);
  process.exit(1);
}
const pending = inputs.map(parseInput);
let failed = false;
for (const line of pending) {
  const result = await line;
  failed ||= !result.ok;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
process.exitCode = failed ? 1 : 0;
