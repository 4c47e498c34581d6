/**
 * `npm run extract -- [--json] [--stdin] URL`: the article of a web page as Tributary would store it. Fetches URL
 * with the polling fetcher and its address rules, or with `--stdin` reads the page from standard input and takes
 * URL as its address (nothing fetched). Prints the cleaned article HTML, or with `--json` one line
 * `{"url","ok","title","contentHtml","imageUrl","error"?}`. Exits 1 when no article was found (or the page could
 * not be fetched); 2 on a usage error (an unknown option, no URL or more than one, a URL that is not an absolute
 * http(s) URL: what is wrong is said above the usage line) and, when fetching, on a configuration that does not
 * load (`TRIBUTARY_CONFIG` or `tributary.config.ts`, whose `poll` fetch limits are used).
 */
import type { Extraction } from "@tributary/core/extract";
import { answerHelp } from "../local/help.ts";

const USAGE = "usage: npm run extract -- [--json] [--stdin] URL   (--stdin: the page's HTML on standard input)";
answerHelp(`${USAGE}

The article of a web page as Tributary would store it: the cleaned article HTML, or one JSON line. Exits 1 when
no article was found (or the page could not be fetched), 2 on a usage error or, when fetching, a configuration
(TRIBUTARY_CONFIG or tributary.config.ts, whose poll limits are used) that does not load.

Options:
  --json      one line {"url","ok","title","contentHtml","imageUrl","error"?}
  --stdin     read the page's HTML from standard input and take URL as its address (nothing fetched)
  -h, --help  this help`);

// Loaded once help is not asked: help answers without them.
const { decodePage, extractArticle } = await import("@tributary/core/extract");
const { Fetcher } = await import("@tributary/core/fetch");
const { exitWithUsage, readArgsOrExit, webAddressProblem } = await import("../local/args.ts");
const { loadConfigOrExit } = await import("../local/runtime.ts");

const args = readArgsOrExit("extract", USAGE, { flags: ["--json", "--stdin"] });
const json = args.flags.has("--json");
const stdin = args.flags.has("--stdin");
const urls = args.operands;
if (urls.length === 0) exitWithUsage("extract", USAGE, "no URL given");
if (urls.length > 1) exitWithUsage("extract", USAGE, `one URL at a time, not ${urls.length}`);
const url = urls[0] as string;
const problem = webAddressProblem(url);
if (problem !== null) exitWithUsage("extract", USAGE, problem);
// The configuration's fetch limits, as polling uses them: a configuration that does not load is an error (exit 2).
const fetcher = stdin ? null : new Fetcher((await loadConfigOrExit()).poll);

/** The page's HTML and the address it was read from (after redirects). */
async function load(address: string): Promise<{ html: string; base: string }> {
  if (fetcher === null) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return { html: decodePage(new Uint8Array(Buffer.concat(chunks))), base: address };
  }
  const fetched = await fetcher.fetch({ url: address });
  if (fetched.status !== "ok") throw new Error(`fetch: unexpected ${fetched.status}`);
  const type = fetched.contentType?.split(";")[0]?.trim().toLowerCase();
  if (type && type !== "text/html" && type !== "application/xhtml+xml") {
    throw new Error(`not a web page: ${address} is ${type}`);
  }
  return { html: decodePage(fetched.body, fetched.contentType), base: fetched.finalUrl };
}

let found: Extraction | null = null;
let error: string | undefined;
try {
  const { html, base } = await load(url);
  found = extractArticle(html, base);
  if (!found.ok) error = found.reason.message;
} catch (failure) {
  error = failure instanceof Error ? failure.message : String(failure);
}

const ok = found?.ok === true;
if (json) {
  const line = {
    url,
    ok,
    title: found?.title ?? null,
    contentHtml: found?.contentHtml ?? null,
    imageUrl: found?.imageUrl ?? null,
    ...(error === undefined ? {} : { error }),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
} else if (found?.ok) {
  process.stdout.write(`${found.contentHtml}\n`);
} else {
  console.error(`extract: ${url}: ${error}`);
}
process.exitCode = ok ? 0 : 1;
