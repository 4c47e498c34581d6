/**
 * What the local commands print about a poll cycle: JSON lines for logs and scripts (`--json`,
 * `LOG_FORMAT=json`), or a readable line per source and one summary, with a progress line while the cycle runs
 * on a terminal.
 */
import { clearLine, cursorTo } from "node:readline";
import type { CycleResult, CycleSelection, SourceReport } from "@tributary/core/poll";
import pc from "picocolors";
import { formatDuration, formatSourceLine, formatSummary, NO_COLOR } from "./poll-wording.ts";

/** How a cycle reports: JSON lines, lines for people, or nothing. */
export type PollOutput = "json" | "terminal" | "quiet";

/** Where lines go: a stream with an optional terminal flag (injectable for tests). */
export interface Out {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * The output for a command (SPEC §5): JSON lines with `--json` or `LOG_FORMAT=json`, else lines for people — on a
 * terminal with colours and a progress line, in a pipe or a file plain (`terminalReporter` sees no terminal).
 * @example outputMode(["--json"]) // "json"
 */
export function outputMode(args: readonly string[], env: NodeJS.ProcessEnv = process.env): "json" | "terminal" {
  return args.includes("--json") || env.LOG_FORMAT?.toLowerCase() === "json" ? "json" : "terminal";
}

/** Receives a cycle's events as they happen. */
export interface CycleReporter {
  source(report: SourceReport, done: number, total: number): void;
  finish(result: CycleResult, ms: number): void;
}

/**
 * JSON lines: `{"event":"source",…}` per source, then `{"event":"cycle","mode","ms","storageError"}` and,
 * last, the summary `{"sources",…,"itemsUnchanged"}` as README's `npm run poll` gives it — once.
 */
export function jsonReporter(out: Out, selection: CycleSelection): CycleReporter {
  const line = (value: unknown) => out.write(`${JSON.stringify(value)}\n`);
  return {
    source(report) {
      const { id, outcome, status, ms, bytes, error } = report;
      const counts = { new: report.new, updated: report.updated, unchanged: report.unchanged };
      line({ event: "source", id, result: outcome, status, ms, bytes, ...counts, ...(error ? { error } : {}) });
    },
    finish(result, ms) {
      line({ event: "cycle", mode: selection.mode, ms, storageError: result.storageError });
      line(result.summary);
    },
  };
}

/**
 * The width of the terminal reporter's source id column: the longest configured id, at most 32 characters. A loop,
 * not `Math.max(...ids)`: spreading every source into arguments overflows the stack past about 120,000 sources.
 */
export function idColumnWidth(sources: readonly { id: string }[]): number {
  let width = 0;
  for (const source of sources) width = Math.max(width, Math.min(32, source.id.length));
  return width;
}

/** Options of the terminal reporter. */
export interface TerminalOptions {
  /** Colour the output; default: picocolors' judgement (NO_COLOR, FORCE_COLOR, TERM) on a terminal. */
  colors?: boolean;
  /** Width of the source id column. */
  idWidth?: number;
  /** Print only sources that brought something new or failed (later cycles of `npm start`). */
  onlyNews?: boolean;
  now?: () => number;
}

/**
 * Lines for people: one per source as it finishes, `[done/total]` first; on a terminal, a progress line
 * below them ("polling: 12/200 sources done, 1 failed, 14 s") redrawn each second until the summary.
 */
export function terminalReporter(out: Out, options: TerminalOptions = {}): CycleReporter & { stop(): void } {
  const tty = out.isTTY === true;
  const colors = (options.colors ?? (tty && pc.isColorSupported)) ? pc : NO_COLOR;
  const now = options.now ?? Date.now;
  const started = now();
  let done = 0;
  let total = 0;
  let failed = 0;
  let hidden = 0;
  let shown = false;
  const stream = out as NodeJS.WritableStream;
  const clear = () => {
    if (!tty || !shown) return;
    clearLine(stream, 0);
    cursorTo(stream, 0);
    shown = false;
  };
  const draw = () => {
    if (!tty) return;
    clear();
    const count = total > 0 ? `${done}/${total} sources done` : "starting";
    const fails = failed > 0 ? `, ${colors.red(`${failed} failed`)}` : "";
    out.write(colors.dim(`polling: ${count}${fails}, ${formatDuration(now() - started)}`));
    shown = true;
  };
  const timer = tty ? setInterval(draw, 1000) : undefined;
  timer?.unref();
  const stop = () => {
    clearInterval(timer);
    clear();
  };
  return {
    source(report, n, of) {
      done = n;
      total = of;
      if (report.outcome === "failed" || report.outcome === "storage-error") failed++;
      const news =
        report.outcome !== "not-modified" && (report.outcome !== "fetched" || report.new + report.updated > 0);
      clear();
      if (options.onlyNews && !news) hidden++;
      else out.write(`${formatSourceLine(report, { done: n, total: of, idWidth: options.idWidth ?? 0, colors })}\n`);
      draw();
    },
    finish(result, ms) {
      stop();
      const lines = formatSummary(result, { ms, colors });
      if (hidden > 0) lines.push(colors.dim(`(${hidden} sources with nothing new not listed)`));
      out.write(`${lines.join("\n")}\n`);
    },
    stop,
  };
}
