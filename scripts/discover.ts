/**
 * `npm run discover -- URL…`: finds the feeds of web pages (a site, a section page) and prints one JSON line
 * per input, in the order given: `{"input","feeds":[{url,title,format}],"sources":[{id,url,title}],"via"}`,
 * `sources` being ready entries for the configuration (ids unique, also against those already configured) for the
 * feeds not configured yet nor proposed on an earlier line; `"configured":[{url,id}]` names the feeds found that
 * are sources already, `"proposedAbove":[{url,id}]` those an earlier line proposed; plus `"error"` when the page
 * could not be fetched. On a terminal, stderr also shows the entries to paste, in the format of the configuration
 * file (TypeScript for `tributary.config.ts`, JSON for a `.json` `TRIBUTARY_CONFIG`), naming it.
 * Fetches with the polling fetcher and its address rules. Exits 1 if any input had no feed, 2 when the
 * configuration (`TRIBUTARY_CONFIG` or `tributary.config.ts`) does not load, and 2, before fetching anything, on a
 * usage error: no input, an unknown option, an input that is no web address (an invalid URL, a scheme other than
 * http(s), a bare word such as `notaurl` that names no site), each said above the usage line.
 */
import { answerHelp } from "../local/help.ts";

const USAGE = "usage: npm run discover -- URL…   (a site or a section page, e.g. https://example.org/europe/)";
answerHelp(`${USAGE}

Finds the feeds of web pages (announced, the page itself, common platform paths) and prints one JSON line per
page, {"input","feeds","sources","via",…}, with ready sources entries for the configuration. Exits 1 if any page
had no feed, 2 on a usage error (no URL, an unknown option, an input that is no web address) or when the
configuration (TRIBUTARY_CONFIG or tributary.config.ts) does not load.

Options:
  -h, --help  this help`);

// Loaded once help is not asked: help answers without them.
const { UniqueIds } = await import("@tributary/core/config/ids.ts");
const { discoverFeeds, KnownFeeds, pageUrl } = await import("@tributary/core/discover");
const { Fetcher } = await import("@tributary/core/fetch");
const { exitWithUsage, readArgsOrExit, webAddressProblem } = await import("../local/args.ts");
const { loadConfigOrExit } = await import("../local/runtime.ts");
const { configLocation } = await import("@tributary/core/config");
const { pasteText } = await import("../local/discover-paste.ts");

/**
 * Why an input is no page to look at, or null: it must be an http(s) URL, or a site's address without its scheme
 * (`example.org/europe/`, read as https), whose host has a dot, is `localhost` or an IP address — a bare word
 * (`notaurl`) is a typing slip, not a site.
 */
function inputProblem(input: string): string | null {
  const url = pageUrl(input);
  const problem = webAddressProblem(url);
  if (problem !== null) return url === input ? problem : `not a web address: ${input}`;
  const host = new URL(url).hostname;
  const named = host.includes(".") || host === "localhost" || host.startsWith("[");
  return url !== input && !named ? `not a web address: ${input} (a site such as example.org/europe/, or a URL)` : null;
}

const inputs = readArgsOrExit("discover", USAGE).operands;
if (inputs.length === 0) exitWithUsage("discover", USAGE, "no URL given");
for (const input of inputs) {
  const problem = inputProblem(input);
  if (problem !== null) exitWithUsage("discover", USAGE, problem);
}

// The configured sources' ids are taken, and its poll limits used: a configuration that does not load exits 2.
const file = configLocation();
const config = await loadConfigOrExit(file);
const ids = new UniqueIds(config.sources.map((s) => s.id));
const known = new KnownFeeds(config.sources);
const { concurrency, perHost, timeoutMs, maxBytes } = config.poll;
const fetcher = new Fetcher({ concurrency, perHost, timeoutMs, maxBytes });

const pending = inputs.map((input) => discoverFeeds(input, { fetcher }));
let missing = false;
const pasted: Parameters<typeof pasteText>[0][number][] = [];
for (const discovery of pending) {
  const { input, feeds, via, error } = await discovery;
  const { sources, configured, proposedAbove } = known.propose(feeds, ids);
  missing ||= feeds.length === 0;
  const line = {
    input,
    feeds,
    sources,
    via,
    ...(configured.length > 0 ? { configured } : {}),
    ...(proposedAbove.length > 0 ? { proposedAbove } : {}),
    ...(error ? { error } : {}),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  pasted.push({ input, found: feeds.length, error, sources, configured, proposedAbove });
}
if (process.stderr.isTTY) console.error(`\n${pasteText(pasted, file)}`);
process.exitCode = missing ? 1 : 0;
