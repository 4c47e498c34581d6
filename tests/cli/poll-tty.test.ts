import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { type CommandResult, ROOT, runScript, writeConfig } from "../helpers/cli.ts";
import { engineEndpoint } from "../helpers/store.ts";

// `npm run poll` as a person sees it on a terminal (a pseudo-terminal from util-linux `script`), and as a
// pipe sees it.

const SCRIPT = "/usr/bin/script";
const ESC = String.fromCharCode(27);

let publisher: Awaited<ReturnType<typeof startPublisher>>;
beforeAll(async () => {
  publisher = await startPublisher();
  const shared = [1, 2, 3].map((n) => ({
    title: `Shared ${n}`,
    link: `https://news.example/s${n}/`,
    pubDate: pubDate(n),
  }));
  publisher.set("/a.rss", {
    body: rss({ title: "A", items: [...shared, { title: "A only", link: "https://news.example/a/" }] }),
  });
  publisher.set("/b.rss", { body: rss({ title: "B", items: shared }) });
  publisher.set("/broken.rss", { status: 500, body: "no" });
});
afterAll(() => publisher.close());

function env() {
  return {
    TRIBUTARY_CONFIG: writeConfig({
      title: "TTY",
      sources: [
        { id: "a", url: `${publisher.url}/a.rss` },
        { id: "b", url: `${publisher.url}/b.rss` },
        { id: "broken", url: `${publisher.url}/broken.rss` },
      ],
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    }),
    DYNAMODB_ENDPOINT: engineEndpoint(),
    TABLE_NAME: `tty-${randomUUID()}`,
  };
}

/** Runs `npm run poll` on a pseudo-terminal and returns what the terminal showed. */
function pollOnTerminal(extra: Record<string, string>, args: string[] = []): Promise<CommandResult> {
  const command = [process.execPath, "--import", "tsx", path.join(ROOT, "scripts/poll.ts"), ...args]
    .map((part) => JSON.stringify(part))
    .join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, ["-qec", command, "/dev/null"], {
      cwd: ROOT,
      env: { ...process.env, TERM: "xterm", NO_COLOR: "1", ...extra },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout: stdout.replace(/\r/g, ""), stderr }));
  });
}

describe.skipIf(!existsSync(SCRIPT))("npm run poll on a terminal", { timeout: 120_000 }, () => {
  it("prints a readable line per source and one summary, not JSON", async () => {
    const shown = await pollOnTerminal(env());
    expect(shown.code).toBe(0);
    // A progress line is erased (ESC[2K, ESC[1G) before the next line is written over it.
    const lines = shown.stdout.split("\n").map((line) => line.split(`${ESC}[1G`).at(-1) ?? "");
    expect(lines).toContainEqual(
      expect.stringMatching(/^\[\d\/3\] ✓ a +fetched: 4 entries — \d new, 0 edited, \d already stored/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^\[\d\/3\] ✓ b +fetched: 3 entries/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^\[\d\/3\] ✗ broken +failed: HTTP 500 .*\(will retry with backoff\)/),
    );
    expect(shown.stdout.match(/3 sources polled in .*: 2 fetched, 0 not modified, 1 failed/g)).toHaveLength(1);
    expect(shown.stdout).toContain(
      "4 articles seen (each once, however many sources list it): 4 new, 0 updated, 0 unchanged",
    );
    expect(shown.stdout).toContain("the per-source figures count feed entries, 7 in all");
    expect(shown.stdout).not.toMatch(/^\{/m);
  });

  it("keeps the JSON lines contract with --json and with LOG_FORMAT=json", async () => {
    for (const [extra, args] of [
      [{}, ["--json"]],
      [{ LOG_FORMAT: "json" }, []],
    ] as const) {
      const shown = await pollOnTerminal({ ...env(), ...extra }, [...args]);
      const lines = shown.stdout.trim().split("\n");
      expect(lines.every((line) => line.startsWith("{"))).toBe(true);
      expect(JSON.parse(lines.at(-1) as string)).toEqual({
        sources: 3,
        fetched: 2,
        notModified: 0,
        failed: 1,
        itemsNew: 4,
        itemsUpdated: 0,
        itemsUnchanged: 0,
      });
      expect(lines.filter((line) => line.includes('"itemsNew"'))).toHaveLength(1);
    }
  });
});

describe("npm run poll through a pipe", { timeout: 120_000 }, () => {
  it("prints plain readable lines (no escape codes), and JSON lines only when asked (--json, LOG_FORMAT=json)", async () => {
    for (const extra of [{}, { LOG_FORMAT: "text" }]) {
      const text = await runScript("poll.ts", [], { ...env(), ...extra });
      expect(text.code).toBe(0);
      expect(text.stdout).not.toContain(ESC);
      expect(text.stdout).not.toMatch(/^\{/m);
      expect(text.stdout).toMatch(/^\[\d\/3\] ✗ broken +failed: HTTP 500/m);
      expect(text.stdout).toMatch(/^3 sources polled in/m);
    }
    for (const [extra, args] of [
      [{}, ["--json"]],
      [{ LOG_FORMAT: "json" }, []],
    ] as const) {
      const piped = await runScript("poll.ts", [...args], { ...env(), ...extra });
      const lines = piped.stdout.trim().split("\n");
      expect(lines.every((line) => line.startsWith("{"))).toBe(true);
      expect(JSON.parse(lines.at(-1) as string)).toMatchObject({ sources: 3, failed: 1 });
    }
  });
});
