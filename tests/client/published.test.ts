/**
 * The client as apps get it: JavaScript with declarations in `packages/client/dist`, as committed. A plain
 * Node.js app (`node app.mjs`, no TypeScript loader) and an esbuild bundle of it both use it against a running
 * server; a TypeScript app type-checks against its declarations; and the committed build is what the sources build.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../functions/api/server.ts";
import { buildClient, CLIENT_DIR, DIST } from "../../packages/client/scripts/build.ts";
import { makeItem, NOW, seed, testConfig } from "../api/fixtures.ts";
import { createTestStore } from "../helpers/store.ts";

/** An app's folder with `@tributary/client` installed from the checkout, as `npm install <folder>` links it. */
function appFolder(): string {
  const app = mkdtempSync(path.join(tmpdir(), "tributary-client-app-"));
  writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  mkdirSync(path.join(app, "node_modules", "@tributary"), { recursive: true });
  symlinkSync(CLIENT_DIR, path.join(app, "node_modules", "@tributary", "client"), "dir");
  return app;
}

/** What the apps do with the client: one call of each kind they print, and a typed error. */
const APP = `import { createTributaryClient, TributaryApiError } from "@tributary/client";
const api = createTributaryClient(process.argv[2]);
const topics = await api.topics();
const titles = [];
for await (const item of api.eachTopicItem(topics[0].slug, { limit: 2 })) titles.push(item.title);
let missing = null;
try {
  await api.item("no-such-item");
} catch (error) {
  missing = error instanceof TributaryApiError ? error.status : String(error);
}
console.log(JSON.stringify({ topics: topics.map((topic) => topic.slug), titles, missing }));
`;

/** Runs `node file` in `cwd` with no loader (nothing of the test runner's environment that could add one). */
function runNode(file: string, cwd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const { NODE_OPTIONS: _options, ...env } = process.env;
    const child = spawn(process.execPath, [file, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

describe("the published client", () => {
  let server: RunningServer;
  const items = Array.from({ length: 5 }, (_, n) => makeItem(n, n + 1, ["alpha"]));
  const expected = {
    topics: ["world", "quiet"],
    titles: items.map((item) => item.title),
    missing: 404,
  };
  beforeAll(async () => {
    const store = await createTestStore();
    await seed(store, "world", items);
    server = await startServer({ config: testConfig, store, now: () => NOW, port: 0, hostname: "127.0.0.1" });
  });
  afterAll(() => server.close());

  it("is what the sources build (run `npm run client:build` after changing them)", async () => {
    const built = await buildClient();
    expect([...built.keys()].sort()).toEqual(readdirSync(DIST).sort());
    for (const [file, text] of built) expect(readFileSync(path.join(DIST, file), "utf8"), file).toBe(text);
  });

  it("runs in a plain Node.js app: node app.mjs, no TypeScript loader", async () => {
    const app = appFolder();
    writeFileSync(path.join(app, "app.mjs"), APP);
    const run = await runNode("app.mjs", app, [server.url]);
    expect(run.out).not.toContain("ERR_UNKNOWN_FILE_EXTENSION");
    expect(run.code, run.out).toBe(0);
    expect(JSON.parse(run.out)).toEqual(expected);
  });

  it("bundles with esbuild, and the bundle runs", async () => {
    const app = appFolder();
    writeFileSync(path.join(app, "app.mjs"), APP);
    await build({
      entryPoints: [path.join(app, "app.mjs")],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile: path.join(app, "bundle.mjs"),
      logLevel: "silent",
    });
    const bundle = readFileSync(path.join(app, "bundle.mjs"), "utf8");
    expect(bundle).not.toMatch(/from\s*["']@tributary\/client["']|from\s*["']openapi-fetch["']/);
    const run = await runNode("bundle.mjs", app, [server.url]);
    expect(run.code, run.out).toBe(0);
    expect(JSON.parse(run.out)).toEqual(expected);
  });

  it("type-checks a TypeScript app against its declarations (Node16 resolution, results typed)", () => {
    const app = appFolder();
    const source = path.join(app, "app.ts");
    writeFileSync(
      source,
      `import { createTributaryClient, type Item, type Topic } from "@tributary/client";
const api = createTributaryClient("http://127.0.0.1:3000");
const topics: Topic[] = await api.topics();
const rss: string = topics[0]?.feeds.rss ?? "";
const item: Item = await api.item("x");
const title: string | null = item.title;
// @ts-expect-error: limit is a number, so results are typed rather than any
await api.topicItems("world", { limit: "ten" });
// @ts-expect-error: an item's title is no number
const wrong: number = item.title;
export { rss, title, wrong };
`,
    );
    const program = ts.createProgram([source], {
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
      types: [],
      strict: true,
      noEmit: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
  });
});
