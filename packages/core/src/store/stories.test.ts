/**
 * `store.stories` on the real engines: the grouping's `StoryIndex` gives the same stories as the in-memory one, its
 * conditional writes refuse what moved, and one new article costs at most 3 read and 5 write units in DynamoDB
 * Local's own count.
 */
import { describe, expect, it } from "vitest";
import { meterStore } from "../../../../bench/support.ts";
import { createTestStore, type EngineName } from "../../../../tests/helpers/store.ts";
import {
  changeOf,
  featuresOf,
  groupItem,
  groupItems,
  groupingOrder,
  lookupsOf,
  MemoryStoryIndex,
  STORY_DEFAULTS,
  StoryConflictError,
  type StoryInput,
} from "../stories/index.ts";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-20T08:00:00Z");

function item(id: string, host: string, title: string, hoursAfter = 0): StoryInput {
  return {
    id,
    url: `https://${host}/news/${id}`,
    title,
    summary: null,
    publishedAt: new Date(T0 + hoursAfter * HOUR).toISOString(),
  };
}

/** Three wire stories carried by several publishers each, worded apart, and a few items alone. */
const BATCH: StoryInput[] = [
  item("wire1a", "one.example", "Men's Wearhouse agrees to buy Jos. A. Bank for $1.8 billion"),
  item("wire1b", "two.example", "Men's Wearhouse to buy Jos. A. Bank for $1.8 billion", 1),
  item("wire1c", "three.example", "Jos. A. Bank agrees to $1.8 billion Men's Wearhouse deal", 2),
  item("wire1d", "one.example", "Jos. A. Bank shareholders back Men's Wearhouse buyout", 3),
  item("wire2a", "two.example", "Elephants can tell human voices apart, study finds", 0.5),
  item("wire2b", "four.example", "Elephants tell human friend from foe by voice", 1.5),
  item("wire2c", "five.example", "Study: elephants recognise human voices and ages", 2.5),
  item("wire3a", "six.example", "Galavis wins Venezuela's Ironman triathlon in Maracaibo", 4),
  item("wire3b", "seven.example", "Venezuela's Galavis takes Ironman title in Maracaibo", 5),
  item("alone1", "one.example", "City council approves new budget for parks", 1),
  item("alone2", "eight.example", "Quarterly earnings beat forecasts at chip maker", 2),
];

describe.each<EngineName>(["dynamodb-local", "dynalite"])("store.stories on %s", (engine) => {
  it("groups a batch exactly as the in-memory index does", async () => {
    const store = await createTestStore({ engine });
    try {
      const memory = await groupItems(new MemoryStoryIndex(), BATCH);
      const stored = await groupItems(store.stories.index(), BATCH);
      expect(stored).toEqual(memory);
      const story = new Map(stored.map((p) => [p.item, p.story]));
      expect(story.get("wire1b")).toBe("wire1a");
      expect(story.get("wire2b")).toBe("wire2a");
      expect(new Set(stored.map((p) => p.story)).size).toBeLessThan(BATCH.length);
      // Every summary counts its members, whose rows the story's list holds.
      for (const id of new Set(stored.map((p) => p.story))) {
        const members = stored.filter((p) => p.story === id).map((p) => p.item);
        expect((await store.stories.summary(id))?.size).toBe(members.length);
        expect((await store.stories.members(id)).map((m) => m.id).sort()).toEqual(members.sort());
      }
    } finally {
      store.close();
    }
  });

  it("refuses a new story whose posting moved, and a join whose summary moved", async () => {
    const store = await createTestStore({ engine });
    try {
      const a = featuresOf(item("a", "one.example", BATCH[0]?.title ?? ""), STORY_DEFAULTS);
      const b = featuresOf(item("b", "two.example", BATCH[1]?.title ?? "", 1), STORY_DEFAULTS);
      // Two polls read the same (empty) postings; the first to write starts the story, the second must read again.
      const first = store.stories.index();
      const second = store.stories.index();
      const readFirst = await first.postings(lookupsOf(a), false);
      const readSecond = await second.postings(lookupsOf(b), false);
      await first.commit(changeOf(a, { kind: "new" }, readFirst, STORY_DEFAULTS));
      await expect(second.commit(changeOf(b, { kind: "new" }, readSecond, STORY_DEFAULTS))).rejects.toThrow(
        StoryConflictError,
      );
      expect(await store.stories.summary("b")).toBeNull();
      // Read again, b finds a's story and joins it.
      const placed = await groupItem(second, b);
      expect(placed).toEqual({ item: "b", story: "a", first: false });
      // A join decided on the summary before b's is refused.
      const c = featuresOf(item("c", "three.example", BATCH[2]?.title ?? "", 2), STORY_DEFAULTS);
      const stale = { ...(await store.stories.summary("a")), version: 1, size: 1 } as never;
      const third = store.stories.index();
      const read = await third.postings(lookupsOf(c), false);
      await expect(
        third.commit(changeOf(c, { kind: "join", story: stale, similarity: 1 }, read, STORY_DEFAULTS)),
      ).rejects.toThrow(StoryConflictError);
      expect((await store.stories.summary("a"))?.size).toBe(2);
      expect((await store.stories.members("a")).map((m) => [m.id, m.order])).toEqual([
        ["a", 1],
        ["b", 2],
      ]);
    } finally {
      store.close();
    }
  });
});

describe("store.stories cost (DynamoDB Local's consumed capacity)", () => {
  it("takes at most 3 read units and 5 write units per new article", async () => {
    const store = await createTestStore();
    const meter = meterStore(store);
    try {
      const index = store.stories.index();
      const spent: { id: string; read: number; write: number }[] = [];
      for (const input of groupingOrder(BATCH)) {
        meter.reset();
        await groupItem(index, featuresOf(input));
        spent.push({ id: input.id, read: meter.readCapacity, write: meter.writeCapacity });
      }
      for (const { read, write } of spent) {
        expect(read).toBeLessThanOrEqual(3);
        expect(write).toBeLessThanOrEqual(5);
      }
      // A story started writes its postings, summary and member row; a join reads the story it joins. (DynamoDB
      // Local counts a Query that finds nothing as no unit; DynamoDB counts half a unit, as the bench's meter does.)
      expect(spent.find((s) => s.id === "wire1a")?.write).toBe(5);
      expect(spent.find((s) => s.id === "wire1b")?.read).toBeGreaterThan(1);
    } finally {
      store.close();
    }
  });
});
