/**
 * A JSON configuration deploys: with `TRIBUTARY_CONFIG` set, infra/config.ts validates that file and its bundling
 * options define it into the functions, so a function bundled with them (esbuild, as SST bundles) runs on it; without
 * it, on tributary.config.ts. (The SST type-check of infra/ runs in `npm run typecheck:infra`.)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ROOT, writeConfig } from "../helpers/cli.ts";

const OUT = path.join(ROOT, "node_modules", ".cache", "tributary-bundle-test");

/** Bundles a function that prints the configuration `bundledConfig()` reads, with `define`, and runs it. */
async function configSeenByFunction(define: Record<string, string> | undefined) {
  mkdirSync(OUT, { recursive: true });
  const outfile = path.join(OUT, `fn-${Math.random().toString(36).slice(2)}.mjs`);
  await build({
    stdin: {
      contents: `import { bundledConfig } from "./functions/runtime.ts";
        const c = bundledConfig();
        console.log(JSON.stringify({ title: c.title, sources: c.sources.map((s) => s.id), poll: c.poll }));`,
      resolveDir: ROOT,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile,
    define,
    logLevel: "silent",
  });
  const printed = execFileSync(process.execPath, ["--import", "tsx", outfile], {
    cwd: ROOT,
    env: { ...process.env, TRIBUTARY_CONFIG: "", TRIBUTARY_BUNDLED_CONFIG: "" },
  });
  return JSON.parse(printed.toString("utf8"));
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("deploying a JSON configuration", () => {
  it("bundles the file TRIBUTARY_CONFIG names into the functions", async () => {
    const file = writeConfig({
      title: "Imported subscriptions",
      sources: [
        { id: "kyiv-independent", url: "https://kyivindependent.com/feed/" },
        { id: "meduza", url: "https://meduza.io/rss/en/all", everyMinutes: 30 },
      ],
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
      poll: { minMinutes: 2, maxMinutes: 120 },
    });
    vi.stubEnv("TRIBUTARY_CONFIG", file);
    const { config, nodejsBundle } = await import("../../infra/config.ts");
    expect(config.title).toBe("Imported subscriptions");
    const define = nodejsBundle.esbuild?.define;
    expect(define).toBeTruthy();
    const seen = await configSeenByFunction(define);
    expect(seen).toMatchObject({
      title: "Imported subscriptions",
      sources: ["kyiv-independent", "meduza"],
      poll: { minMinutes: 2, maxMinutes: 120, everyMinutes: 10 },
    });
  }, 120_000);

  it("bundles tributary.config.ts when TRIBUTARY_CONFIG is not set", async () => {
    vi.stubEnv("TRIBUTARY_CONFIG", "");
    const { config, nodejsBundle } = await import("../../infra/config.ts");
    expect(nodejsBundle).toEqual({ minify: true, plugins: "infra/config-plugin.mjs" });
    const seen = await configSeenByFunction(undefined);
    expect(seen.title).toBe(config.title);
    expect(seen.sources).toContain("rs-ukraine-war");
  }, 120_000);

  it("stops the deploy on an invalid JSON configuration, one line per problem, or a file that is not JSON", async () => {
    vi.stubEnv("TRIBUTARY_CONFIG", writeConfig({ title: "T", sources: [], topics: [] }));
    await expect(import("../../infra/config.ts")).rejects.toThrow(/sources: must list at least one source/);
    vi.resetModules();
    vi.stubEnv("TRIBUTARY_CONFIG", "tributary.config.ts");
    await expect(import("../../infra/config.ts")).rejects.toThrow(
      `TRIBUTARY_CONFIG must name a .json file, not ${path.resolve("tributary.config.ts")}`,
    );
    // A .json file named relatively is named by its absolute path in its problem.
    vi.resetModules();
    vi.stubEnv("TRIBUTARY_CONFIG", "no-such-config.json");
    await expect(import("../../infra/config.ts")).rejects.toThrow(
      `${path.resolve("no-such-config.json")}: cannot read`,
    );
  });
});
