/**
 * `npm run soak -- --cycles N --seed S [--seeds S1,S2,…] [--shrink-seconds K]`: the model-based soak of
 * tests/soak/ (its test runs it short), long. Starts DynamoDB Local in memory (dynalite without Java 17)
 * and a publisher, both on loopback; prints one line per 50 rounds, then a report per seed; exits 1 when the
 * store diverged from the model, after printing the seed and the shortest trace found.
 */
import { answerHelp } from "../../local/help.ts";

const USAGE = "usage: npm run soak -- --cycles N --seed S [--seeds S1,S2] [--shrink-seconds K]";
answerHelp(`${USAGE}

The model-based soak, long: a changing publisher polled by 2–3 cycles at once through storage faults, the store
and the served feeds compared with the model. Exits 1 when they diverged, after printing the seed and the
shortest trace found.

Options:
  --cycles N            rounds per seed (200)
  --seed S, --seeds S1,S2,…  the seeds (1)
  --shrink-seconds K    time spent shrinking a divergence (300)
  -h, --help            this help`);

// Loaded once help is not asked: help answers without them.
const { startEngine } = await import("../../local/engine.ts");
const { runSoak } = await import("./run.ts");

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

const cycles = Number(option("cycles") ?? 200);
const seeds = (option("seeds") ?? option("seed") ?? "1").split(",").map(Number);
const shrinkMs = Number(option("shrink-seconds") ?? 300) * 1000;
if (!Number.isInteger(cycles) || cycles < 1 || seeds.some((s) => !Number.isInteger(s))) {
  console.error(USAGE);
  process.exit(2);
}

const engine = await startEngine();
let diverged = false;
try {
  for (const seed of seeds) {
    const started = Date.now();
    const report = await runSoak({
      endpoint: engine.endpoint,
      seed,
      cycles,
      shrinkMs,
      log: (line) => console.log(line),
    });
    const { divergence, ...figures } = report;
    console.log(
      JSON.stringify({
        ...figures,
        engine: engine.kind,
        seconds: Math.round((Date.now() - started) / 1000),
        diverged: divergence !== null,
      }),
    );
    if (divergence) {
      diverged = true;
      console.log(`seed ${seed} diverged after round ${divergence.round}:`);
      for (const problem of divergence.problems.slice(0, 20)) console.log(`  ${problem}`);
      console.log(`shortest trace found (replay: npm run soak -- --seed ${seed} --cycles ${divergence.round + 1}):`);
      console.log(divergence.trace);
    }
  }
} finally {
  await engine.stop();
}
process.exit(diverged ? 1 : 0);
