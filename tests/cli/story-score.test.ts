/**
 * `npm run story-score` on what it is given to score: a grouping made elsewhere (`--assignments`, `--api`) is
 * scored when items of the corpus are in it; a bad URL is a usage error, and an input that gives nothing to score —
 * a server that cannot be reached, a page that is not one of items, a grouping with no item of the corpus — is
 * one line and exit 2, never a stack trace nor a perfect score of nothing.
 */
import { once } from "node:events";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "../helpers/cli.ts";

const dir = mkdtempSync(path.join(tmpdir(), "tributary-story-score-"));
const corpus = path.join(dir, "corpus");
const LINKS = ["https://news.example/a/1", "https://news.example/a/2", "https://other.example/b/3"] as const;

/** A file of the test folder with `text`; its path. */
function file(name: string, text: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
}

let server: Server;
let base: string;
/** What the API answers, by path. */
const pages = new Map<string, { type: string; body: string }>();

beforeAll(async () => {
  mkdirSync(corpus);
  const items = LINKS.map((link, n) => ({
    link,
    title: `Talks resume, day ${n}`,
    description: null,
    publisher: "P",
    source: n < 2 ? "a" : "b",
    published: `2026-01-0${n + 1}T00:00:00.000Z`,
  }));
  writeFileSync(path.join(corpus, "items.jsonl"), `${items.map((i) => JSON.stringify(i)).join("\n")}\n`);
  writeFileSync(
    path.join(corpus, "labels.json"),
    JSON.stringify({ [LINKS[0]]: "s1", [LINKS[1]]: "s1", [LINKS[2]]: "s2" }),
  );
  server = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? "/", "http://x").pathname);
    res.writeHead(page ? 200 : 404, { "content-type": page?.type ?? "text/plain" });
    res.end(page?.body ?? "not found");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Runs the command on the test corpus, unless `--corpus` names another. */
const score = (...args: string[]) =>
  runScript("story-score.ts", ["--", ...(args.includes("--corpus") ? [] : ["--corpus", corpus]), ...args], {});

/** A port nothing listens on: one a server had, closed. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("npm run story-score on a grouping made elsewhere", { timeout: 120_000 }, () => {
  it("scores the items found; says how many are missing and exits 1 when some are", async () => {
    const all = file("all.json", JSON.stringify({ [LINKS[0]]: "x", [LINKS[1]]: "x", [LINKS[2]]: "y" }));
    const complete = await score("--assignments", all);
    expect(complete.stderr).toBe("");
    expect(complete.code).toBe(0);
    expect(complete.stdout).toMatch(/pairwise P 1\.000 R 1\.000 F1 1\.000 .*\(3 items scored, 0 missing\)/);

    const some = file("some.json", JSON.stringify({ [LINKS[0]]: "x", [LINKS[2]]: "y" }));
    const partial = await score("--assignments", some);
    expect(partial.code).toBe(1);
    expect(partial.stdout).toMatch(/\(2 items scored, 1 missing\)/);
    expect(partial.stderr.trim()).toBe(
      `story-score: 1 of the corpus's 3 items are not in --assignments ${some}: the score is of the 2 found`,
    );
  });

  it("refuses a grouping with no item of the corpus: one line, exit 2, no score printed", async () => {
    const none = file("none.json", JSON.stringify({ a: "b" }));
    for (const json of [[], ["--json"]]) {
      const result = await score("--assignments", none, ...json);
      expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: "" });
      expect(result.stderr.trim()).toBe(
        `story-score: --assignments ${none}: none of the corpus's 3 items is in it (1 assigned; keys are the ` +
          "corpus's item ids or links): nothing to score",
      );
    }
  });

  it("--api: a bad URL is a usage error; an unreachable server or a page of no items is one line, exit 2", async () => {
    const usage = await score("--api", "notaurl");
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim().split("\n")).toEqual([
      "story-score: --api: not a valid absolute URL (scheme, host, a port up to 65535): notaurl",
      expect.stringMatching(/^usage: npm run story-score/),
    ]);

    const port = await closedPort();
    const unreachable = await score("--api", `http://127.0.0.1:${port}/api/topics/all/items`);
    expect({ code: unreachable.code, stdout: unreachable.stdout }).toEqual({ code: 2, stdout: "" });
    expect(unreachable.stderr.trim()).toBe(
      `story-score: --api http://127.0.0.1:${port}/api/topics/all/items?limit=200: cannot be read: connect ECONNREFUSED 127.0.0.1:${port}`,
    );

    pages.set("/html", { type: "text/html", body: "<!doctype html><p>hello" });
    pages.set("/other", { type: "application/json", body: '{"topics":[]}' });
    pages.set("/empty", { type: "application/json", body: '{"items":[],"nextCursor":null}' });
    const cases: [string, string][] = [
      ["/html", "not JSON"],
      ["/other", 'not a page of items (no "items" array: is it /api/topics/:slug/items?)'],
      ["/missing", "HTTP 404"],
    ];
    for (const [at, words] of cases) {
      const result = await score("--api", `${base}${at}`);
      expect({ at, code: result.code, stderr: result.stderr.trim() }).toEqual({
        at,
        code: 2,
        stderr: `story-score: --api ${base}${at}?limit=200: ${words}`,
      });
    }
    const empty = await score("--api", `${base}/empty`);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/none of the corpus's 3 items is in it \(0 assigned/);
  });

  it("an unreadable corpus or assignments file, or a corpus of no items: one line, exit 2", async () => {
    const empty = path.join(dir, "empty-corpus");
    mkdirSync(empty);
    writeFileSync(path.join(empty, "items.jsonl"), "");
    writeFileSync(path.join(empty, "labels.json"), "{}");
    const cases: [string[], RegExp][] = [
      [
        ["--assignments", path.join(dir, "nope.json")],
        /^story-score: --assignments .*nope\.json: cannot read it: ENOENT/,
      ],
      [["--assignments", dir], /^story-score: --assignments .*: cannot read it: EISDIR/],
      [
        ["--assignments", file("broken.json", "{\n nope")],
        /^story-score: --assignments .*: neither JSON nor JSON lines \(line 1 is not JSON\)$/,
      ],
      [["--corpus", path.join(dir, "nowhere")], /^story-score: --corpus .*nowhere: ENOENT/],
      [["--corpus", empty], /^story-score: --corpus .*empty-corpus: no items in items\.jsonl: nothing to score$/],
    ];
    for (const [args, line] of cases) {
      const result = await score(...args);
      expect({ args, code: result.code, lines: result.stderr.trim().split("\n") }).toEqual({
        args,
        code: 2,
        lines: [expect.stringMatching(line)],
      });
    }
  });
});
