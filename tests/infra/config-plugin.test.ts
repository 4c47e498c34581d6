/**
 * The functions' configuration as infra/config-plugin.mjs bundles it: validated at build time, gzipped JSON marked
 * validated, taken as it is by `bundledConfigOf`; an invalid configuration fails the build with its problems.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundledConfigOf, PREVALIDATED, validateConfig } from "@tributary/core/config";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { configAsJson } from "../../infra/config-plugin.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// Inside the repository (ignored by git), so that a TypeScript configuration resolves @tributary/core.
const dir = path.join(root, "tests", "artifacts", `config-plugin-${process.pid}`);
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const input = {
  title: "Plugin test",
  sources: [
    { id: "a", url: "https://x.org/a.rss", title: "A &amp; B" },
    { id: "b", url: "https://x.org/b.rss" },
  ],
  topics: [
    { slug: "all", title: "All", sources: ["*"] },
    { slug: "a", title: "A", sources: ["a"], include: ["kyiv"] },
  ],
};

/** Bundles an entry importing `tributary.config.ts` from `dir` (as functions/runtime.ts does) and imports it. */
async function bundled(name: string, options: { file?: string } = {}): Promise<unknown> {
  const outfile = path.join(dir, `${name}.mjs`);
  await build({
    stdin: { contents: 'export { default } from "./tributary.config.ts";', resolveDir: dir, loader: "ts" },
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    plugins: [configAsJson(options)],
    logLevel: "silent",
  });
  return ((await import(pathToFileURL(outfile).href)) as { default: unknown }).default;
}

describe("the configuration in a function's bundle", () => {
  it("is the validated configuration, marked so a cold start takes it as it is", async () => {
    const file = path.join(dir, "valid.json");
    writeFileSync(file, JSON.stringify(input));
    const config = await bundled("valid", { file });
    expect(config).toEqual(JSON.parse(JSON.stringify(validateConfig(input))));
    expect((config as Record<symbol, unknown>)[PREVALIDATED]).toBe(true);
    expect(bundledConfigOf(config)).toBe(config);
    // Validated, not copied: defaults are filled and titles read as text.
    const valid = bundledConfigOf(config);
    expect(valid.poll.everyMinutes).toBe(10);
    expect(valid.sources[0]?.title).toBe("A & B");
  });

  it("reads tributary.config.ts, a TypeScript module, as the functions import it", async () => {
    writeFileSync(
      path.join(dir, "tributary.config.ts"),
      `import { defineConfig } from "@tributary/core/config";\nexport default defineConfig(${JSON.stringify(input)});\n`,
    );
    const config = bundledConfigOf(await bundled("typescript"));
    expect(config.title).toBe("Plugin test");
    expect(config.topics.map((t) => t.slug)).toEqual(["all", "a"]);
  });

  it("fails the build when the configuration is invalid, naming the problem", async () => {
    const file = path.join(dir, "invalid.json");
    writeFileSync(file, JSON.stringify({ ...input, topics: [{ slug: "x", title: "X", sources: ["nope"] }] }));
    await expect(bundled("invalid", { file })).rejects.toThrow(/unknown source "nope"/);
  });
});
