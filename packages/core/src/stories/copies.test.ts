import { describe, expect, it } from "vitest";
import { COPY_KEYS, copyKeyOf, holdsCopy, withCopy } from "./copies.ts";
import { decide } from "./decide.ts";
import type { StoryInput } from "./features.ts";
import { featuresOf, groupItems } from "./group.ts";
import { MemoryStoryIndex } from "./memory-index.ts";
import { STORY_DEFAULTS } from "./options.ts";
import { newSummary, similarity, withMember } from "./summary.ts";

const HOUR = 3_600_000;
const T0 = Date.parse("2014-03-11T08:00:00Z");

function item(id: string, host: string, title: string, hoursAfter = 0, summary: string | null = null): StoryInput {
  return {
    id,
    url: `https://${host}/news/${id}`,
    title,
    summary,
    publishedAt: new Date(T0 + hoursAfter * HOUR).toISOString(),
  };
}

const keyOf = (title: string, summary: string | null = null) =>
  featuresOf(item("x", "x.example", title, 0, summary)).copyKey;

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

  it("fingerprints the summary's first words too, so that feeds cutting it at other lengths agree", () => {
    const lede = "The menswear retailer will pay $65 a share in cash, ending a months-long takeover battle";
    const key = keyOf(WIRE, `${lede} with its smaller rival, the companies said on Tuesday.`);
    expect(keyOf(WIRE, `${lede}…`)).toBe(key);
    expect(keyOf(WIRE, lede.toUpperCase())).toBe(key);
    expect(keyOf(WIRE, "Shares of both companies rose in early trading on the news of the deal.")).not.toBe(key);
    expect(keyOf(WIRE)).not.toBe(key);
  });

  it("gives no fingerprint to a title too generic to name one article", () => {
    expect(keyOf("Monday Evening Business Brief")).toBeNull();
    expect(keyOf("10 Things You Need To Know Before The Opening Bell")).toBeNull();
    expect(keyOf("Today in History")).toBeNull();
    expect(keyOf("Galavis")).toBeNull();
    expect(copyKeyOf(new Map(), new Map())).toBeNull();
  });

  it("keeps the fingerprints of a story's first members only, each once", () => {
    let titles: Uint8Array = new Uint8Array(0);
    for (let n = 0; n < COPY_KEYS + 5; n++) titles = withCopy(titles, 1000 + n);
    titles = withCopy(titles, 1000);
    titles = withCopy(titles, null);
    expect(titles.length).toBe(COPY_KEYS * 4);
    expect(holdsCopy(titles, 1000)).toBe(true);
    expect(holdsCopy(titles, 1000 + COPY_KEYS - 1)).toBe(true);
    expect(holdsCopy(titles, 1000 + COPY_KEYS)).toBe(false);
    expect(holdsCopy(titles, null)).toBe(false);
    // A damaged record holds nothing.
    expect(holdsCopy(titles.subarray(0, 6), 1000)).toBe(false);
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

  it("keeps apart a column that comes back under one headline days later with another summary", async () => {
    const headline = "Stock market today: Dow, S&P 500, Nasdaq close higher";
    const placements = await groupItems(new MemoryStoryIndex(), [
      item(
        "d1",
        "a.example",
        headline,
        0,
        "Chipmakers led a broad rally on Thursday as Nvidia and AMD jumped after strong quarterly results from suppliers, while energy shares slipped with oil prices and Treasury yields eased.",
      ),
      item(
        "d3",
        "b.example",
        headline,
        50,
        "Stocks rose on Saturday after a stronger than expected jobs report showed employers added 250,000 workers, easing fears of a slowdown, while bank shares gained and the dollar firmed against the yen.",
      ),
    ]);
    expect(placements.map((p) => p.story)).toEqual(["d1", "d3"]);
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
