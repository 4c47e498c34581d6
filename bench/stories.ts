/**
 * Stories: items grouped per second by Tributary's story grouping (through the in-memory index) against the online
 * TF-IDF centroid clusterer on the same items in the same run; the development set's pairwise and B-cubed F1 of
 * both and of NewsBlur's rule; the most DynamoDB read and write units one new article's grouping takes.
 * Needs `../shared/corpus/stories-dev` (skipped without it).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { groupItems, MemoryStoryIndex, tfidfCentroidGroups } from "@tributary/core/stories";
import { readStoryCorpus } from "./stories-corpus.ts";
import { baselineRuns, groupWithIndex, maxUnitsPerItem, sameHostCeiling } from "./stories-eval.ts";
import { type BenchContext, median } from "./support.ts";
import { type Figure, figure, type Skip } from "./table.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.resolve(HERE, "../../shared/corpus/stories-dev");
const GROUP = "stories";
/** Timed rounds of each grouping, alternating; the medians are compared. */
const ROUNDS = 5;
/** The baseline's threshold for the throughput figure (its best F1 at precision ≥ 0.85 on the dev set). */
const TFIDF_THRESHOLD = 0.12;

/** Runs the stories group. */
export async function runStories(ctx: BenchContext): Promise<{ figures: Figure[]; skips: Skip[]; details: unknown }> {
  const dir = process.env.STORIES_CORPUS ?? CORPUS;
  if (!existsSync(path.join(dir, "items.jsonl"))) {
    return { figures: [], skips: [{ group: GROUP, name: "(group)", reason: `no corpus at ${dir}` }], details: null };
  }
  const corpus = readStoryCorpus(dir);
  const n = corpus.items.length;
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    await groupItems(new MemoryStoryIndex(), corpus.items);
    ours.push(n / ((performance.now() - started) / 1000));
    started = performance.now();
    tfidfCentroidGroups(corpus.items, TFIDF_THRESHOLD);
    theirs.push(n / ((performance.now() - started) / 1000));
  }
  const run = await groupWithIndex(corpus.items, corpus.labels);
  const baselines = baselineRuns(corpus.items, corpus.labels);
  const tfidf = baselines.find((b) => b.name === "TF-IDF centroid");
  const newsblur = baselines.find((b) => b.name === "NewsBlur rule");
  const units = await maxUnitsPerItem(corpus.items);
  const ceiling = sameHostCeiling(corpus.items, corpus.labels);
  ctx.log(
    `  ${n} items: ${Math.round(median(ours))} items/s (TF-IDF centroid ${Math.round(median(theirs))}); ` +
      `pairwise P ${run.score.pairwise.precision.toFixed(3)} R ${run.score.pairwise.recall.toFixed(3)} ` +
      `F1 ${run.score.pairwise.f1.toFixed(3)} (same-host recall ceiling ${ceiling.toFixed(3)})`,
  );
  const base = { group: GROUP };
  const figures: Figure[] = [
    figure({
      ...base,
      name: "items grouped per second (dev set, in-memory index)",
      value: median(ours),
      unit: "items/s",
      baseline: median(theirs),
      baselineLabel: `online TF-IDF centroid (threshold ${TFIDF_THRESHOLD})`,
    }),
    figure({
      ...base,
      name: "dev pairwise F1",
      value: run.score.pairwise.f1,
      unit: "F1",
      baseline: tfidf?.score.pairwise.f1 ?? null,
      baselineLabel: `TF-IDF centroid (${tfidf?.note ?? "none at P ≥ 0.85"})`,
      goal: { on: "value", op: ">=", target: 0.6 },
      note: `same-host rule caps pairwise recall at ${ceiling.toFixed(3)}`,
    }),
    figure({
      ...base,
      name: "dev pairwise precision",
      value: run.score.pairwise.precision,
      unit: "P",
      baseline: tfidf?.score.pairwise.precision ?? null,
      baselineLabel: "TF-IDF centroid",
      goal: { on: "value", op: ">=", target: 0.85 },
    }),
    figure({
      ...base,
      name: "dev pairwise F1 of NewsBlur's rule",
      value: newsblur?.score.pairwise.f1 ?? 0,
      unit: "F1",
    }),
    figure({
      ...base,
      name: "dev B-cubed F1",
      value: run.score.bcubed.f1,
      unit: "F1",
      baseline: tfidf?.score.bcubed.f1 ?? null,
      baselineLabel: "TF-IDF centroid",
    }),
    figure({
      ...base,
      name: "read units per new article, at most",
      value: units.readUnits,
      unit: "RU",
      goal: { on: "value", op: "<=", target: 3 },
      note: `mean ${run.readUnits?.toFixed(2)}`,
    }),
    figure({
      ...base,
      name: "write units per new article, at most",
      value: units.writeUnits,
      unit: "WU",
      goal: { on: "value", op: "<=", target: 5 },
      note: `mean ${run.writeUnits?.toFixed(2)}`,
    }),
  ];
  return {
    figures,
    skips: [],
    details: { runs: [run, ...baselines], sameHostRecallCeiling: ceiling, maxUnits: units },
  };
}
