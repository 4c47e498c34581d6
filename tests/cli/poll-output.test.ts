import type { CycleResult, SourceReport } from "@tributary/core/poll";
import { describe, expect, it } from "vitest";
import { idColumnWidth, jsonReporter, outputMode, terminalReporter } from "../../local/poll-output.ts";
import { formatSourceLine, formatSummary, NO_COLOR, plainError } from "../../local/poll-wording.ts";

// What the poller prints, tested with the terminal flag injected; tests/cli/poll-tty.test.ts runs the real
// command on a pseudo-terminal.

const report = (id: string, over: Partial<SourceReport> = {}): SourceReport => ({
  id,
  outcome: "fetched",
  status: "ok",
  ms: 412,
  bytes: 1000,
  new: 0,
  updated: 0,
  unchanged: 0,
  ...over,
});

/** The first poll of two sections sharing three articles: entries add up to more than articles. */
const firstPoll: CycleResult = {
  summary: { sources: 3, fetched: 2, notModified: 0, failed: 1, itemsNew: 5, itemsUpdated: 0, itemsUnchanged: 0 },
  reports: [
    report("europe", { new: 5 }),
    report("ukraine", { new: 0, unchanged: 3 }),
    report("broken", {
      outcome: "failed",
      status: "failing",
      error: "fetch: HTTP 500 Internal Server Error from http://x/",
    }),
  ],
  storageFailed: false,
  storageError: null,
};

const ESC = String.fromCharCode(27);

/** Collects what is written, as a stream with or without a terminal. */
function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (text: string) => chunks.push(text), text: () => chunks.join("") };
}

describe("formatSourceLine and formatSummary", () => {
  it("say what each figure counts, so that entries and articles can be reconciled", () => {
    const line = (r: SourceReport, done: number) =>
      formatSourceLine(r, { done, total: 3, idWidth: 7, colors: NO_COLOR });
    expect(firstPoll.reports.map((r, i) => line(r, i + 1))).toEqual([
      "[1/3] ✓ europe  fetched: 5 entries — 5 new, 0 edited, 0 already stored  (412 ms)",
      "[2/3] ✓ ukraine fetched: 3 entries — 0 new, 0 edited, 3 already stored  (412 ms)",
      "[3/3] ✗ broken  failed: HTTP 500 Internal Server Error from http://x/ (will retry with backoff)  (412 ms)",
    ]);
    expect(formatSummary(firstPoll, { ms: 3_200, colors: NO_COLOR })).toEqual([
      "3 sources polled in 3.2 s: 2 fetched, 0 not modified, 1 failed",
      "5 articles seen (each once, however many sources list it): 5 new, 0 updated, 0 unchanged",
      "(the per-source figures count feed entries, 8 in all: an article listed in several sources is new in one and already stored in the others)",
    ]);
  });

  it("leave out the reconciling note when entries and articles agree, and name gone sources and storage failures", () => {
    const quiet: CycleResult = {
      ...firstPoll,
      summary: { ...firstPoll.summary, itemsNew: 5 },
      reports: [report("europe", { new: 5 })],
      storageError: "store: table missing",
    };
    expect(formatSummary(quiet, { ms: 90, colors: NO_COLOR }).slice(2)).toEqual([
      "storage failed: storage: table missing",
    ]);
    const gone = report("old", { outcome: "failed", status: "gone", error: "fetch: HTTP 410 Gone from http://x/" });
    expect(formatSourceLine(gone, { done: 1, total: 1, idWidth: 0, colors: NO_COLOR })).toContain(
      "(gone: no longer polled)",
    );
    expect(plainError("parse: not a feed: looks like an HTML page")).toBe(
      "not a readable feed: not a feed: looks like an HTML page",
    );
  });
});

describe("terminalReporter", () => {
  it("on a terminal, draws progress below the source lines and clears it before each line and the summary", () => {
    let clock = 0;
    const out = sink(true);
    const reporter = terminalReporter(out, { colors: false, idWidth: 7, now: () => clock });
    firstPoll.reports.forEach((r, i) => {
      clock += 1000;
      reporter.source(r, i + 1, 3);
    });
    reporter.finish(firstPoll, clock);
    const text = out.text();
    expect(text).toContain("polling: 1/3 sources done, 1.0 s");
    expect(text).toContain("polling: 3/3 sources done, 1 failed, 3.0 s");
    // Each progress line is erased (ESC[2K) before anything else is written.
    const erase = `${ESC}[2K`;
    const progress = out.chunks.flatMap((chunk, i) => (chunk.startsWith("polling:") ? [i] : []));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.map((i) => out.chunks[i + 1])).toEqual(progress.map(() => erase));
    expect(text.match(/sources polled in/g)).toHaveLength(1);
    expect(text.trimEnd().endsWith("already stored in the others)")).toBe(true);
  });

  it("off a terminal, writes plain lines only: no progress, no escape codes", () => {
    const out = sink(false);
    const reporter = terminalReporter(out, { idWidth: 7 });
    for (const [i, r] of firstPoll.reports.entries()) reporter.source(r, i + 1, 3);
    reporter.finish(firstPoll, 50);
    expect(out.text()).not.toContain(ESC);
    expect(out.text()).not.toContain("polling:");
    expect(out.text().split("\n").filter(Boolean)).toHaveLength(6);
  });

  it("later cycles list only the sources with news or errors, and say how many were left out", () => {
    const out = sink(false);
    const reporter = terminalReporter(out, { onlyNews: true });
    reporter.source(report("quiet", { outcome: "not-modified" }), 1, 3);
    reporter.source(report("same", { unchanged: 4 }), 2, 3);
    reporter.source(report("fresh", { new: 1 }), 3, 3);
    reporter.finish(firstPoll, 10);
    const lines = out.text().split("\n");
    expect(lines.filter((l) => l.startsWith("["))).toEqual([expect.stringContaining("fresh")]);
    expect(lines).toContain("(2 sources with nothing new not listed)");
  });
});

describe("jsonReporter", () => {
  it("writes a JSON line per source, then the cycle, then the summary once and last", () => {
    const out = sink(true);
    const reporter = jsonReporter(out, { mode: "all" });
    for (const [i, r] of firstPoll.reports.entries()) reporter.source(r, i + 1, 3);
    reporter.finish(firstPoll, 77);
    const lines = out
      .text()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.event)).toEqual(["source", "source", "source", "cycle", undefined]);
    expect(lines[3]).toEqual({ event: "cycle", mode: "all", ms: 77, storageError: null });
    expect(lines.at(-1)).toEqual(firstPoll.summary);
    expect(out.text().match(/"itemsNew"/g)).toHaveLength(1);
  });
});

describe("outputMode", () => {
  it.each([
    [[], {}, "terminal"],
    [["--json"], {}, "json"],
    [[], { LOG_FORMAT: "json" }, "json"],
    [[], { LOG_FORMAT: "JSON" }, "json"],
    [[], { LOG_FORMAT: "text" }, "terminal"],
    [["--json"], { LOG_FORMAT: "text" }, "json"],
  ] as const)("%j with %j → %s, on a terminal or not", (args, env, expected) => {
    expect(outputMode(args, env)).toBe(expected);
  });
});

describe("the source id column", () => {
  it("fits the longest id, at most 32 characters, for any number of sources", () => {
    expect(idColumnWidth([])).toBe(0);
    expect(idColumnWidth([{ id: "europe" }, { id: "ukraine-war" }])).toBe(11);
    expect(idColumnWidth([{ id: "x".repeat(40) }])).toBe(32);
    // Past ~120,000 sources, Math.max(...widths) throws RangeError (too many arguments).
    const many = Array.from({ length: 200_000 }, (_, n) => ({ id: `source-${n}` }));
    expect(idColumnWidth(many)).toBe("source-199999".length);
  });
});
