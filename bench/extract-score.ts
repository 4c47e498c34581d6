/**
 * `node --import tsx bench/extract-score.ts [--command | --baseline] [--set readability|snippets] [--out FILE]`:
 * scores full-text extraction on the development pages (see extract-corpus.ts). By default `extractArticle` runs
 * in this process; `--command` runs every page through `npm run --silent extract -- --stdin URL` as a held-out
 * check does (two at a time); `--baseline` runs Readability alone on linkedom. Prints shingle F1 on
 * `readability/`, snippet precision and recall on `snippets/` and the time per page; `--out` writes every page's
 * figures as JSON.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { decodePage, extractArticle } from "@tributary/core/extract";
import {
  articlesCorpus,
  type ExpectedPage,
  expectedPages,
  type PageResult,
  plainReadability,
  type SnippetPage,
  scoreResults,
  snippetPages,
} from "./extract-corpus.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const mode = args.includes("--command") ? "command" : args.includes("--baseline") ? "baseline" : "in-process";
const set = option("--set");
const out = option("--out");
const only = option("--only");

const corpus = articlesCorpus();
if (corpus === null) {
  console.error("no development pages: set ARTICLES_CORPUS to articles-dev");
  process.exit(2);
}
let pages: (ExpectedPage | SnippetPage)[] = [
  ...(set === "snippets" ? [] : expectedPages(corpus)),
  ...(set === "readability" ? [] : snippetPages(corpus)),
];
if (only) pages = pages.filter((page) => page.name.includes(only));

/** Runs `npm run --silent extract -- --stdin URL` with the page on standard input; its stdout, or null on exit 1. */
function throughCommand(page: ExpectedPage | SnippetPage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "extract", "--", "--stdin", page.url], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.resume();
    child.on("error", reject);
    child.on("exit", (code) => resolve(code === 0 ? stdout : null));
    child.stdin.end(page.bytes);
  });
}

async function run(page: ExpectedPage | SnippetPage): Promise<PageResult> {
  const started = performance.now();
  let html: string | null;
  if (mode === "command") html = await throughCommand(page);
  else if (mode === "baseline") html = plainReadability(decodePage(page.bytes));
  else {
    const found = extractArticle(decodePage(page.bytes), page.url);
    html = found.ok ? found.contentHtml : null;
  }
  return { set: page.set, name: page.name, html, ms: performance.now() - started };
}

const results: PageResult[] = [];
const queue = [...pages];
const workers = Array.from({ length: mode === "command" ? 2 : 1 }, async () => {
  for (let page = queue.shift(); page; page = queue.shift()) {
    results.push(await run(page));
    if (results.length % 50 === 0) console.error(`  ${results.length}/${pages.length}`);
  }
});
await Promise.all(workers);
const figures = scoreResults(pages, results);
const pct = (n: number) => n.toFixed(3);
console.log(
  `${mode}: readability/ F1 ${pct(figures.readability.f1)} (P ${pct(figures.readability.precision)}, R ${pct(figures.readability.recall)}); ` +
    `snippets/ P ${pct(figures.snippets.precision)} R ${pct(figures.snippets.recall)} F1 ${pct(figures.snippets.f1)}; ` +
    `${figures.medianMs.toFixed(1)} ms median, ${figures.meanMs.toFixed(1)} ms mean per page (${results.length} pages)`,
);
if (out) writeFileSync(out, `${JSON.stringify(figures, null, 1)}\n`);
