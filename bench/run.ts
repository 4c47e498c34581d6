/**
 * `npm run bench [-- GROUP…]`: runs the benchmark groups (serve, poll, parse, terms, stories, websub, fulltext,
 * dynamo-cost, lambda, extract, stories-product, schedule; scale only when named), prints every
 * figure with its ratio to a baseline measured in the same run, and writes bench/results.json. Traffic stays on
 * loopback; DynamoDB Local runs in memory and is stopped at the end.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Engine } from "../local/engine.ts";
import { answerHelp } from "../local/help.ts";
import type { BenchContext } from "./support.ts";
import type { Figure, Skip } from "./table.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(HERE, "results.json");

interface GroupResult {
  figures: Figure[];
  skips: Skip[];
  details?: unknown;
}

interface Group {
  name: string;
  /** Needs DynamoDB Local. */
  engine: boolean;
  /** Runs only when named (`npm run bench -- scale`): too long for every run. */
  named?: boolean;
  run: (ctx: BenchContext) => Promise<GroupResult>;
}

// Groups without the engine run first, before DynamoDB Local's JVM shares the machine.
const GROUPS: Group[] = [
  { name: "parse", engine: false, run: async (ctx) => (await import("./parse.ts")).runParse(ctx) },
  { name: "lambda", engine: false, run: async (ctx) => (await import("./lambda.ts")).runLambda(ctx) },
  { name: "stories", engine: false, run: async (ctx) => (await import("./stories.ts")).runStories(ctx) },
  { name: "terms", engine: false, run: async (ctx) => (await import("./terms.ts")).runTerms(ctx) },
  { name: "extract", engine: false, run: async (ctx) => (await import("./extract.ts")).runExtract(ctx) },
  { name: "serve", engine: true, run: async (ctx) => (await import("./serve.ts")).runServe(ctx) },
  { name: "poll", engine: true, run: async (ctx) => (await import("./poll.ts")).runPoll(ctx) },
  { name: "websub", engine: true, run: async (ctx) => (await import("./websub.ts")).runWebSub(ctx) },
  { name: "fulltext", engine: true, run: async (ctx) => (await import("./fulltext.ts")).runFullText(ctx) },
  { name: "dynamo-cost", engine: true, run: async (ctx) => (await import("./dynamo-cost.ts")).runDynamoCost(ctx) },
  {
    name: "stories-product",
    engine: true,
    run: async (ctx) => (await import("./stories-product.ts")).runStoriesProduct(ctx),
  },
  { name: "schedule", engine: true, run: async (ctx) => (await import("./schedule.ts")).runScheduleBench(ctx) },
  // About 20 minutes: 1,000 and 10,000 sources through npm run poll and the API, configurations of 100,000.
  { name: "scale", engine: true, named: true, run: async (ctx) => (await import("./scale.ts")).runScale(ctx) },
];

answerHelp(`usage: npm run bench [-- GROUP…]

Runs the benchmark groups (all but those run only when named, when none is named), prints every figure with its
ratio to a baseline measured in the same run, and writes bench/results.json. Traffic stays on loopback.

Groups: ${GROUPS.filter((g) => !g.named)
  .map((g) => g.name)
  .join(", ")}; only when named: ${GROUPS.filter((g) => g.named)
  .map((g) => g.name)
  .join(", ")}.

Options:
  -h, --help  this help`);

// Loaded once help is not asked: help answers without them.
const { startEngine } = await import("../local/engine.ts");
const { machine } = await import("./support.ts");
const { formatTable } = await import("./table.ts");

interface GroupRecord {
  ranAt: string;
  seconds: number;
  figures: Figure[];
  skips: Skip[];
  error?: string;
  details?: unknown;
}

interface ResultsFile {
  machine: ReturnType<typeof machine>;
  ranAt: string;
  complete: boolean;
  seconds: number;
  groups: Record<string, GroupRecord>;
}

function readPrevious(): ResultsFile | null {
  try {
    return JSON.parse(readFileSync(RESULTS, "utf8")) as ResultsFile;
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const asked = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
  const unknown = asked.filter((name) => !GROUPS.some((g) => g.name === name));
  if (unknown.length) {
    console.error(`unknown group: ${unknown.join(", ")} (groups: ${GROUPS.map((g) => g.name).join(", ")})`);
    return 2;
  }
  const chosen = asked.length ? GROUPS.filter((g) => asked.includes(g.name)) : GROUPS.filter((g) => !g.named);
  const started = performance.now();
  const info = machine();
  const log = (line: string) => console.log(line);
  log(`machine: ${info.nproc} × ${info.cpuModel}, node ${info.node}, ${info.platform}, ${info.memoryGiB} GiB`);

  let engine: Engine | null = null;
  const stopEngine = async () => {
    const running = engine;
    engine = null;
    await running?.stop();
  };
  const onSignal = () => {
    void stopEngine().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const records: Record<string, GroupRecord> = {};
  try {
    for (const group of chosen) {
      if (group.engine && !engine) {
        const started = performance.now();
        engine = await startEngine({ kind: "dynamodb-local" });
        const took = ((performance.now() - started) / 1000).toFixed(1);
        log(`\nDynamoDB Local (in memory) at ${engine.endpoint}, started in ${took} s`);
      }
      const t = performance.now();
      log(`\n[${group.name}]`);
      const ctx: BenchContext = { endpoint: engine?.endpoint ?? "", log };
      try {
        const result = await group.run(ctx);
        records[group.name] = {
          ranAt: new Date().toISOString(),
          seconds: (performance.now() - t) / 1000,
          figures: result.figures,
          skips: result.skips,
          details: result.details,
        };
      } catch (error) {
        const message = (error as Error).stack ?? String(error);
        log(`  FAILED: ${message}`);
        records[group.name] = {
          ranAt: new Date().toISOString(),
          seconds: (performance.now() - t) / 1000,
          figures: [],
          skips: [{ group: group.name, name: "(group)", reason: `failed: ${(error as Error).message}` }],
          error: message,
        };
      }
      log(`  (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await stopEngine();
  }

  const seconds = (performance.now() - started) / 1000;
  const figures = chosen.flatMap((g) => records[g.name]?.figures ?? []);
  const skips = chosen.flatMap((g) => records[g.name]?.skips ?? []);
  log(`\n${formatTable(figures, skips)}`);
  const missed = figures.filter((f) => f.met === false);
  log(
    `\n${figures.filter((f) => f.met === true).length} goals met, ${missed.length} missed` +
      `${missed.length ? `: ${missed.map((f) => `${f.group}: ${f.name}`).join("; ")}` : ""}; total ${seconds.toFixed(0)} s`,
  );

  // A run of some groups updates only those groups; each group keeps the time it ran.
  const complete = GROUPS.every((g) => g.named || chosen.includes(g));
  const previous = complete ? null : readPrevious();
  const file: ResultsFile = {
    machine: info,
    ranAt: new Date().toISOString(),
    complete: complete && Object.values(records).every((r) => !r.error),
    seconds,
    groups: { ...(previous?.groups ?? {}), ...records },
  };
  writeFileSync(RESULTS, `${JSON.stringify(file, null, 2)}\n`);
  log(`wrote ${path.relative(process.cwd(), RESULTS)}`);
  return Object.values(records).some((r) => r.error) ? 1 : 0;
}

process.exitCode = await main();
