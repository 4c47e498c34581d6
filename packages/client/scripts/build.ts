/**
 * Builds the published client: `dist/index.js` (ES2022 modules, `openapi-fetch` imported, not bundled), its
 * declarations `dist/index.d.ts` and the API's types `dist/openapi.d.ts`, compiled from `src/` by TypeScript's own
 * compiler. The output is committed, so a clone has it without running anything (npm 11 runs no install scripts
 * unless allowed, and `npm install /path/to/packages/client` links the folder as it is); a test fails while it
 * differs from what the sources build. Run `npm run client:build` after changing `src/`.
 */
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CompilerOptions } from "typescript";
import { answerHelp } from "../../../local/help.ts";

/** The client package's folder. */
export const CLIENT_DIR = fileURLToPath(new URL("..", import.meta.url));
const SRC = path.join(CLIENT_DIR, "src");
/** Where the published files are written. */
export const DIST = path.join(CLIENT_DIR, "dist");

/** Files the build writes, by path relative to `dist/`. */
export type Built = Map<string, string>;

/**
 * Compiles `src/index.ts` into JavaScript and declarations, in memory: `index.js`, `index.d.ts` and `openapi.d.ts`
 * (copied; it holds types only), each ending with one newline. TypeScript's compiler is loaded on the first call,
 * not with this module, so that `npm run client:build -- --help` answers without it.
 * @throws Error naming every compiler diagnostic when the sources do not compile.
 */
export async function buildClient(): Promise<Built> {
  const { default: ts } = await import("typescript");
  const options: CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    types: [],
    strict: true,
    noImplicitOverride: true,
    declaration: true,
    skipLibCheck: true,
    rootDir: SRC,
    outDir: DIST,
    newLine: ts.NewLineKind.LineFeed,
  };
  const built: Built = new Map();
  const host = ts.createCompilerHost(options);
  host.writeFile = (file, text) => built.set(path.relative(DIST, file), text.endsWith("\n") ? text : `${text}\n`);
  const program = ts.createProgram([path.join(SRC, "index.ts")], options, host);
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0) {
    const text = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => CLIENT_DIR,
      getNewLine: () => "\n",
    });
    throw new Error(`the client does not compile:\n${text}`);
  }
  built.set("openapi.d.ts", readFileSync(path.join(SRC, "openapi.d.ts"), "utf8"));
  return built;
}

/** Writes the build into `dist/` (`buildClient()`'s when none is given). */
export async function writeBuild(built?: Built): Promise<void> {
  const files = built ?? (await buildClient());
  await mkdir(DIST, { recursive: true });
  for (const [file, text] of files) await writeFile(path.join(DIST, file), text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  answerHelp(`usage: npm run client:build

Compiles the typed client (packages/client/src) to dist/: index.js, index.d.ts and openapi.d.ts.

Options:
  -h, --help  this help`);
  await writeBuild();
  console.log(`wrote ${DIST}`);
}
