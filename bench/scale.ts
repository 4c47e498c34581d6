/**
 * Scale: what grows with the number of sources, measured through the project's own commands. For 1,000 and 10,000
 * sources in one run (`SCALE_SIZES=1000,10000`): a loopback publisher of that many feeds (bench/scale-publisher.ts:
 * 5 entries each, about 30% of the articles in several feeds, 50 hosts 127.0.0.1–50), a configuration of 22
 * topics of which two take every source (`["*"]`), a fresh table of DynamoDB Local behind a metering proxy
 * (bench/dynamo-proxy.ts), then:
 *
 * - `npm run poll -- --json` as a child process three times: the first poll (every article new; its peak memory is
 *   the child's max RSS from `/usr/bin/time`), an unchanged poll (every feed answers 304), and a poll after 10% of
 *   the feeds changed (one new article each);
 * - the API server (`startServer`, in this process) on that table: `GET /api/sources`, `/sources`,
 *   `/feeds/all.rss?limit=50`, `/api/topics`, `/health` and an item — time (median of 3 after a first request),
 *   bytes (uncompressed) and DynamoDB requests (of the first request).
 *
 * Every figure at 10,000 sources has its 1,000-source baseline and ratio: per article or per source for the
 * polls, as is for the routes. Configuration-only steps at 100,000 sources (`SCALE_CONFIG_SIZE`): `npm run check`,
 * loading the configuration, and what a Lambda cold start pays — the API handler and the poll worker bundled with
 * esbuild with that configuration in place of tributary.config.ts (as infra/ bundles it), their size and the time a
 * fresh `node` takes to import them (the API handler validates its configuration and builds its app on import; the
 * worker entry validates it too) — against 1,000 sources.
 *
 * `npm run bench -- scale` (about 20 minutes), or on its own: `node --import tsx bench/scale.ts` (it starts
 * DynamoDB Local itself).
 */
import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { loadConfig } from "@tributary/core/config";
import { openStore } from "@tributary/core/store";
import { build } from "esbuild";
import { startServer } from "../functions/api/server.ts";
import { configAsJson } from "../infra/config-plugin.mjs";
import { startEngine } from "../local/engine.ts";
import { type DynamoProxy, startDynamoProxy } from "./dynamo-proxy.ts";
import { ENTRIES_PER_FEED, type ScalePublisher, startScalePublisher } from "./scale-publisher.ts";
import { type BenchContext, median } from "./support.ts";
import { type Figure, figure, type Skip } from "./table.ts";

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const OUT = path.join(HERE, ".tmp", "scale");
const GROUP = "scale";
const TIME = "/usr/bin/time";

/** Sources of the polled runs, the first the baseline; `SCALE_SIZES=none` runs only the configuration steps. */
const sizes = (process.env.SCALE_SIZES ?? "1000,10000")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
/** The configuration steps' baseline: a configuration of 1,000 sources. */
const CONFIG_BASELINE = 1000;
/** Sources of the configuration-only steps; 0 skips them. */
const CONFIG_SIZE = Number(process.env.SCALE_CONFIG_SIZE ?? 100_000);
const HOSTS = 50;
/** Topics: two over every source, twenty over a twentieth of them each. */
const SECTIONS = 20;

/** The configuration of `n` sources, their feeds at `urlOf`. */
export function scaleConfig(n: number, urlOf: (i: number) => string): unknown {
  const ids = Array.from({ length: n }, (_, i) => `f${i}`);
  return {
    title: `Scale bench, ${n} sources`,
    sources: ids.map((id, i) => ({ id, url: urlOf(i), title: `Section ${i}` })),
    topics: [
      { slug: "all", title: "Everything", sources: ["*"] },
      // A second topic over every source, with terms: each item is matched against them.
      { slug: "all-digest", title: "Digest", sources: ["*"], exclude: ["sponsored", "advertisement"] },
      ...Array.from({ length: SECTIONS }, (_, k) => ({
        slug: `section-${k}`,
        title: `Section group ${k}`,
        sources: ids.filter((_, i) => i % SECTIONS === k),
      })),
    ],
    poll: { everyMinutes: 10, concurrency: 16, perHost: 2, timeoutMs: 15_000 },
    retentionDays: 30,
  };
}

function writeConfig(n: number, urlOf: (i: number) => string): string {
  const dir = path.join(OUT, String(n));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "tributary.config.json");
  writeFileSync(file, JSON.stringify(scaleConfig(n, urlOf)));
  return file;
}

/** What one `npm run poll` came to. */
interface PollRun {
  seconds: number;
  summary: Record<string, number>;
  /** The child's peak resident set, MB (null without /usr/bin/time). */
  maxRssMB: number | null;
  dynamoRequests: number;
  exitCode: number;
}

/** Runs `npm run poll -- --json` as a child, timed, its peak memory read by /usr/bin/time. */
async function pollOnce(env: NodeJS.ProcessEnv, proxy: DynamoProxy, label: string): Promise<PollRun> {
  const rssFile = path.join(OUT, `rss-${randomUUID()}.txt`);
  const timed = existsSync(TIME);
  const [command, args] = timed
    ? [TIME, ["-f", "%M", "-o", rssFile, "npm", "run", "--silent", "poll", "--", "--json"]]
    : ["npm", ["run", "--silent", "poll", "--", "--json"]];
  proxy.reset();
  const started = performance.now();
  const { lastLine, code, stderr } = await new Promise<{ lastLine: string; code: number; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(command as string, args as string[], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
      let tail = "";
      let errors = "";
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk: string) => {
        tail = (tail + chunk).slice(-64 * 1024);
      });
      child.stderr.on("data", (chunk) => {
        errors = (errors + chunk).slice(-8 * 1024);
      });
      child.once("error", reject);
      child.once("close", (status) =>
        resolve({ lastLine: tail.trim().split("\n").at(-1) ?? "", code: status ?? -1, stderr: errors }),
      );
    },
  );
  const seconds = (performance.now() - started) / 1000;
  let summary: Record<string, number> = {};
  try {
    summary = JSON.parse(lastLine) as Record<string, number>;
  } catch {
    throw new Error(`${label}: no summary (exit ${code}): ${stderr.slice(-2000)}`);
  }
  let maxRssMB: number | null = null;
  if (timed && existsSync(rssFile)) {
    const kb = Number(readFileSync(rssFile, "utf8").trim().split("\n").at(-1));
    maxRssMB = Number.isFinite(kb) ? kb / 1024 : null;
    rmSync(rssFile, { force: true });
  }
  return { seconds, summary, maxRssMB, dynamoRequests: proxy.total(), exitCode: code };
}

/**
 * One route measured: its first request (the server's caches cold, as after a deploy or past their time) — time,
 * bytes, DynamoDB requests — and the median time of 3 repeats (caches warm).
 */
interface RouteRun {
  path: string;
  status: number;
  /** Median of the 3 repeats. */
  ms: number;
  firstMs: number;
  bytes: number;
  dynamoRequests: number;
  /** Requests of a repeated (warm) request. */
  warmDynamoRequests: number;
}

async function measureRoute(base: string, route: string, proxy: DynamoProxy): Promise<RouteRun> {
  const get = async () => {
    const started = performance.now();
    const response = await fetch(`${base}${route}`, { headers: { "accept-encoding": "identity" } });
    const body = Buffer.from(await response.arrayBuffer());
    return { ms: performance.now() - started, status: response.status, bytes: body.byteLength };
  };
  proxy.reset();
  const first = await get();
  const dynamoRequests = proxy.total();
  const times: number[] = [];
  let warmDynamoRequests = 0;
  for (let i = 0; i < 3; i++) {
    proxy.reset();
    times.push((await get()).ms);
    warmDynamoRequests = proxy.total();
  }
  return {
    path: route,
    status: first.status,
    ms: median(times),
    firstMs: first.ms,
    bytes: first.bytes,
    dynamoRequests,
    warmDynamoRequests,
  };
}

/** Everything measured at one size. */
interface SizeRun {
  sources: number;
  articles: number;
  first: PollRun;
  unchanged: PollRun;
  changed: PollRun & { feedsChanged: number };
  routes: Record<string, RouteRun>;
}

const ROUTES = ["/api/sources", "/sources", "/feeds/all.rss?limit=50", "/api/topics", "/health", "item"] as const;

async function measureSize(n: number, ctx: BenchContext, proxy: DynamoProxy): Promise<SizeRun> {
  let publisher: ScalePublisher | null = null;
  try {
    publisher = await startScalePublisher(n, HOSTS);
    const configFile = writeConfig(n, publisher.urlOf);
    const table = `scale-${n}-${randomUUID()}`;
    const env = {
      ...process.env,
      TRIBUTARY_CONFIG: configFile,
      DYNAMODB_ENDPOINT: proxy.endpoint,
      TABLE_NAME: table,
      LOG_FORMAT: "json",
    };
    ctx.log(`  ${n} sources: first poll…`);
    const first = await pollOnce(env, proxy, "first poll");
    ctx.log(
      `  ${n}: first poll ${first.seconds.toFixed(1)} s, ${JSON.stringify(first.summary)}, ` +
        `peak ${first.maxRssMB?.toFixed(0) ?? "?"} MB, ${first.dynamoRequests} DynamoDB requests`,
    );
    const unchanged = await pollOnce(env, proxy, "unchanged poll");
    ctx.log(
      `  ${n}: unchanged poll ${unchanged.seconds.toFixed(1)} s, ${JSON.stringify(unchanged.summary)}, ` +
        `${unchanged.dynamoRequests} requests`,
    );
    const feedsChanged = publisher.change(0.1);
    const changed = await pollOnce(env, proxy, "10% changed poll");
    ctx.log(
      `  ${n}: 10% changed poll (${feedsChanged} feeds) ${changed.seconds.toFixed(1)} s, ` +
        `${JSON.stringify(changed.summary)}, ${changed.dynamoRequests} requests`,
    );
    const config = await loadConfig(configFile);
    const store = await openStore({ endpoint: proxy.endpoint, tableName: table, retentionDays: config.retentionDays });
    const server = await startServer({ config, store, port: 0, hostname: "127.0.0.1" });
    const routes: Record<string, RouteRun> = {};
    try {
      const sample = (await (await fetch(`${server.url}/api/topics/all/items?limit=1&group=none`)).json()) as {
        items?: { id: string }[];
      };
      const itemId = sample.items?.[0]?.id ?? "missing";
      // The server warmed by /health only: a feed of another topic would fill the caches a topic feed shares (the
      // sources' states, read for the feeds' language), hiding what a first feed request reads.
      await fetch(`${server.url}/health`).then((r) => r.arrayBuffer());
      for (const route of ROUTES) {
        const target = route === "item" ? `/api/items/${encodeURIComponent(itemId)}` : route;
        routes[route] = await measureRoute(server.url, target, proxy);
        const r = routes[route];
        ctx.log(
          `  ${n}: GET ${target} ${r.status} ${r.ms.toFixed(1)} ms (first ${r.firstMs.toFixed(0)} ms), ` +
            `${(r.bytes / 1024).toFixed(1)} KB, ${r.dynamoRequests} DynamoDB requests (warm ${r.warmDynamoRequests})`,
        );
      }
    } finally {
      await server.close();
      store.close();
    }
    const articles = first.summary.itemsNew ?? 0;
    return { sources: n, articles, first, unchanged, changed: { ...changed, feedsChanged }, routes };
  } finally {
    await publisher?.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration only

/** Runs `npm run check` with `configFile`; seconds. */
async function checkSeconds(configFile: string): Promise<number> {
  const started = performance.now();
  await run("npm", ["run", "--silent", "check"], {
    cwd: ROOT,
    env: { ...process.env, TRIBUTARY_CONFIG: configFile },
    maxBuffer: 16 * 1024 * 1024,
  });
  return (performance.now() - started) / 1000;
}

/** CommonJS dependencies call require(); an ESM bundle needs one (as bench/lambda.ts and SST's bundler). */
const BANNER =
  'import { createRequire as __benchRequire } from "node:module"; const require = __benchRequire(import.meta.url);';

/**
 * Bundles `entry` (source text, resolved from the repository root) as infra/ bundles a function, with `configFile`
 * as tributary.config.ts.
 */
async function bundleWith(name: string, entry: string, configFile: string): Promise<{ file: string; bytes: number }> {
  const file = path.join(OUT, "lambda", `${name}.mjs`);
  await build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: `${name}-entry.ts`, loader: "ts" },
    outfile: file,
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    target: "node22",
    external: ["@aws-sdk/*"],
    banner: { js: BANNER },
    // As infra/ bundles the functions: the configuration as JSON.parse of a string, here the generated one.
    plugins: [configAsJson({ file: configFile })],
    logLevel: "silent",
    legalComments: "none",
  });
  return { file, bytes: statSync(file).size };
}

/** Milliseconds a fresh `node` takes to import `file` (performance.now() around import()). */
function coldImport(file: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(JSON.stringify({ ms: performance.now() - t }));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "--no-warnings", "-e", script], {
      cwd: path.dirname(file),
      env: {
        PATH: process.env.PATH,
        NODE_PATH: path.join(ROOT, "node_modules"),
        AWS_REGION: "us-east-1",
        TABLE_NAME: "bench",
        AWS_ACCESS_KEY_ID: "bench",
        AWS_SECRET_ACCESS_KEY: "bench",
        POWERTOOLS_SERVICE_NAME: "bench",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("exit", (code) => {
      try {
        resolve((JSON.parse(stdout.trim().split("\n").pop() ?? "") as { ms: number }).ms);
      } catch {
        reject(new Error(`importing ${path.basename(file)} failed (${code}): ${stderr.slice(0, 500)}`));
      }
    });
  });
}

/** The configuration-only figures at one size. */
interface ConfigRun {
  sources: number;
  configBytes: number;
  checkSeconds: number;
  loadMs: number;
  bundles: Record<string, { bytes: number; importMs: number }>;
}

const LAMBDA_ENTRIES = {
  api: `export { handler } from "./functions/api/handler.ts";`,
  worker: `export { handler } from "./functions/poller/worker.ts"; import { bundledConfig } from "./functions/runtime.ts"; bundledConfig();`,
};

async function measureConfig(n: number, ctx: BenchContext): Promise<ConfigRun> {
  const configFile = writeConfig(n, (i) => `http://127.0.0.${(i % HOSTS) + 1}:8080/feeds/f${i}.xml`);
  mkdirSync(path.join(OUT, "lambda"), { recursive: true });
  const checks: number[] = [];
  for (let i = 0; i < 3; i++) checks.push(await checkSeconds(configFile));
  const loads: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await loadConfig(configFile);
    loads.push(performance.now() - started);
  }
  const bundles: ConfigRun["bundles"] = {};
  for (const [label, entry] of Object.entries(LAMBDA_ENTRIES)) {
    const built = await bundleWith(`${label}-${n}`, entry, configFile);
    await coldImport(built.file); // warm the file cache
    const times: number[] = [];
    for (let i = 0; i < 3; i++) times.push(await coldImport(built.file));
    bundles[label] = { bytes: built.bytes, importMs: median(times) };
  }
  const result = {
    sources: n,
    configBytes: statSync(configFile).size,
    checkSeconds: median(checks),
    loadMs: median(loads),
    bundles,
  };
  ctx.log(
    `  config of ${n} sources (${(result.configBytes / 1e6).toFixed(1)} MB): check ${result.checkSeconds.toFixed(2)} s, ` +
      `load ${result.loadMs.toFixed(0)} ms, ` +
      Object.entries(bundles)
        .map(([k, b]) => `${k} bundle ${(b.bytes / 1024).toFixed(0)} KB imports in ${b.importMs.toFixed(0)} ms`)
        .join(", "),
  );
  return result;
}

// ---------------------------------------------------------------------------------------------------------------

const f = (n: number) => n.toLocaleString("en-US");

/** Runs the scale group. */
export async function runScale(ctx: BenchContext): Promise<{ figures: Figure[]; skips: Skip[]; details: unknown }> {
  mkdirSync(OUT, { recursive: true });
  const skips: Skip[] = [];
  const figures: Figure[] = [];
  const proxy = await startDynamoProxy(ctx.endpoint);
  const runs: SizeRun[] = [];
  const configs: ConfigRun[] = [];
  try {
    // Configuration-only steps first: quick, and they show before the long polls whether 100,000 sources load.
    for (const n of CONFIG_SIZE > 0 ? [CONFIG_BASELINE, CONFIG_SIZE] : []) {
      try {
        configs.push(await measureConfig(n, ctx));
      } catch (error) {
        ctx.log(`  config of ${n} sources: FAILED ${(error as Error).message}`);
        skips.push({ group: GROUP, name: `configuration of ${f(n)} sources`, reason: (error as Error).message });
      }
    }
    for (const n of sizes) {
      try {
        runs.push(await measureSize(n, ctx, proxy));
      } catch (error) {
        ctx.log(`  ${n} sources: FAILED ${(error as Error).stack}`);
        skips.push({ group: GROUP, name: `${f(n)} sources`, reason: (error as Error).message });
      }
    }
  } finally {
    await proxy.close();
  }

  const [base, ...larger] = runs;
  if (base) {
    for (const big of larger) figures.push(...sizeFigures(base, big));
  }
  const [configBase, ...configLarger] = configs;
  if (configBase) {
    for (const big of configLarger) figures.push(...configFigures(configBase, big));
  }
  return { figures, skips, details: { runs, configs, entriesPerFeed: ENTRIES_PER_FEED, hosts: HOSTS } };
}

function sizeFigures(base: SizeRun, big: SizeRun): Figure[] {
  const at = `at ${f(big.sources)} sources`;
  const label = `the same at ${f(base.sources)} sources, same run`;
  const out: Figure[] = [];
  const perArticle = (r: SizeRun) => (r.first.seconds * 1000) / Math.max(1, r.articles);
  out.push(
    figure({
      group: GROUP,
      name: `first npm run poll, ms per new article ${at}`,
      value: perArticle(big),
      unit: "ms",
      baseline: perArticle(base),
      baselineLabel: label,
      goal: { op: "<=", target: 1.15, on: "ratio" },
      note: `${big.first.seconds.toFixed(0)} s for ${f(big.articles)} articles against ${base.first.seconds.toFixed(0)} s for ${f(base.articles)}`,
    }),
  );
  if (big.first.maxRssMB !== null && base.first.maxRssMB !== null) {
    out.push(
      figure({
        group: GROUP,
        name: `first poll's peak memory (max RSS) ${at}`,
        value: big.first.maxRssMB,
        unit: "MB",
        baseline: base.first.maxRssMB,
        baselineLabel: label,
        goal: { op: "<=", target: 1.3, on: "ratio" },
      }),
    );
  }
  out.push(
    figure({
      group: GROUP,
      name: `first poll's DynamoDB requests per new article ${at}`,
      value: big.first.dynamoRequests / Math.max(1, big.articles),
      unit: "requests",
      baseline: base.first.dynamoRequests / Math.max(1, base.articles),
      baselineLabel: label,
    }),
  );
  for (const [key, name] of [
    ["unchanged", "unchanged poll (all 304)"],
    ["changed", "10%-changed poll"],
  ] as const) {
    const perSource = (r: SizeRun) => (r[key].seconds * 1000) / r.sources;
    out.push(
      figure({
        group: GROUP,
        name: `${name}, ms per source ${at}`,
        value: perSource(big),
        unit: "ms",
        baseline: perSource(base),
        baselineLabel: label,
        goal: { op: "<=", target: 1.15, on: "ratio" },
        note: `${big[key].seconds.toFixed(1)} s against ${base[key].seconds.toFixed(1)} s; peak ${big[key].maxRssMB?.toFixed(0) ?? "?"} MB against ${base[key].maxRssMB?.toFixed(0) ?? "?"} MB`,
      }),
      figure({
        group: GROUP,
        name: `${name}, DynamoDB requests per source ${at}`,
        value: big[key].dynamoRequests / big.sources,
        unit: "requests",
        baseline: base[key].dynamoRequests / base.sources,
        baselineLabel: label,
      }),
    );
  }
  for (const route of ROUTES) {
    const b = base.routes[route];
    const r = big.routes[route];
    if (!b || !r) continue;
    const name = route === "item" ? "GET /api/items/:id" : `GET ${route}`;
    out.push(
      figure({
        group: GROUP,
        name: `${name} time, first request ${at}`,
        value: r.firstMs,
        unit: "ms",
        baseline: b.firstMs,
        baselineLabel: label,
        goal: { op: "<=", target: 1.2, on: "ratio" },
        note: `status ${r.status}; repeated (caches warm): median ${r.ms.toFixed(1)} ms against ${b.ms.toFixed(1)} ms`,
      }),
      figure({
        group: GROUP,
        name: `${name} bytes ${at}`,
        value: r.bytes / 1024,
        unit: "KB",
        baseline: b.bytes / 1024,
        baselineLabel: label,
      }),
      figure({
        group: GROUP,
        name: `${name} DynamoDB requests, first request ${at}`,
        value: r.dynamoRequests,
        unit: "requests",
        baseline: b.dynamoRequests,
        baselineLabel: label,
        goal: { op: "<=", target: 1.2, on: "ratio" },
        note: `a repeated request: ${r.warmDynamoRequests} against ${b.warmDynamoRequests}`,
      }),
    );
  }
  return out;
}

function configFigures(base: ConfigRun, big: ConfigRun): Figure[] {
  const at = `at ${f(big.sources)} sources`;
  const label = `the same at ${f(base.sources)} sources, same run`;
  const out: Figure[] = [
    figure({
      group: GROUP,
      name: `npm run check ${at}`,
      value: big.checkSeconds,
      unit: "s",
      baseline: base.checkSeconds,
      baselineLabel: label,
      note: `configuration of ${(big.configBytes / 1e6).toFixed(1)} MB of JSON`,
    }),
    figure({
      group: GROUP,
      name: `configuration load (read, parse, validate) ${at}`,
      value: big.loadMs,
      unit: "ms",
      baseline: base.loadMs,
      baselineLabel: label,
    }),
  ];
  for (const [label2, b] of Object.entries(big.bundles)) {
    const small = base.bundles[label2];
    if (!small) continue;
    out.push(
      figure({
        group: GROUP,
        name: `${label2} Lambda bundle size ${at}`,
        value: b.bytes / 1024,
        unit: "KB",
        baseline: small.bytes / 1024,
        baselineLabel: label,
        goal: { op: "<=", target: 2, on: "ratio" },
      }),
      figure({
        group: GROUP,
        name: `${label2} Lambda bundle cold import ${at}`,
        value: b.importMs,
        unit: "ms",
        baseline: small.importMs,
        baselineLabel: label,
        goal: { op: "<=", target: 2, on: "ratio" },
        note: "a fresh node importing the bundle (the API handler validates its configuration and builds its app)",
      }),
    );
  }
  return out;
}

// On its own: DynamoDB Local started here, the figures printed.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const engine = await startEngine({ kind: "dynamodb-local" });
  try {
    const { figures, skips } = await runScale({ endpoint: engine.endpoint, log: (line) => console.log(line) });
    for (const skip of skips) console.log(`skipped: ${skip.name}: ${skip.reason}`);
    for (const fig of figures) {
      console.log(
        `${fig.name}: ${fig.value.toFixed(2)} ${fig.unit} (baseline ${fig.baseline?.toFixed(2) ?? "—"}, ratio ${fig.ratio?.toFixed(2) ?? "—"})`,
      );
    }
  } finally {
    await engine.stop();
  }
}
