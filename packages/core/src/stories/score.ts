/**
 * How well a grouping matches labels: pairwise precision, recall and F1 (over pairs of items put together) and
 * B-cubed precision, recall and F1 (Bagga & Baldwin 1998: per item, the share of its group that shares its label
 * and the share of its label's items in its group, averaged over items). Takes assignments from any source: the
 * grouping function, or `story.id` read back through the API.
 */

/** Precision, recall and F1, each 0–1. */
export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}

/** The scores of a grouping. */
export interface GroupingScore {
  pairwise: PRF;
  bcubed: PRF;
  /** Labelled items scored (those with both a label and an assignment). */
  items: number;
  /** Labelled items with no assignment (left out of the scores). */
  missing: number;
  /** Groups the assignment made of the scored items, and how many labels they carry. */
  groups: number;
  labels: number;
}

function prf(precision: number, recall: number): PRF {
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/**
 * Scores `assigned` (item key → group id) against `labels` (item key → label). Items without a label are
 * ignored; labelled items without an assignment are counted in `missing` and left out. A grouping that puts no
 * two items together has pairwise precision 1 (it claims nothing false).
 * @example scoreGrouping(new Map([["a", "x"], ["b", "x"]]), new Map([["a", "s1"], ["b", "s1"]])).pairwise.f1 // 1
 */
export function scoreGrouping(
  assigned: ReadonlyMap<string, string>,
  labels: ReadonlyMap<string, string>,
): GroupingScore {
  /** Group → label → items. */
  const cell = new Map<string, Map<string, number>>();
  const group = new Map<string, number>();
  const label = new Map<string, number>();
  let items = 0;
  let missing = 0;
  for (const [key, gold] of labels) {
    const mine = assigned.get(key);
    if (mine === undefined) {
      missing++;
      continue;
    }
    items++;
    const row = cell.get(mine) ?? new Map<string, number>();
    row.set(gold, (row.get(gold) ?? 0) + 1);
    cell.set(mine, row);
    group.set(mine, (group.get(mine) ?? 0) + 1);
    label.set(gold, (label.get(gold) ?? 0) + 1);
  }
  let together = 0;
  let bcubedPrecision = 0;
  let bcubedRecall = 0;
  for (const [mine, row] of cell) {
    for (const [gold, n] of row) {
      together += pairs(n);
      // Each of the n items of this cell: n / its group's size, n / its label's size.
      bcubedPrecision += (n * n) / (group.get(mine) ?? n);
      bcubedRecall += (n * n) / (label.get(gold) ?? n);
    }
  }
  let predicted = 0;
  for (const n of group.values()) predicted += pairs(n);
  let gold = 0;
  for (const n of label.values()) gold += pairs(n);
  return {
    pairwise: prf(predicted > 0 ? together / predicted : 1, gold > 0 ? together / gold : 1),
    bcubed: prf(items ? bcubedPrecision / items : 0, items ? bcubedRecall / items : 0),
    items,
    missing,
    groups: group.size,
    labels: label.size,
  };
}
