/**
 * A command whose stdout's reader goes away (`npm run -s parse -- FILE… | head -1`) ends quietly: no EPIPE stack
 * trace on stderr, the exit status it had so far. The rule is one function every command runs first
 * (`answerHelp`, local/help.ts); two commands with long output show it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.ts";

/** Runs a script, reads its stdout up to the first line, then closes the pipe, as `| head -1` does. */
function firstLineThenClose(
  script: string,
  args: string[],
): Promise<{ code: number | null; line: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", script), ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let line = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n") && !line) {
        line = out.slice(0, out.indexOf("\n"));
        child.stdout.destroy();
      }
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not exit\n${stderr}`));
    }, 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, line, stderr });
    });
  });
}

describe("a command whose stdout closes", { timeout: 90_000 }, () => {
  it("parse: ends quietly after the first line, status 0", async () => {
    // Far more than a pipe holds (64 KiB), so the command is still writing when the reader leaves.
    const feed = path.join(ROOT, "packages/core/src/parse/testdata/rss2.xml");
    const result = await firstLineThenClose(
      "parse.ts",
      Array.from({ length: 400 }, () => feed),
    );
    expect(JSON.parse(result.line)).toMatchObject({ input: feed, ok: true });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("import: ends quietly with a long configuration half-read", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tributary-stdout-"));
    const file = path.join(dir, "many.opml");
    const outlines = Array.from(
      { length: 3000 },
      (_, n) => `<outline text="Feed ${n}" type="rss" xmlUrl="https://example.org/feeds/${n}.rss"/>`,
    );
    writeFileSync(file, `<opml version="2.0"><head><title>Many</title></head><body>${outlines.join("")}</body></opml>`);
    const result = await firstLineThenClose("import.ts", [file]);
    expect(result.line).toBe("{");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});
