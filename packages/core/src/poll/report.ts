/** How one source's poll ended. */
export type SourceOutcome = "fetched" | "not-modified" | "failed" | "storage-error";

/** One line per source: what the operator and the logs see. */
export interface SourceReport {
  id: string;
  outcome: SourceOutcome;
  status: string;
  ms: number;
  bytes: number;
  new: number;
  updated: number;
  unchanged: number;
  error?: string;
}

/** The summary of a cycle (SPEC §5 `npm run poll -- --json`). */
export interface PollSummary {
  sources: number;
  fetched: number;
  notModified: number;
  failed: number;
  itemsNew: number;
  itemsUpdated: number;
  itemsUnchanged: number;
}

/** The cycle's result: the summary, each source's report, and whether storage failed. */
export interface CycleResult {
  summary: PollSummary;
  reports: SourceReport[];
  storageFailed: boolean;
  storageError: string | null;
}

/** A readable table of a cycle's sources, for a terminal. */
export function formatTable(reports: SourceReport[]): string {
  const header = ["source", "result", "status", "ms", "new", "updated", "unchanged", "error"];
  const rows = reports.map((r) => [
    r.id,
    r.outcome,
    r.status,
    String(r.ms),
    String(r.new),
    String(r.updated),
    String(r.unchanged),
    r.error ?? "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
