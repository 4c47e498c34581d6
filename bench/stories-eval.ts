/**
 * Story grouping measured on a labelled corpus: Tributary's grouping (through the in-memory index, which meters the
 * DynamoDB units it would cost) and the baselines, fed in the product's order; the recall that the same-host rule
 * leaves reachable; stability over halves of the stories and over other orders within a day.
 */
import { createHash } from "node:crypto";
import {
  exactTitleGroups,
  featuresOf,
  type GroupingScore,
  groupItem,
  groupItems,
  groupingOrder,
  hostOf,
  MemoryStoryIndex,
  newsblurGroups,
  STORY_DEFAULTS,
  type StoryInput,
  type StoryOptions,
  scoreGrouping,
  tfidfCentroidGroups,
} from "@tributary/core/stories";
import type { StoryCorpus } from "./stories-corpus.ts";

/** One grouping's figures. */
export interface GroupingRun {
  name: string;
  score: GroupingScore;
  /** Items grouped per second (the whole corpus, one pass). */
  itemsPerSecond: number;
  /** Mean read and write units per item (Tributary's grouping only). */
  readUnits?: number;
  writeUnits?: number;
  note?: string;
}

/** TF-IDF centroid thresholds tried: the baseline is reported at its best F1 with pairwise precision ≥ 0.85. */
const TFIDF_THRESHOLDS = [0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4];

function timed<T>(run: () => T): { value: T; seconds: number } {
  const started = performance.now();
  const value = run();
  return { value, seconds: (performance.now() - started) / 1000 };
}

/** Tributary's grouping of `items` through a fresh in-memory index. */
export async function groupWithIndex(
  items: readonly StoryInput[],
  labels: ReadonlyMap<string, string>,
  options: StoryOptions = STORY_DEFAULTS,
): Promise<GroupingRun> {
  const index = new MemoryStoryIndex();
  const started = performance.now();
  const placements = await groupItems(index, items, options);
  const seconds = (performance.now() - started) / 1000;
  return {
    name: "tributary",
    score: scoreGrouping(new Map(placements.map((p) => [p.item, p.story])), labels),
    itemsPerSecond: items.length / seconds,
    readUnits: index.meter.readUnits / items.length,
    writeUnits: index.meter.writeUnits / items.length,
  };
}

/** The most read and write units that one item's grouping takes, over `items` grouped in the product's order. */
export async function maxUnitsPerItem(
  items: readonly StoryInput[],
  options: StoryOptions = STORY_DEFAULTS,
): Promise<{ readUnits: number; writeUnits: number }> {
  const index = new MemoryStoryIndex();
  const most = { readUnits: 0, writeUnits: 0 };
  for (const { features } of groupingOrder(
    items.map((input) => ({ ...input, features: featuresOf(input, options) })),
  )) {
    const before = { ...index.meter };
    await groupItem(index, features, options);
    most.readUnits = Math.max(most.readUnits, index.meter.readUnits - before.readUnits);
    most.writeUnits = Math.max(most.writeUnits, index.meter.writeUnits - before.writeUnits);
  }
  return most;
}

/** The baselines on `items`: exact title, NewsBlur's rule, TF-IDF centroid at its best threshold for P ≥ 0.85. */
export function baselineRuns(items: readonly StoryInput[], labels: ReadonlyMap<string, string>): GroupingRun[] {
  const out: GroupingRun[] = [];
  const exact = timed(() => exactTitleGroups(items));
  out.push({
    name: "exact title",
    score: scoreGrouping(exact.value, labels),
    itemsPerSecond: items.length / exact.seconds,
  });
  const newsblur = timed(() => newsblurGroups(items));
  out.push({
    name: "NewsBlur rule",
    score: scoreGrouping(newsblur.value, labels),
    itemsPerSecond: items.length / newsblur.seconds,
  });
  let best: GroupingRun | null = null;
  for (const threshold of TFIDF_THRESHOLDS) {
    const run = timed(() => tfidfCentroidGroups(items, threshold));
    const score = scoreGrouping(run.value, labels);
    if (score.pairwise.precision >= 0.85 && (best === null || score.pairwise.f1 > best.score.pairwise.f1)) {
      best = {
        name: "TF-IDF centroid",
        score,
        itemsPerSecond: items.length / run.seconds,
        note: `threshold ${threshold}`,
      };
    }
  }
  if (best) out.push(best);
  return out;
}

/**
 * The largest pairwise recall any grouping can reach when no story holds two items of one host: each story's
 * items split into layers, the k-th holding one item of every host with at least k of them.
 */
export function sameHostCeiling(items: readonly StoryInput[], labels: ReadonlyMap<string, string>): number {
  const hosts = new Map<string, Map<string, number>>();
  for (const item of items) {
    const label = labels.get(item.id);
    if (label === undefined) continue;
    const counts = hosts.get(label) ?? new Map<string, number>();
    const host = hostOf(item.url) ?? item.id;
    counts.set(host, (counts.get(host) ?? 0) + 1);
    hosts.set(label, counts);
  }
  let reachable = 0;
  let gold = 0;
  for (const counts of hosts.values()) {
    const values = [...counts.values()];
    const n = values.reduce((a, b) => a + b, 0);
    gold += (n * (n - 1)) / 2;
    for (let k = 1; ; k++) {
      const layer = values.filter((v) => v >= k).length;
      if (layer < 2) break;
      reachable += (layer * (layer - 1)) / 2;
    }
  }
  return gold > 0 ? reachable / gold : 1;
}

/** The corpus with its items renamed by a salted hash: another order within each day, as other ids would give. */
export function reordered(corpus: StoryCorpus, seed: number): { items: StoryInput[]; labels: Map<string, string> } {
  const rename = (id: string) => createHash("sha256").update(`${seed}\n${id}`).digest("base64url").slice(0, 22);
  return {
    items: corpus.items.map((item) => ({ ...item, id: rename(item.id) })),
    labels: new Map([...corpus.labels].map(([id, label]) => [rename(id), label])),
  };
}

/** Stability figures of Tributary's grouping. */
export interface Stability {
  /** Pairwise F1 over `orders` orders within each day (the corpus's own first). */
  orders: { f1: number; precision: number; recall: number }[];
  /** Pairwise F1 on each half of the stories (split by a hash of the label), grouped on its own. */
  halves: [number, number];
  /**
   * Pairwise F1 on each half of `SPLITS` splits of the stories (the first is `halves`; the others split by a hash of
   * a salt and the label): other sets of stories of the same kind, as a held-out set is.
   */
  subsets: number[];
}

/** Salts of the splits of the stories into halves (`Stability.subsets`): "" is the split of `halves`. */
const SPLITS = ["", "a", "b"];

/** Runs the stability checks (see `Stability`). */
export async function stability(
  corpus: StoryCorpus,
  orders: number,
  options: StoryOptions = STORY_DEFAULTS,
): Promise<Stability> {
  const out: Stability = { orders: [], halves: [0, 0], subsets: [] };
  for (let seed = 0; seed < orders; seed++) {
    const { items, labels } = seed === 0 ? corpus : reordered(corpus, seed);
    const { pairwise } = (await groupWithIndex(items, labels, options)).score;
    out.orders.push({ f1: pairwise.f1, precision: pairwise.precision, recall: pairwise.recall });
  }
  for (const salt of SPLITS) {
    const half = (label: string) => (createHash("sha256").update(`${salt}${label}`).digest()[0] ?? 0) % 2;
    for (const side of [0, 1] as const) {
      const items = corpus.items.filter((item) => half(corpus.labels.get(item.id) ?? "") === side);
      const labels = new Map(items.map((item) => [item.id, corpus.labels.get(item.id) ?? ""]));
      out.subsets.push((await groupWithIndex(items, labels, options)).score.pairwise.f1);
    }
  }
  out.halves = [out.subsets[0] ?? 0, out.subsets[1] ?? 0];
  return out;
}
