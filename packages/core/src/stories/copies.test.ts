import { describe, expect, it } from "vitest";
import { COPY_TITLES, holdsTitle, titleKeyOf, withTitle } from "./copies.ts";
import { decide } from "./decide.ts";
import type { StoryInput } from "./features.ts";
import { featuresOf, groupItems } from "./group.ts";
import { MemoryStoryIndex } from "./memory-index.ts";
import { STORY_DEFAULTS } from "./options.ts";
import { newSummary, similarity, withMember } from "./summary.ts";

const HOUR = 3_600_000;
const T0 = Date.parse("2014-03-11T08:00:00Z");

function item(id: string, host: string, title: string, hoursAfter = 0): StoryInput {
  return {
    id,
    url: `https://${host}/news/${id}`,
    title,
    summary: null,
    publishedAt: new Date(T0 + hoursAfter * HOUR).toISOString(),
  };
}

const keyOf = (title: string) => featuresOf(item("x", "x.example", title)).titleKey;

const WIRE = "Men's Wearhouse agrees to buy Jos. A. Bank for $1.8 billion";
/** Reports of the deal worded apart from the wire copy: the story's profile moves away from its first title. */
const REPORTS = [
  "Men's Wearhouse to buy Jos. A. Bank, ending months-long takeover battle",
  "Jos. A. Bank shareholders get $65 a share in Men's Wearhouse deal",
  "Men's Wearhouse wins Jos. A. Bank after bitter takeover fight",
  "Jos. A. Bank board backs Men's Wearhouse cash offer",
  "Menswear retailers end takeover fight: Jos. A. Bank sold",
];

describe("copies of one article", () => {
  it("fingerprints a title by its words, whatever their case, punctuation, order or inflection", () => {
    const key = keyOf(WIRE);
    expect(key).not.toBeNull();
    expect(keyOf("MEN'S WEARHOUSE AGREES TO BUY JOS. A. BANK FOR $1.8 BILLION")).toBe(key);
    expect(keyOf("Men’s Wearhouse agrees to buy Jos A Bank for $1.8 billion!")).toBe(key);
    expect(keyOf("Jos. A. Bank: Men's Wearhouse agrees to buy for $1.8 billion")).toBe(key);
    expect(keyOf("Men's Wearhouse agrees to buy Jos. A. Bank for $1.9 billion")).not.toBe(key);
  });

  it("gives no fingerprint to a title too generic to name one article", () => {
    expect(keyOf("Monday Evening Business Brief")).toBeNull();
    expect(keyOf("10 Things You Need To Know Before The Opening Bell")).toBeNull();
    expect(keyOf("Today in History")).toBeNull();
    expect(keyOf("Galavis")).toBeNull();
    expect(titleKeyOf(new Map())).toBeNull();
  });

  it("keeps the fingerprints of a story's first members only, each once", () => {
    let titles: Uint8Array = new Uint8Array(0);
    for (let n = 0; n < COPY_TITLES + 5; n++) titles = withTitle(titles, 1000 + n);
    titles = withTitle(titles, 1000);
    titles = withTitle(titles, null);
    expect(titles.length).toBe(COPY_TITLES * 4);
    expect(holdsTitle(titles, 1000)).toBe(true);
    expect(holdsTitle(titles, 1000 + COPY_TITLES - 1)).toBe(true);
    expect(holdsTitle(titles, 1000 + COPY_TITLES)).toBe(false);
    expect(holdsTitle(titles, null)).toBe(false);
    // A damaged record holds nothing.
    expect(holdsTitle(titles.subarray(0, 6), 1000)).toBe(false);
  });

  it("joins a copy of a member's title a day and a half later, where another report that late starts its own", () => {
    let story = newSummary(featuresOf(item("a1", "wire.example", WIRE)), STORY_DEFAULTS.profileTerms);
    REPORTS.forEach((title, n) => {
      story = withMember(story, featuresOf(item(`r${n}`, `r${n}.example`, title, 1)), STORY_DEFAULTS.profileTerms);
    });
    const copy = featuresOf(item("c1", "late.example", WIRE, 36));
    // Without its title, the copy is too far from the story's profile to join a day and a half later.
    expect(similarity(copy, story)).toBeLessThan(STORY_DEFAULTS.copySimilarity);
    expect(decide(copy, [story], STORY_DEFAULTS)).toMatchObject({ kind: "join", story: { id: "a1" } });
    const report = featuresOf(
      item("c2", "late.example", "Men's Wearhouse agrees to buy Jos. A. Bank, analysts say", 36),
    );
    expect(decide(report, [story], STORY_DEFAULTS)).toEqual({ kind: "new" });
    // Nor does a copy join past the 72-hour window, or where its host already is.
    expect(decide(featuresOf(item("c3", "late.example", WIRE, 73)), [story], STORY_DEFAULTS)).toEqual({ kind: "new" });
    expect(decide(featuresOf(item("c4", "r1.example", WIRE, 36)), [story], STORY_DEFAULTS)).toEqual({ kind: "new" });
  });

  it("finds the story of a late copy through its postings and joins it", async () => {
    const placements = await groupItems(new MemoryStoryIndex(), [
      item("a1", "wire.example", WIRE),
      ...REPORTS.map((title, n) => item(`r${n}`, `r${n}.example`, title, 1)),
      item("c1", "late.example", WIRE, 36),
    ]);
    // Every report joined the first item's story, and the copy joins it too.
    expect(new Set(placements.map((p) => p.story))).toEqual(new Set(["a1"]));
  });
});
