/** Figures of a benchmark run and how they are printed. */

/** A goal on a figure: on its ratio to the baseline, or on its value itself. */
export interface Goal {
  on: "ratio" | "value";
  op: ">=" | "<=" | "=";
  target: number;
}

/** One measured figure, next to the baseline it is compared with (measured in the same run). */
export interface Figure {
  group: string;
  name: string;
  value: number;
  unit: string;
  /** The baseline's value, or null when the figure has none (an absolute goal). */
  baseline: number | null;
  /** What the baseline is. */
  baselineLabel: string;
  /** value / baseline, or null. */
  ratio: number | null;
  goal: Goal | null;
  /** Whether the goal holds; null without a goal. */
  met: boolean | null;
  note?: string;
}

/** A skipped figure or group, with why. */
export interface Skip {
  group: string;
  name: string;
  reason: string;
}

/** Builds a figure, computing the ratio and whether its goal holds. */
export function figure(input: {
  group: string;
  name: string;
  value: number;
  unit: string;
  baseline?: number | null;
  baselineLabel?: string;
  goal?: Goal | null;
  note?: string;
}): Figure {
  const baseline = input.baseline ?? null;
  const ratio = baseline === null || baseline === 0 ? null : input.value / baseline;
  const goal = input.goal ?? null;
  let met: boolean | null = null;
  if (goal) {
    const subject = goal.on === "ratio" ? ratio : input.value;
    if (subject === null) met = false;
    else if (goal.op === ">=") met = subject >= goal.target;
    else if (goal.op === "<=") met = subject <= goal.target;
    else met = Math.abs(subject - goal.target) < 1e-9;
  }
  return {
    group: input.group,
    name: input.name,
    value: input.value,
    unit: input.unit,
    baseline,
    baselineLabel: input.baselineLabel ?? "",
    ratio,
    goal,
    met,
    ...(input.note ? { note: input.note } : {}),
  };
}

/** A number with about three significant digits, no exponent. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs === 0) return "0";
  if (Number.isInteger(value) && abs < 1e7) return String(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs >= 0.01) return value.toFixed(3);
  return value.toPrecision(2);
}

function withUnit(value: number, unit: string): string {
  return unit ? `${num(value)} ${unit}` : num(value);
}

/** The goal as text: `ratio ≥ 0.70`, `value ≤ 1`. */
export function goalText(goal: Goal | null): string {
  if (!goal) return "—";
  const op = goal.op === ">=" ? "≥" : goal.op === "<=" ? "≤" : "=";
  const target = goal.on === "ratio" ? goal.target.toFixed(2) : num(goal.target);
  return `${goal.on} ${op} ${target}`;
}

function pad(text: string, width: number, right = false): string {
  const length = [...text].length;
  if (length >= width) return text;
  return right ? " ".repeat(width - length) + text : text + " ".repeat(width - length);
}

/** The figures as a plain-text table (figure, value, baseline, ratio, goal, met?), then the baselines' meaning. */
export function formatTable(figures: Figure[], skips: Skip[] = []): string {
  const header = ["figure", "value", "baseline", "ratio", "goal", "met?"];
  const rows = figures.map((f) => [
    `${f.group}: ${f.name}`,
    withUnit(f.value, f.unit),
    f.baseline === null ? "—" : withUnit(f.baseline, f.unit),
    f.ratio === null ? "—" : f.ratio.toFixed(3),
    goalText(f.goal),
    f.met === null ? "" : f.met ? "yes" : "NO",
  ]);
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? "")].length)));
  const numeric = [false, true, true, true, false, false];
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i] ?? 0, numeric[i]))
      .join("  ")
      .trimEnd();
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  ")];
  let group = "";
  for (const [index, row] of rows.entries()) {
    const f = figures[index];
    if (f && f.group !== group && group !== "") out.push("");
    group = f?.group ?? group;
    out.push(line(row));
  }
  const notes = figures.filter((f) => f.baselineLabel || f.note);
  if (notes.length) {
    out.push("", "baselines and notes:");
    for (const f of notes) {
      const parts = [f.baselineLabel && `baseline = ${f.baselineLabel}`, f.note].filter(Boolean);
      out.push(`  ${f.group}: ${f.name} — ${parts.join("; ")}`);
    }
  }
  if (skips.length) {
    out.push("", "skipped:");
    for (const s of skips) out.push(`  ${s.group}: ${s.name} — ${s.reason}`);
  }
  return out.join("\n");
}
