import { describe, expect, it } from "vitest";
import { TributaryError } from "../errors.ts";
import { COPY_KEYS, copyKeyOf, holdsCopy, withCopy } from "./copies.ts";
import { candidatesOf, changeOf, decayOf, decide } from "./decide.ts";
import type { StoryInput } from "./features.ts";
import { featuresOf, groupItem, groupItems } from "./group.ts";
import { MemoryStoryIndex } from "./memory-index.ts";
import { STORY_DEFAULTS } from "./options.ts";
import { lookupsOf, POSTING_MAX_STORIES } from "./postings.ts";
import { StoryConflictError } from "./story-index.ts";
import { newSummary, profileSimilarity, SUMMARY_MAX_BYTES, similarity, summaryBytes, withMember } from "./summary.ts";

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

/** Item id → story id. */
async function storiesOf(items: StoryInput[], options = STORY_DEFAULTS): Promise<Map<string, string>> {
  const placements = await groupItems(new MemoryStoryIndex(), items, options);
  return new Map(placements.map((p) => [p.item, p.story]));
}

const WIRE = "Men's Wearhouse agrees to buy Jos. A. Bank for $1.8 billion";

describe("story grouping", () => {
  it("groups copies of one wire story across publishers under the first stored item's id", async () => {
    const stories = await storiesOf([
      item("a1", "news.example", WIRE),
      item("a2", "daily.example", "Men's Wearhouse to buy Jos. A. Bank for $1.8 billion", 1),
      item("a3", "times.example", "Jos. A. Bank agrees to $1.8 billion Men's Wearhouse deal", 2),
      item("b1", "news2.example", "Elephants can tell human voices apart, study finds", 1),
    ]);
    expect(stories.get("a1")).toBe("a1");
    expect(stories.get("a2")).toBe("a1");
    expect(stories.get("a3")).toBe("a1");
    expect(stories.get("b1")).toBe("b1");
  });

  it("never puts two items of one host in a story, however alike", async () => {
    const stories = await storiesOf([
      item("a1", "news.example", WIRE),
      item("a2", "other.example", WIRE, 1),
      item("a3", "news.example", WIRE, 2),
      item("a4", "other.example", WIRE, 3),
    ]);
    expect(stories.get("a2")).toBe("a1");
    // The second copy of each host cannot join: it starts a second story, where the other host's second copy goes.
    expect(stories.get("a3")).toBe("a3");
    expect(stories.get("a4")).toBe("a3");
  });

  it("gathers items within 72 hours of the story's first item, never later", () => {
    const first = featuresOf(item("a1", "one.example", WIRE));
    const story = changeOf(first, { kind: "new" }, [], STORY_DEFAULTS).summary;
    for (const [hours, joins] of [
      [71.9, true],
      [-71.9, true],
      [72.1, false],
      [-72.1, false],
    ] as const) {
      const copy = featuresOf(item(`c${hours}`, "two.example", WIRE, hours));
      expect(decide(copy, [story], STORY_DEFAULTS).kind).toBe(joins ? "join" : "new");
    }
  });

  it("finds a story through the postings of the three days before an item and the day after", async () => {
    const index = new MemoryStoryIndex();
    await groupItems(index, [item("a1", "one.example", WIRE)]);
    // 70 hours later, three UTC days on, with no member in between: found through a1's own posting.
    const late = featuresOf(item("a2", "two.example", WIRE, 70));
    expect(lookupsOf(late)[0]).toMatchObject({ fromDay: "2014-03-11", toDay: "2014-03-15" });
    expect((await groupItem(index, late)).story).toBe("a1");
    // Published 20 hours before the story's first item, stored later (as a late feed's would be).
    expect((await groupItem(index, featuresOf(item("a3", "three.example", WIRE, -20)))).story).toBe("a1");
  });

  it("lowers similarity with time, but a copy joins anywhere in the window", async () => {
    const report = "Jos. A. Bank deal: Men's Wearhouse pays up";
    const copy = "Men's Wearhouse agrees to buy Jos. A. Bank for $1.8 billion, ending a long fight";
    const a1 = item("a1", "one.example", WIRE);
    const first = featuresOf(a1);
    const story = changeOf(first, { kind: "new" }, [], STORY_DEFAULTS).summary;
    // A report like the story (cosine about 0.47) joins hours later, not the next day.
    expect(similarity(featuresOf(item("r", "two.example", report)), story)).toBeLessThan(STORY_DEFAULTS.copySimilarity);
    const hoursLater = await storiesOf([a1, item("r6", "two.example", report, 6)]);
    const dayLater = await storiesOf([a1, item("r30", "two.example", report, 30)]);
    expect(hoursLater.get("r6")).toBe("a1");
    expect(dayLater.get("r30")).toBe("r30");
    // A copy (cosine over copySimilarity) still joins 60 hours later.
    expect(similarity(featuresOf(item("c", "three.example", copy)), story)).toBeGreaterThan(
      STORY_DEFAULTS.copySimilarity,
    );
    const later = await storiesOf([a1, item("c60", "three.example", copy, 60)]);
    expect(later.get("c60")).toBe("a1");
    expect(decayOf(first.publishedAt + 12 * HOUR, first.publishedAt, STORY_DEFAULTS)).toBeCloseTo(0.5, 10);
    expect(decayOf(first.publishedAt + 60 * HOUR, first.publishedAt, STORY_DEFAULTS)).toBeCloseTo(
      STORY_DEFAULTS.threshold / STORY_DEFAULTS.copySimilarity,
      10,
    );
  });

  it("prefers a story twice as like the item over a larger one: size decides only between rivals", () => {
    const big = {
      ...changeOf(
        featuresOf(item("b", "big.example", "Justin Bieber deposition video")),
        { kind: "new" },
        [],
        STORY_DEFAULTS,
      ).summary,
      size: 40,
    };
    const small = {
      ...changeOf(
        featuresOf(item("s", "small.example", "Beyonce wants to ban bossy")),
        { kind: "new" },
        [],
        STORY_DEFAULTS,
      ).summary,
      size: 5,
    };
    const probe = featuresOf(item("p", "probe.example", "Beyonce wants to ban bossy in a new video"));
    const toBig = similarity(probe, big);
    const toSmall = similarity(probe, small);
    expect(toBig).toBeGreaterThan(STORY_DEFAULTS.threshold);
    expect(toBig * big.size).toBeGreaterThan(toSmall * small.size);
    expect(toBig).toBeLessThan(STORY_DEFAULTS.rivalShare * toSmall);
    expect(decide(probe, [big, small], STORY_DEFAULTS)).toMatchObject({ kind: "join", story: { id: "s" } });
    // Without the rival rule the larger story would have taken it.
    expect(decide(probe, [big, small], { ...STORY_DEFAULTS, rivalShare: 0 })).toMatchObject({ story: { id: "b" } });
    // Between rivals (both about as like the item) the larger story wins.
    const rival = { ...big, id: "r", terms: small.terms, hosts: small.hosts };
    expect(decide(probe, [rival, small], STORY_DEFAULTS)).toMatchObject({ story: { id: "r" } });
  });

  it("sends an item to the larger of two stories of one topic, however much more like it the smaller is", () => {
    const summaryOf = (id: string, title: string) =>
      changeOf(featuresOf(item(id, `${id}.example`, title)), { kind: "new" }, [], STORY_DEFAULTS).summary;
    // The first story of an event, and a second one that items kept out of it by their host started.
    const first = { ...summaryOf("f", "Carney faces MPs over Bank of England forex inquiry"), size: 40 };
    const second = withMember(
      summaryOf("s", "Carney questioned by MPs on forex inquiry"),
      featuresOf(item("t", "t.example", "RBS could leave an independent Scotland, Carney tells MPs")),
      STORY_DEFAULTS.profileTerms,
    );
    const probe = featuresOf(item("p", "probe.example", "Carney: RBS might leave independent Scotland"));
    const toFirst = similarity(probe, first);
    const toSecond = similarity(probe, second);
    expect(toFirst).toBeGreaterThan(STORY_DEFAULTS.threshold);
    expect(toFirst).toBeLessThan(STORY_DEFAULTS.rivalShare * toSecond);
    expect(profileSimilarity(first, second)).toBeGreaterThanOrEqual(STORY_DEFAULTS.rivalLink);
    expect(decide(probe, [second, first], STORY_DEFAULTS)).toMatchObject({ kind: "join", story: { id: "f" } });
    // Without the link between the two stories, the one twice as like the item takes it.
    expect(decide(probe, [second, first], { ...STORY_DEFAULTS, rivalLink: 1.01 })).toMatchObject({
      story: { id: "s" },
    });
  });

  it("does not snowball: a chain of items each like the one before splits into bounded stories", async () => {
    // Made-up words all weigh the same; each title shares two of its four words with the one before.
    const words = Array.from({ length: 82 }, (_, n) => `qx${String(n).padStart(2, "0")}vor`);
    const chain = Array.from({ length: 40 }, (_, n) =>
      item(`c${String(n).padStart(2, "0")}`, `site${n}.example`, words.slice(2 * n, 2 * n + 4).join(" "), n * 0.01),
    );
    const options = STORY_DEFAULTS;
    // Each link is like the one before it (cosine 0.5, over the threshold) and shares nothing with the first.
    for (let n = 1; n < chain.length; n++) {
      const a = featuresOf(chain[n - 1] as StoryInput, options);
      const b = featuresOf(chain[n] as StoryInput, options);
      let dot = 0;
      for (const [term, weight] of b.vector) dot += weight * (a.vector.get(term) ?? 0);
      expect(dot).toBeCloseTo(0.5, 5);
      expect(dot).toBeGreaterThan(options.threshold);
    }
    const stories = await storiesOf(chain);
    const sizes = new Map<string, number>();
    for (const story of stories.values()) sizes.set(story, (sizes.get(story) ?? 0) + 1);
    // A nearest-member rule would chain all forty into one story; the profile lets each story hold a stretch.
    expect(sizes.get("c00")).toBeGreaterThan(1);
    expect(Math.max(...sizes.values())).toBeLessThan(chain.length / 2);
    expect(sizes.size).toBeGreaterThanOrEqual(3);
    expect(stories.get("c39")).not.toBe(stories.get("c00"));
  });

  it("gives the same stories whatever order a batch arrives in", async () => {
    const batch = [
      item("k1", "a.example", WIRE, 0),
      item("k2", "b.example", "Men's Wearhouse to buy Jos. A. Bank", 0),
      item("k3", "c.example", "Jos. A. Bank sold to Men's Wearhouse", 0),
      item("k4", "d.example", "Elephants tell human friend from foe by voice", 0),
      item("k5", "e.example", "Elephants can tell human voices apart", 0),
      item("k6", "a.example", "Elephants recognise human voices", 1),
    ];
    const expected = await storiesOf(batch);
    for (const order of [
      [5, 4, 3, 2, 1, 0],
      [2, 0, 5, 1, 3, 4],
      [3, 1, 4, 0, 5, 2],
    ]) {
      expect(await storiesOf(order.map((i) => batch[i] as StoryInput))).toEqual(expected);
    }
  });

  it("judges an item by its summary too: two generic titles over one event's summary make one story", async () => {
    const event = "Juan Pablo Galavis picks Nikki Ferrell in the Bachelor finale.";
    const first = item("s1", "one.example", "Monday night television", 0, event);
    const same = await storiesOf([first, item("s2", "two.example", "What to watch tonight", 1, event)]);
    const other = await storiesOf([
      first,
      item(
        "s2",
        "two.example",
        "What to watch tonight",
        1,
        "Believe premieres on NBC: a girl with powers, on the run.",
      ),
    ]);
    const none = await storiesOf([first, item("s2", "two.example", "What to watch tonight", 1)]);
    expect(same.get("s2")).toBe("s1");
    expect(other.get("s2")).toBe("s2");
    expect(none.get("s2")).toBe("s2");
  });

  it("refuses an item without a usable date, naming it, before writing anything", async () => {
    const index = new MemoryStoryIndex();
    const bad = { ...item("x1", "one.example", WIRE), publishedAt: "yesterday" };
    const error = await groupItems(index, [item("ok", "two.example", WIRE), bad]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TributaryError);
    expect((error as TributaryError).stage).toBe("stories");
    expect((error as TributaryError).reason).toContain("x1");
    expect(index.stories()).toEqual([]);
  });
});

describe("story storage by keys", () => {
  it("keeps one new article's grouping within 3 read units and 5 write units", async () => {
    const index = new MemoryStoryIndex();
    const hosts = Array.from({ length: 40 }, (_, n) => `h${n}.example`);
    const titles = [WIRE, "Jos. A. Bank sold to Men's Wearhouse after months of talks", "Men's Wearhouse deal"];
    for (let n = 0; n < 120; n++) {
      const before = { ...index.meter };
      await groupItem(index, featuresOf(item(`i${n}`, hosts[n % 40] as string, titles[n % 3] as string, n / 10)));
      expect(index.meter.readUnits - before.readUnits).toBeLessThanOrEqual(3);
      expect(index.meter.writeUnits - before.writeUnits).toBeLessThanOrEqual(5);
    }
  });

  it("keeps a story's summary within its byte bound however many items join", async () => {
    const index = new MemoryStoryIndex();
    const items = Array.from({ length: 300 }, (_, n) =>
      item(
        `m${n}`,
        `host${n}.example`,
        `Galavis Bachelor finale verdict ${["alpha", "bravo", "delta"][n % 3]} w${n}x`,
        0,
      ),
    );
    await groupItems(index, items);
    const biggest = index.stories().reduce((a, b) => (a.size > b.size ? a : b));
    expect(biggest.size).toBeGreaterThan(100);
    expect(summaryBytes(biggest)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
  });

  it("keeps a posting to a bounded number of stories", async () => {
    const index = new MemoryStoryIndex();
    // Sixty unlike items (one word in thirteen shared) that all have "aazorblat" among their lookup terms.
    const items = Array.from({ length: 60 }, (_, n) => {
      const own = Array.from({ length: 12 }, (_, k) => `qz${n}x${k}yw`);
      return item(`p${n}`, `p${n}.example`, ["Aazorblat", ...own].join(" "));
    });
    await groupItems(index, items);
    expect(index.stories().length).toBe(60);
    const probe = featuresOf(item("probe", "probe.example", "Aazorblat"));
    const postings = await index.postings(lookupsOf(probe), false);
    const zorblat = postings.filter((p) => p.term === "aazorb");
    expect(zorblat.length).toBe(1);
    expect(zorblat[0]?.stories.size).toBe(POSTING_MAX_STORIES);
  });

  it("reads five days of full postings of a term in one Query of half a read unit", async () => {
    const index = new MemoryStoryIndex();
    // Thirty unlike items a day, on each of the five days an item 72 hours after the first day reads (own words
    // differ in their first 6 characters, as terms are cut there).
    const items = Array.from({ length: 150 }, (_, n) => {
      const own = Array.from(
        { length: 12 },
        (_, k) => `x${String.fromCharCode(97 + k)}${n.toString(36).padStart(3, "0")}w`,
      );
      return item(`d${n}`, `d${n}.example`, ["Aazorblat", ...own].join(" "), 24 * Math.floor(n / 30));
    });
    await groupItems(index, items);
    const probe = featuresOf(item("probe", "probe.example", "Aazorblat", 72));
    const [lookup] = lookupsOf(probe);
    const before = index.meter.readUnits;
    const postings = await index.postings([lookup as NonNullable<typeof lookup>], false);
    expect(postings.map((p) => p.stories.size)).toEqual([22, 22, 22, 22, 22]);
    expect(index.meter.readUnits - before).toBe(0.5);
  });

  it("makes one story of two copies decided at the same time: the later commit conflicts and decides again", async () => {
    const index = new MemoryStoryIndex();
    const a = featuresOf(item("a", "one.example", WIRE));
    const b = featuresOf(item("b", "two.example", WIRE));
    // Both read before either writes: each sees no story and decides to start one.
    const readA = await index.postings(lookupsOf(a), false);
    const readB = await index.postings(lookupsOf(b), false);
    const changeA = changeOf(a, decide(a, [], STORY_DEFAULTS), readA, STORY_DEFAULTS);
    const changeB = changeOf(b, decide(b, [], STORY_DEFAULTS), readB, STORY_DEFAULTS);
    await index.commit(changeA);
    await expect(index.commit(changeB)).rejects.toBeInstanceOf(StoryConflictError);
    // The retry reads again and joins the story the other commit made.
    const placement = await groupItem(index, b);
    expect(placement).toEqual({ item: "b", story: "a", first: false });
    expect(index.stories().map((s) => [s.id, s.size])).toEqual([["a", 2]]);
  });

  it("refuses a join decided on a summary that moved meanwhile", async () => {
    const index = new MemoryStoryIndex();
    await groupItem(index, featuresOf(item("a", "one.example", WIRE)));
    const b = featuresOf(item("b", "two.example", WIRE));
    const c = featuresOf(item("c", "three.example", WIRE));
    const readB = await index.postings(lookupsOf(b), false);
    const summariesB = await index.summaries(candidatesOf(b, readB, STORY_DEFAULTS), false);
    await groupItem(index, c);
    const stale = changeOf(b, decide(b, summariesB, STORY_DEFAULTS), readB, STORY_DEFAULTS);
    await expect(index.commit(stale)).rejects.toBeInstanceOf(StoryConflictError);
    expect((await groupItem(index, b)).story).toBe("a");
    expect(index.stories()[0]?.size).toBe(3);
  });

  it("finds the story an item started in a run that stopped before the item was stored, and writes nothing", async () => {
    const index = new MemoryStoryIndex();
    const a = featuresOf(item("a", "one.example", WIRE));
    await groupItem(index, a);
    const before = { ...index.meter };
    expect(await groupItem(index, a)).toEqual({ item: "a", story: "a", first: true });
    expect(index.meter.writeUnits).toBe(before.writeUnits);
    expect(index.stories().map((s) => s.size)).toEqual([1]);
  });

  it("compares an item with the story as a whole", async () => {
    const index = new MemoryStoryIndex();
    for (const [n, title] of [WIRE, "Men's Wearhouse to buy Jos. A. Bank", "Jos. A. Bank deal"].entries()) {
      await groupItem(index, featuresOf(item(`w${n}`, `w${n}.example`, title)));
    }
    const story = index.stories()[0];
    expect(story?.size).toBe(3);
    const probe = featuresOf(item("probe", "probe.example", "Men's Wearhouse buys Jos. A. Bank"));
    expect(similarity(probe, story as NonNullable<typeof story>)).toBeGreaterThan(0.5);
  });
});

const keyOf = (title: string, summary: string | null = null) =>
  featuresOf(item("x", "x.example", title, 0, summary)).copyKey;

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
