import { describe, expect, it } from "vitest";
import { exactTitleGroups, newsblurGroups, tfidfCentroidGroups } from "./baselines.ts";
import type { StoryInput } from "./features.ts";
import { scoreGrouping } from "./score.ts";

describe("scoreGrouping", () => {
  // Labels: x = {a, b, c}, y = {d, e}. Groups: {a, b}, {c, d, e}.
  const labels = new Map([
    ["a", "x"],
    ["b", "x"],
    ["c", "x"],
    ["d", "y"],
    ["e", "y"],
  ]);
  const assigned = new Map([
    ["a", "g1"],
    ["b", "g1"],
    ["c", "g2"],
    ["d", "g2"],
    ["e", "g2"],
  ]);

  it("counts pairs: precision over pairs put together, recall over labelled pairs", () => {
    const { pairwise } = scoreGrouping(assigned, labels);
    // Together: ab, cd, ce, de; right: ab, de. Labelled: ab, ac, bc, de.
    expect(pairwise.precision).toBeCloseTo(2 / 4, 12);
    expect(pairwise.recall).toBeCloseTo(2 / 4, 12);
    expect(pairwise.f1).toBeCloseTo(0.5, 12);
  });

  it("averages B-cubed over items", () => {
    const { bcubed } = scoreGrouping(assigned, labels);
    // Precision per item: a 1, b 1, c 1/3, d 2/3, e 2/3; recall: a 2/3, b 2/3, c 1/3, d 1, e 1.
    expect(bcubed.precision).toBeCloseTo((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5, 12);
    expect(bcubed.recall).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5, 12);
  });

  it("leaves out labelled items without an assignment and says how many", () => {
    const score = scoreGrouping(new Map([...assigned].filter(([id]) => id !== "e")), labels);
    expect(score.missing).toBe(1);
    expect(score.items).toBe(4);
    expect(score.pairwise.recall).toBeCloseTo(1 / 3, 12);
  });

  it("gives a grouping of singletons precision 1, recall 0", () => {
    const score = scoreGrouping(new Map([...labels.keys()].map((id) => [id, id])), labels);
    expect(score.pairwise).toEqual({ precision: 1, recall: 0, f1: 0 });
  });
});

describe("baselines", () => {
  const at = "2014-03-11T00:00:00.000Z";
  const items: StoryInput[] = [
    {
      id: "1",
      url: "https://a.example/1",
      title: "Men's Wearhouse to buy Jos. A. Bank",
      summary: null,
      publishedAt: at,
    },
    {
      id: "2",
      url: "https://b.example/2",
      title: "MEN'S WEARHOUSE TO BUY JOS. A. BANK!",
      summary: null,
      publishedAt: at,
    },
    { id: "3", url: "https://c.example/3", title: "Wearhouse agrees Jos Bank deal", summary: null, publishedAt: at },
    {
      id: "4",
      url: "https://a.example/4",
      title: "Men's Wearhouse to buy Jos. A. Bank",
      summary: null,
      publishedAt: at,
    },
    { id: "5", url: "https://d.example/5", title: "Elephants tell voices apart", summary: null, publishedAt: at },
  ];

  it("exact title groups folded titles, never two items of one host", () => {
    const groups = exactTitleGroups(items);
    expect(groups.get("2")).toBe("1");
    expect(groups.get("4")).not.toBe("1");
    expect(groups.get("3")).toBe("3");
  });

  it("NewsBlur's rule adds 3 shared significant words making 60% of the shorter title", () => {
    const groups = newsblurGroups(items);
    expect(groups.get("2")).toBe("1");
    // wearhouse, jos, bank shared: 3 of the 5 significant words of "Wearhouse agrees Jos Bank deal".
    expect(groups.get("3")).toBe("1");
    expect(groups.get("5")).toBe("5");
  });

  it("the TF-IDF centroid joins above its threshold only", () => {
    expect(tfidfCentroidGroups(items, 0.3).get("3")).toBe("1");
    expect(tfidfCentroidGroups(items, 0.99).get("3")).toBe("3");
  });
});
