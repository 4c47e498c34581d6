/**
 * `npm run extract -- [--json] [--stdin] URL`: the article of a web page as Tributary would store it. Fetches URL
 * with the polling fetcher and its address rules, or with `--stdin` reads the page from standard input and takes
 * URL as its address (nothing fetched). Prints the cleaned article HTML, or with `--json` one line
 * `{"url","ok","title","contentHtml","imageUrl","error"?}`. Exits 1 when no article was found (or the page could
 * not be fetched), 2 on a usage error.
 */
import { type Config, loadConfig, POLL_DEFAULTS } from "@tributary/core/config";
import { decodePage, type Extraction, extractArticle } from "@tributary/core/extract";
import { Fetcher } from "@tributary/core/fetch";
import { answerHelp } from "../local/help.ts";

const USAGE = "usage: npm run extract -- [--json] [--stdin] URL   (--stdin: the page's HTML on standard input)";
answerHelp(`${USAGE}

The article of a web page as Tributary would store it: the cleaned article HTML, or one JSON line. Exits 1 when
no article was found (or the page could not be fetched), 2 on a usage error.

Options:
  --json      one line {"url","ok","title","contentHtml","imageUrl","error"?}
  --stdin     read the page's HTML from standard input and take URL as its address (nothing fetched)
  -h, --help  this help`);

const args = process.argv.slice(2).filter((arg) => arg !== "--");
const json = args.includes("--json");
const stdin = args.includes("--stdin");
const unknown = args.filter((arg) => arg.startsWith("-") && arg !== "--json" && arg !== "--stdin");
const urls = args.filter((arg) => !arg.startsWith("-"));
const url = urls[0];
if (unknown.length > 0 || urls.length !== 1 || url === undefined || !/^https?:\/\/[^/]/i.test(url)) {
  console.error(unknown.length > 0 ? `unknown option: ${unknown.join(" ")}\n${USAGE}` : USAGE);
  process.exit(2);
}

/** The page's HTML and the address it was read from (after redirects). */
async function load(address: string): Promise<{ html: string; base: string }> {
  if (stdin) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return { html: decodePage(new Uint8Array(Buffer.concat(chunks))), base: address };
  }
  // The configuration's fetch limits, as polling uses them; without a valid configuration, the defaults.
  const config: Config | null = await loadConfig().catch(() => null);
  const fetcher = new Fetcher(config?.poll ?? POLL_DEFAULTS);
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
