/**
 * Lambda: bundle size and cold import time of the API handler and the poll worker, bundled with esbuild as a
 * Lambda function would be (bundle, minify, platform node, ESM, target node22), against a hello-world Hono app
 * bundled the same way. Each handler is bundled twice: with `@aws-sdk/*` external (the Node.js 22 runtime
 * provides SDK v3; resolved here from node_modules) and with the SDK bundled in.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { BenchContext } from "./support.ts";
import { median } from "./support.ts";
import { type Figure, figure, type Skip } from "./table.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const OUT = path.join(HERE, ".tmp", "lambda");
const GROUP = "lambda";
const RUNS = 5;

/** CommonJS dependencies call require(); an ESM bundle needs one (SST's bundler adds the same banner). */
const BANNER =
  'import { createRequire as __benchRequire } from "node:module"; const require = __benchRequire(import.meta.url);';

interface Bundle {
  name: string;
  file: string;
  bytes: number;
  gzipBytes: number;
}

async function bundle(name: string, entry: string, sdk: "external" | "bundled"): Promise<Bundle> {
  const file = path.join(OUT, `${name}.mjs`);
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    target: "node22",
    external: sdk === "external" ? ["@aws-sdk/*"] : [],
    banner: { js: BANNER },
    logLevel: "silent",
    legalComments: "none",
  });
  return { name, file, bytes: statSync(file).size, gzipBytes: gzipSync(readFileSync(file)).length };
}

/** Milliseconds a fresh `node` takes to import the bundle, measured inside it around the dynamic import. */
function coldImport(file: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(JSON.stringify({ ms: performance.now() - t }));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "--no-warnings", "-e", script], {
      cwd: OUT,
      env: {
        PATH: process.env.PATH,
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
      const line = stdout.trim().split("\n").pop() ?? "";
      try {
        resolve((JSON.parse(line) as { ms: number }).ms);
      } catch {
        reject(new Error(`importing ${path.basename(file)} failed (${code}): ${stderr.slice(0, 500)}`));
      }
    });
  });
}

/** Runs the lambda group. */
export async function runLambda(ctx: BenchContext): Promise<{ figures: Figure[]; skips: Skip[]; details: unknown }> {
  mkdirSync(OUT, { recursive: true });
  const skips: Skip[] = [];
  const entries: { label: string; entry: string }[] = [
    { label: "api", entry: path.join(ROOT, "functions/api/handler.ts") },
    { label: "worker", entry: path.join(ROOT, "functions/poller/worker.ts") },
  ];
  const hello = await bundle("hello", path.join(HERE, "lambda-hello.ts"), "external");
  const bundles: { label: string; sdk: "external" | "bundled"; bundle: Bundle }[] = [];
  for (const { label, entry } of entries) {
    if (!existsSync(entry)) {
      skips.push({ group: GROUP, name: label, reason: `${path.relative(ROOT, entry)} does not exist yet` });
      continue;
    }
    for (const sdk of ["external", "bundled"] as const) {
      try {
        bundles.push({ label, sdk, bundle: await bundle(`${label}-sdk-${sdk}`, entry, sdk) });
      } catch (error) {
        skips.push({ group: GROUP, name: `${label} (SDK ${sdk})`, reason: `esbuild: ${(error as Error).message}` });
      }
    }
  }
  // Interleave the bundles in each round so that drift in the machine's speed falls on all alike.
  const all = [hello, ...bundles.map((b) => b.bundle)];
  const times = new Map<string, number[]>(all.map((b) => [b.name, []]));
  const failed = new Map<string, string>();
  for (const b of all) await coldImport(b.file).catch(() => 0); // warm the file cache
  for (let round = 0; round < RUNS; round++) {
    for (const b of all) {
      if (failed.has(b.name)) continue;
      try {
        times.get(b.name)?.push(await coldImport(b.file));
      } catch (error) {
        failed.set(b.name, (error as Error).message);
      }
    }
  }
  if (failed.has(hello.name)) throw new Error(`the hello-world bundle does not import: ${failed.get(hello.name)}`);
  const helloMs = median(times.get(hello.name) ?? []);
  const kb = (bytes: number) => bytes / 1024;
  ctx.log(`  hello world: ${kb(hello.bytes).toFixed(1)} KB, cold import ${helloMs.toFixed(1)} ms`);
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {
    hello: { ...hello, ms: times.get(hello.name) },
    options: { bundle: true, minify: true, platform: "node", format: "esm", target: "node22", banner: BANNER },
  };
  for (const { label, sdk, bundle: b } of bundles) {
    const sdkText = sdk === "external" ? "@aws-sdk/* external" : "SDK bundled";
    figures.push(
      figure({
        group: GROUP,
        name: `${label} bundle size (${sdkText})`,
        value: kb(b.bytes),
        unit: "KB",
        baseline: kb(hello.bytes),
        baselineLabel: "hello-world Hono app (hono/aws-lambda handle), bundled the same way",
        note: `gzip ${kb(b.gzipBytes).toFixed(0)} KB (hello ${kb(hello.gzipBytes).toFixed(1)} KB)`,
      }),
    );
    const error = failed.get(b.name);
    if (error) {
      skips.push({ group: GROUP, name: `${label} cold import (${sdkText})`, reason: error });
      continue;
    }
    const ms = median(times.get(b.name) ?? []);
    ctx.log(`  ${label} (${sdkText}): ${kb(b.bytes).toFixed(0)} KB, cold import ${ms.toFixed(1)} ms`);
    details[b.name] = { ...b, ms: times.get(b.name) };
    figures.push(
      figure({
        group: GROUP,
        name: `${label} cold import (${sdkText}), median of ${RUNS}`,
        value: ms,
        unit: "ms",
        baseline: helloMs,
        baselineLabel: "cold import of the hello-world bundle (fresh node, performance.now() around import())",
        note:
          sdk === "external"
            ? "the SDK is loaded from node_modules, as the Lambda runtime would load its own copy"
            : undefined,
      }),
    );
  }
  return { figures, skips, details };
}
