/**
 * `npm run story-score -- [--corpus DIR] [--assignments FILE | --api URL] [--orders N] [--json]`: scores story
 * grouping against a labelled corpus (default `../shared/corpus/stories-dev`) with pairwise and B-cubed precision,
 * recall and F1.
 *
 * - Without `--assignments` or `--api`: groups the corpus's items in the product's order (`publishedAt`, then id)
 *   with Tributary's grouping (in-memory index) and with the baselines (exact title, NewsBlur's rule, TF-IDF
 *   centroid), and prints the recall the same-host rule leaves reachable and the stability checks (`--orders`
 *   orders within a day, default 6; halves of the stories, and the halves of two more splits of them).
 * - `--assignments FILE`: scores a grouping made elsewhere. FILE is JSON: an object `{itemIdOrLink: storyId}`, or
 *   an array (or JSON lines) of API items `{id, url, story: {id}}`.
 * - `--api URL`: reads every page of a running Tributary's `/api/topics/:slug/items?group=none` (loopback) from URL,
 *   following `nextCursor`, and scores the items' `story.id`.
 *
 * Exits 0 when every item of the corpus was scored; 1 when some were missing from the grouping scored (the score is
 * of those found, and stderr says how many are missing); 2 on a usage error (an unknown option, `--api` not an
 * http(s) URL: above the usage line) or an input that gives nothing to score, said in one line naming it: a corpus,
 * assignments file or API that cannot be read or is not what it should be, or a grouping in which no item of the
 * corpus is found (nothing scored is no perfect score).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { GroupingScore } from "@tributary/core/stories";
import type { StoryCorpus } from "../bench/stories-corpus.ts";
import type { GroupingRun } from "../bench/stories-eval.ts";
import { answerHelp } from "../local/help.ts";

const USAGE = "usage: npm run story-score -- [--corpus DIR] [--assignments FILE | --api URL] [--orders N] [--json]";
answerHelp(`${USAGE}

Scores story grouping against a labelled corpus with pairwise and B-cubed precision, recall and F1: Tributary's
grouping and the baselines, or a grouping made elsewhere. Exits 1 when items of the corpus are missing from the
grouping scored, 2 on a bad argument or input: a corpus, file or API that cannot be read, or a grouping in which
no item of the corpus is found.

Options:
  --corpus DIR        the labelled corpus (../shared/corpus/stories-dev)
  --assignments FILE  score these assignments: {itemIdOrLink: storyId}, or API items (JSON array or lines)
  --api URL           score a running Tributary's /api/topics/:slug/items?group=none (every page)
  --orders N          orders within a day for the stability check (6)
  --json              one JSON line
  -h, --help          this help`);

// Loaded once help is not asked: help answers without them (the stories' word weights among them).
const { canonicalUrl, itemId } = await import("@tributary/core/normalize");
const { scoreGrouping } = await import("@tributary/core/stories");
const { readStoryCorpus } = await import("../bench/stories-corpus.ts");
const { baselineRuns, groupWithIndex, sameHostCeiling, stability } = await import("../bench/stories-eval.ts");
const { readArgs, UsageError, exitWithUsage, webAddressProblem } = await import("../local/args.ts");

/** An input (corpus, assignments, API) that gives nothing to score: said in one line, exit status 2. */
class InputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InputError";
  }
}

/** The words of a failure to read: a system error's own message, a fetch failure's cause (ECONNREFUSED…). */
function reason(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  if (error instanceof TypeError && cause instanceof Error) return cause.message || String(cause);
  return error instanceof Error ? error.message : String(error);
}

interface Args {
  corpus: string;
  assignments: string | null;
  api: string | null;
  orders: number;
  json: boolean;
}

/** The command line (`readArgs`). @throws UsageError */
function parseArgs(argv: string[]): Args {
  const { values, flags, operands } = readArgs(argv, {
    flags: ["--json"],
    values: ["--corpus", "--assignments", "--api", "--orders"],
  });
  if (operands.length > 0) throw new UsageError(`unexpected argument ${operands[0]} (values follow their options)`);
  const orders = Number(values.get("--orders") ?? 6);
  if (!Number.isInteger(orders) || orders < 1) throw new UsageError("--orders must be a whole number ≥ 1");
  const assignments = values.get("--assignments");
  const api = values.get("--api") ?? null;
  if (assignments && api) throw new UsageError("give --assignments or --api, not both");
  const problem = api === null ? null : webAddressProblem(api);
  if (problem !== null) throw new UsageError(`--api: ${problem}`);
  return {
    corpus: path.resolve(values.get("--corpus") ?? "../shared/corpus/stories-dev"),
    assignments: assignments ? path.resolve(assignments) : null,
    api,
    orders,
    json: flags.has("--json"),
  };
}

/** An API item as far as scoring reads it. */
interface ApiItem {
  id?: unknown;
  url?: unknown;
  story?: { id?: unknown } | null;
}

/** Item id → story id from API items; an item without `story.id` is an error naming it. @throws InputError */
function fromApiItems(items: unknown[], where: string): Map<string, string> {
  const out = new Map<string, string>();
  items.forEach((entry, index) => {
    const item = (typeof entry === "object" && entry !== null ? entry : {}) as ApiItem;
    if (typeof item.id !== "string" || typeof item.story?.id !== "string") {
      throw new InputError(`${where}: item ${index + 1}: no id or no story.id (is stories grouping deployed?)`);
    }
    out.set(item.id, item.story.id);
  });
  return out;
}

/**
 * Item id → story id from a file (see the module's doc); links are turned into item ids as the product does.
 * @throws InputError naming the file when it cannot be read or holds neither shape.
 */
function readAssignments(file: string, corpus: StoryCorpus): Map<string, string> {
  const where = `--assignments ${file}`;
  let text: string;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new InputError(`${where}: cannot read it: ${reason(error)}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = text.startsWith("[") || text.startsWith("{") ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (parsed === null)
    parsed = text
      .split("\n")
      .map((line, n) => [line, n] as const)
      .filter(([line]) => line.trim() !== "")
      .map(([line, n]) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          throw new InputError(`${where}: neither JSON nor JSON lines (line ${n + 1} is not JSON)`);
        }
      });
  if (Array.isArray(parsed)) return fromApiItems(parsed, where);
  if (typeof parsed !== "object" || parsed === null) {
    throw new InputError(`${where}: not {itemIdOrLink: storyId} nor API items`);
  }
  const out = new Map<string, string>();
  const sourceOf = new Map([...corpus.links].map(([id, link]) => [link, corpus.sources.get(id) ?? ""]));
  for (const [key, story] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof story !== "string") throw new InputError(`${where}: ${key}: story id is not a string`);
    const canonical = /^https?:/i.test(key) ? canonicalUrl(key) : null;
    const id = canonical
      ? itemId({ canonicalUrl: canonical, sourceId: sourceOf.get(key) ?? "", guid: key, title: null })
      : key;
    out.set(id, story);
  }
  return out;
}

/**
 * Every item of a topic list through the API, following `nextCursor`.
 * @throws InputError when a page cannot be fetched (the server unreachable, an HTTP error) or is not a page of items.
 */
async function readApi(url: string): Promise<Map<string, string>> {
  const items: unknown[] = [];
  let next: URL | null = new URL(url);
  if (!next.searchParams.has("limit")) next.searchParams.set("limit", "200");
  while (next) {
    let page: { items?: unknown; nextCursor?: unknown };
    try {
      const response = await fetch(next);
      if (!response.ok) throw new InputError(`--api ${next}: HTTP ${response.status}`);
      page = (await response.json()) as typeof page;
    } catch (error) {
      if (error instanceof InputError) throw error;
      const what = error instanceof SyntaxError ? "not JSON" : `cannot be read: ${reason(error)}`;
      throw new InputError(`--api ${next}: ${what}`, { cause: error });
    }
    if (typeof page !== "object" || page === null || !Array.isArray(page.items)) {
      throw new InputError(`--api ${next}: not a page of items (no "items" array: is it /api/topics/:slug/items?)`);
    }
    items.push(...page.items);
    if (typeof page.nextCursor !== "string" || page.nextCursor === "") break;
    next = new URL(next);
    next.searchParams.set("cursor", page.nextCursor);
  }
  return fromApiItems(items, `--api ${url}`);
}

/** The corpus, or an InputError naming it. @throws InputError */
function readCorpus(dir: string): StoryCorpus {
  let corpus: StoryCorpus;
  try {
    corpus = readStoryCorpus(dir);
  } catch (error) {
    throw new InputError(`--corpus ${dir}: ${reason(error)}`, { cause: error });
  }
  if (corpus.items.length === 0) throw new InputError(`--corpus ${dir}: no items in items.jsonl: nothing to score`);
  return corpus;
}

const pct = (x: number) => x.toFixed(3);

function row(name: string, score: GroupingScore, extra = ""): string {
  const { pairwise: p, bcubed: b } = score;
  return (
    `${name.padEnd(18)} pairwise P ${pct(p.precision)} R ${pct(p.recall)} F1 ${pct(p.f1)}   ` +
    `B-cubed P ${pct(b.precision)} R ${pct(b.recall)} F1 ${pct(b.f1)}   groups ${score.groups}${extra}`
  );
}

async function main(args: Args): Promise<number> {
  const corpus = readCorpus(args.corpus);
  const ceiling = sameHostCeiling(corpus.items, corpus.labels);
  if (args.assignments || args.api) {
    const assigned = args.api ? await readApi(args.api) : readAssignments(args.assignments ?? "", corpus);
    const score = scoreGrouping(assigned, corpus.labels);
    const from = args.api ? `--api ${args.api}` : `--assignments ${args.assignments}`;
    if (score.items === 0) {
      throw new InputError(
        `${from}: none of the corpus's ${corpus.items.length} items is in it (${assigned.size} assigned; keys are ` +
          "the corpus's item ids or links): nothing to score",
      );
    }
    if (args.json) console.log(JSON.stringify({ score, sameHostRecallCeiling: ceiling }));
    else {
      console.log(row("assignments", score, `   (${score.items} items scored, ${score.missing} missing)`));
      console.log(`same-host rule: pairwise recall at most ${pct(ceiling)}`);
    }
    if (score.missing === 0) return 0;
    console.error(
      `story-score: ${score.missing} of the corpus's ${corpus.items.length} items are not in ${from}: ` +
        `the score is of the ${score.items} found`,
    );
    return 1;
  }
  const runs: GroupingRun[] = [
    await groupWithIndex(corpus.items, corpus.labels),
    ...baselineRuns(corpus.items, corpus.labels),
  ];
  const checks = await stability(corpus, args.orders);
  if (args.json) {
    console.log(JSON.stringify({ runs, sameHostRecallCeiling: ceiling, stability: checks }));
    return 0;
  }
  console.log(`${corpus.items.length} items, ${new Set(corpus.labels.values()).size} stories (${args.corpus})`);
  for (const run of runs) {
    const units =
      run.readUnits === undefined ? "" : `   ${run.readUnits.toFixed(2)} RU, ${run.writeUnits?.toFixed(2)} WU per item`;
    console.log(
      row(
        run.name,
        run.score,
        `   ${Math.round(run.itemsPerSecond)} items/s${units}${run.note ? `   (${run.note})` : ""}`,
      ),
    );
  }
  console.log(`same-host rule: pairwise recall at most ${pct(ceiling)}`);
  const f1s = checks.orders.map((o) => o.f1);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `orders within a day (${f1s.length}): pairwise F1 mean ${pct(mean(f1s))}, ${pct(Math.min(...f1s))}–${pct(Math.max(...f1s))}; ` +
      `precision mean ${pct(mean(checks.orders.map((o) => o.precision)))}`,
  );
  console.log(`halves of the stories: pairwise F1 ${pct(checks.halves[0])} and ${pct(checks.halves[1])}`);
  console.log(
    `halves of ${checks.subsets.length / 2} splits of the stories: pairwise F1 mean ${pct(mean(checks.subsets))}, ` +
      `${pct(Math.min(...checks.subsets))}–${pct(Math.max(...checks.subsets))}`,
  );
  return 0;
}

/** The command line, or its usage error said and exit status 2. */
function argsOrExit(): Args {
  try {
    return parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return exitWithUsage("story-score", USAGE, error.message);
  }
}

try {
  process.exitCode = await main(argsOrExit());
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  console.error(`story-score: ${error.message}`);
  process.exitCode = 2;
}
