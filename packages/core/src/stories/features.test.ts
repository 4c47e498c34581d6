import { describe, expect, it } from "vitest";
import { wordsOf } from "../terms/index.ts";
import { itemFeatures } from "./features.ts";
import { emptyHosts, mayHoldHost, withHost } from "./hosts.ts";
import { STORY_DEFAULTS } from "./options.ts";
import { termWeight } from "./weights.ts";

describe("features read words as terms do", () => {
  const vectorOf = (title: string) =>
    itemFeatures(
      { id: "x", url: "https://x.example/a", title, summary: null, publishedAt: "2014-03-11T00:00:00Z" },
      STORY_DEFAULTS,
    ).vector;

  it("takes the words of the terms rule, folded, and cuts them to their prefix", () => {
    // Words are those of the terms module (one rule for both): split at apostrophes and hyphens, case and marks folded.
    expect(wordsOf("Orbán’s Russia-Ukraine")).toEqual(["orban", "s", "russia", "ukraine"]);
    expect([...vectorOf("Orbán’s Russia-Ukraine talks").keys()].sort()).toEqual(["orban", "russia", "talks", "ukrain"]);
  });

  it("gives one vector to titles that differ only in case and diacritics", () => {
    expect(vectorOf("ORBAN MEETS ZELENSKYY IN KYIV")).toEqual(vectorOf("Orbán meets Zelenskyy in Kyiv"));
  });
});

describe("term weights", () => {
  it("weighs rare words over common ones and names the list does not hold most", () => {
    expect(termWeight("the")).toBeLessThan(termWeight("recall"));
    expect(termWeight("recall")).toBeLessThan(termWeight("galavis"));
    expect(termWeight("s")).toBe(0);
  });

  it("weighs other languages' stopwords as common words, below the features' cut, but keeps English words", () => {
    // English words that one or two other languages list ("asia" in Finnish, "fed" in Breton) stay English.
    for (const word of ["war", "bank", "asia", "fed", "design"]) {
      expect(termWeight(word)).toBeGreaterThan(STORY_DEFAULTS.minWeight);
    }
    for (const word of ["und", "der", "les", "para", "которые", "的", "la"]) {
      expect(termWeight(word)).toBeLessThan(STORY_DEFAULTS.minWeight);
    }
  });

  it("takes numbers as lookup terms only when the item has no other terms", () => {
    const features = (title: string) =>
      itemFeatures(
        { id: "x", url: "https://x.example/a", title, summary: null, publishedAt: "2014-03-11T00:00:00Z" },
        STORY_DEFAULTS,
      );
    // "10", "14" and "2014" weigh as much as unknown names, but a date or a count says little about the story.
    expect(termWeight("2014")).toBe(termWeight("galavis"));
    expect(features("EU Week Ahead March 10-14, 2014: Bank Resolution").keys).toEqual(["resolu", "march", "bank"]);
    expect(features("2014 10 14").keys).toEqual(["10", "14", "2014"]);
  });

  it("gives an item in any script a vector of length 1 and lookup terms", () => {
    for (const title of ["Orbán trifft Selenskyj in Kyjiw", "习近平会见普京", "Путин встретился с Орбаном"]) {
      const features = itemFeatures(
        { id: "x", url: "https://x.example/a", title, summary: null, publishedAt: "2014-03-11T00:00:00Z" },
        STORY_DEFAULTS,
      );
      const length = Math.sqrt([...features.vector.values()].reduce((sum, w) => sum + w * w, 0));
      expect(length).toBeCloseTo(1, 9);
      expect(features.keys.length).toBeGreaterThan(0);
    }
  });
});

describe("host filter", () => {
  it("never forgets a host it was given", () => {
    let filter = emptyHosts();
    const hosts = Array.from({ length: 400 }, (_, n) => `news${n}.example.org`);
    for (const host of hosts) filter = withHost(filter, host);
    expect(hosts.every((host) => mayHoldHost(filter, host))).toBe(true);
  });

  it("rarely claims a host it was not given while a story is of usual size", () => {
    let filter = emptyHosts();
    for (let n = 0; n < 120; n++) filter = withHost(filter, `in${n}.example.org`);
    const claimed = Array.from({ length: 10_000 }, (_, n) => `out${n}.example.net`).filter((h) =>
      mayHoldHost(filter, h),
    );
    expect(claimed.length).toBeLessThan(100);
  });
});
