/**
 * A poll's report in words for people on a terminal: one line per source, a summary, errors in plain words. Core
 * returns the data (`SourceReport`, `CycleResult`); this is how the local commands say it.
 */
import type { CycleResult, HeldBack, SourceReport } from "@tributary/core/poll";

/** Colouring functions (picocolors' shape); identity functions print plain text. */
export interface Palette {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const plain = (text: string) => text;
/** A palette that adds no colour. */
export const NO_COLOR: Palette = { green: plain, red: plain, yellow: plain, dim: plain, bold: plain };

const STAGES: Record<string, string> = {
  "fetch: ": "",
  "parse: ": "not a readable feed: ",
  "entry: ": "an entry could not be stored: ",
  "store: ": "storage: ",
};

/**
 * An error as a person reads it: the stage prefix of a TributaryError made into words ("fetch: HTTP 500 …"
 * becomes "HTTP 500 …", "parse: …" becomes "not a readable feed: …", "entry: …" "an entry could not be
 * stored: …"), on one line.
 * @example plainError("parse: not a feed: looks like an HTML page") // "not a readable feed: not a feed: looks…"
 */
export function plainError(error: string): string {
  const oneLine = error.replace(/\s+/g, " ").trim();
  for (const [prefix, words] of Object.entries(STAGES)) {
    if (oneLine.startsWith(prefix)) return `${words}${oneLine.slice(prefix.length)}`;
  }
  return oneLine;
}

/** Milliseconds as a person reads them: "412 ms", "3.2 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * A count and its noun, singular for 1 and plural otherwise (`many`, else the noun with an `s`).
 * @example plural(1, "topic") // "1 topic"
 * @example plural(2, "entry", "entries") // "2 entries"
 */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * One readable line for a source's poll: progress, outcome, what its feed's entries came to (entries, not
 * articles: an article another source stored first is "already stored" here; an entry published before the
 * retention cutoff that was never stored is said so, not "already stored"), its time, and the error in plain
 * words. `idWidth` aligns the columns.
 * @example formatSourceLine(report, { done: 3, total: 7, idWidth: 18, colors: NO_COLOR })
 * // "[3/7] ✓ rs-europe           fetched: 12 entries — 3 new, 0 edited, 9 already stored  (412 ms)"
 * // with report.expired 2: "… 12 entries — 3 new, 0 edited, 7 already stored, 2 older than retentionDays (not stored)  (412 ms)"
 */
export function formatSourceLine(
  report: SourceReport,
  options: { done: number; total: number; idWidth: number; colors: Palette },
): string {
  const c = options.colors;
  const counter = c.dim(`[${String(options.done).padStart(String(options.total).length)}/${options.total}]`);
  const id = report.id.padEnd(options.idWidth);
  const time = c.dim(`(${formatDuration(report.ms)})`);
  switch (report.outcome) {
    case "fetched": {
      const entries = report.new + report.updated + report.unchanged;
      const expired = report.expired ?? 0;
      const old = expired > 0 ? `, ${expired} older than retentionDays (not stored)` : "";
      const counts = `${report.new} new, ${report.updated} edited, ${report.unchanged - expired} already stored${old}`;
      return `${counter} ${c.green("✓")} ${id} fetched: ${plural(entries, "entry", "entries")} — ${counts}  ${time}`;
    }
    case "not-modified":
      return `${counter} ${c.dim("·")} ${id} ${c.dim("not modified since the last poll")}  ${time}`;
    case "failed": {
      const next = report.status === "gone" ? "gone: no longer polled" : "will retry with backoff";
      return `${counter} ${c.red("✗")} ${id} ${c.red(`failed: ${plainError(report.error ?? "unknown error")}`)} ${c.dim(`(${next})`)}  ${time}`;
    }
    case "storage-error":
      return `${counter} ${c.yellow("!")} ${id} ${c.yellow(`not stored: ${plainError(report.error ?? "storage failed")}`)}  ${time}`;
  }
}

/**
 * The cycle's summary for people, a few lines: sources by outcome and time, then articles (each counted once
 * across sources, as `--json`'s summary does), the entries too old to be stored among them, and, when the sources'
 * entry counts add up differently, why.
 */
export function formatSummary(
  result: Pick<CycleResult, "summary" | "reports" | "storageError">,
  options: { ms: number; colors: Palette },
): string[] {
  const { summary: s, reports } = result;
  const c = options.colors;
  const failed = s.failed > 0 ? c.red(`${s.failed} failed`) : `${s.failed} failed`;
  const lines = [
    c.bold(
      `${plural(s.sources, "source")} polled in ${formatDuration(options.ms)}: ${s.fetched} fetched, ` +
        `${s.notModified} not modified, `,
    ) + c.bold(failed),
    `${plural(s.itemsNew + s.itemsUpdated + s.itemsUnchanged, "article")} seen (each once, however many sources list it): ` +
      `${s.itemsNew} new, ${s.itemsUpdated} updated, ${s.itemsUnchanged} unchanged`,
  ];
  const expired = reports.reduce((sum, r) => sum + (r.expired ?? 0), 0);
  if (expired > 0) {
    lines.push(
      c.dim(
        `(${plural(expired, "feed entry", "feed entries")} older than retentionDays ${expired === 1 ? "was" : "were"} not ` +
          "stored, and never will be: counted as unchanged above)",
      ),
    );
  }
  const entries = reports.reduce((sum, r) => sum + r.new + r.updated + r.unchanged, 0);
  if (entries !== s.itemsNew + s.itemsUpdated + s.itemsUnchanged) {
    lines.push(
      c.dim(
        `(the per-source figures count feed entries, ${entries} in all: an article listed in several sources is ` +
          "new in one and already stored in the others)",
      ),
    );
  }
  if (result.storageError) lines.push(c.yellow(`storage failed: ${plainError(result.storageError)}`));
  return lines;
}

/**
 * The line a local cycle prints on stderr for a source it skips though the cycle would poll it (`heldBack`,
 * `pollOnce`): gone, or held by a Retry-After until an ISO time. `named` says the source was named with `--source`
 * (which overrides the schedule and backoff, but waits for a Retry-After too); otherwise it was in a cycle of every
 * source (`npm run poll`, `npm start`'s first poll).
 * @example skipLine("rs-europe", { reason: "retry-after", until: "2026-11-26T13:00:00.000Z" }, true)
 * // "rs-europe: skipped: Retry-After until 2026-11-26T13:00:00.000Z (its feed asked to wait; --source waits too)"
 */
export function skipLine(id: string, held: HeldBack, named: boolean): string {
  if (held.reason === "gone") {
    return `${id}: skipped: gone (its feed answered 410 Gone); a new URL in the configuration revives it`;
  }
  const wait = named ? "its feed asked to wait; --source waits too" : "its feed asked to wait";
  return `${id}: skipped: Retry-After until ${held.until} (${wait})`;
}

/**
 * The JSON line of a skipped source (`skipLine`): `{"event":"skipped","id","reason":"gone"}`, or with
 * `"reason":"retry-after"` the ISO time it waits `until`.
 */
export function skipEvent(id: string, held: HeldBack): Record<string, unknown> {
  return held.reason === "gone" ? { id, reason: "gone" } : { id, reason: "retry-after", until: held.until };
}
