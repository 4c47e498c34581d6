/**
 * Terms through the whole path: a configuration, a poll of a local publisher, the topics' lists and the served
 * feeds; then changed terms re-evaluated at the next poll with nothing fetched again.
 */
import { type Config, validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { runCycle } from "@tributary/core/poll";
import type { Store } from "@tributary/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { type FixtureEntry, pubDate, rss } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { createTestStore } from "../helpers/store.ts";

type Publisher = Awaited<ReturnType<typeof startPublisher>>;
const BASE = Date.now() - 2 * 86_400_000;

/** Articles whose titles hold the traps of substrings, spellings, apostrophes, hyphens and scripts. */
const ARTICLES: { title: string; description?: string; content?: string; categories?: string[] }[] = [
  { title: "Cloud computing costs fall" },
  { title: "A Prussian palace reopens" },
  { title: "Trumpet festival and a trumpeter's tour" },
  { title: "Film award for a software pioneer in Warsaw" },
  { title: "Putin's envoy arrives" },
  { title: "Kyiv's mayor on the winter" },
  { title: "La France et l'Ukraine" },
  { title: "Russia-Ukraine talks stall" },
  { title: "Orbán vetoes the aid" },
  { title: "Zelenskyy addresses Congress" },
  { title: "Zelenskiy: no deal" },
  { title: "Trump names envoy" },
  { title: "习近平会见外宾" },
  { title: "The war enters its third year" },
  // The summary comes from the description: only the content names Kyiv.
  { title: "Weekly digest", description: "This week in reading", content: "<p>Air raid sirens in <b>Kyiv</b>.</p>" },
];

const entries = (): FixtureEntry[] =>
  ARTICLES.map((article, n) => ({
    ...article,
    link: `https://news.example/2026/${n}/`,
    guid: `a-${n}`,
    pubDate: pubDate(n, BASE),
  }));

let publisher: Publisher;
let store: Store;

beforeAll(async () => {
  publisher = await startPublisher();
  store = await createTestStore();
  publisher.set("/feeds/world.rss", {
    body: rss({ title: "World", items: entries() }),
    contentType: "application/rss+xml",
  });
});
afterAll(async () => {
  await publisher.close();
});

function configWith(topics: Record<string, unknown>[]): Config {
  return validateConfig({
    title: "Terms",
    sources: [{ id: "world", url: `${publisher.url}/feeds/world.rss`, title: "World desk" }],
    topics: [...topics, { slug: "all", title: "All", sources: ["*"] }],
  });
}

const TOPICS = [
  {
    slug: "ukraine-war",
    title: "Ukraine war",
    sources: ["world"],
    include: ["ukrain*", "kyiv", "russia", "putin", "zelensk*", "orban", "习近平"],
  },
  { slug: "trump", title: "Trump", sources: ["world"], include: ["trump"] },
  { slug: "war", title: "War", sources: ["world"], include: ["war"] },
  { slug: "body", title: "In the body", sources: ["world"], include: ["kyiv"], match: ["content"] },
];

async function feedTitles(config: Config, slug: string): Promise<string[]> {
  const app = createApp({ config, store, listVersionMaxAgeMs: 0 });
  const res = await app.request(`/feeds/${slug}.json?limit=200`);
  expect(res.status).toBe(200);
  const feed = (await res.json()) as { items: { title: string }[] };
  return feed.items.map((item) => item.title).sort();
}

describe("terms through a poll and the served feeds", () => {
  it("files each article under the topics whose terms match its words", async () => {
    const config = configWith(TOPICS);
    await runCycle({ config, store, fetcher: new Fetcher(config.poll) }, { mode: "all" });
    expect(await feedTitles(config, "ukraine-war")).toEqual(
      [
        "Putin's envoy arrives",
        "Kyiv's mayor on the winter",
        "La France et l'Ukraine",
        "Russia-Ukraine talks stall",
        "Orbán vetoes the aid",
        "Zelenskyy addresses Congress",
        "Zelenskiy: no deal",
        "习近平会见外宾",
      ].sort(),
    );
    expect(await feedTitles(config, "trump")).toEqual(["Trump names envoy"]);
    expect(await feedTitles(config, "war")).toEqual(["The war enters its third year"]);
    expect(await feedTitles(config, "body")).toEqual(["Weekly digest"]);
    expect(await feedTitles(config, "all")).toHaveLength(ARTICLES.length);
  });

  it("re-evaluates membership when terms change, fetching nothing again, and the feed's ETag moves", async () => {
    const before = configWith(TOPICS);
    const etagOf = async (config: Config) =>
      (await createApp({ config, store, listVersionMaxAgeMs: 0 }).request("/feeds/trump.rss")).headers.get("ETag");
    const oldEtag = await etagOf(before);
    const after = configWith([
      ...TOPICS.filter((t) => t.slug !== "trump"),
      { slug: "trump", title: "Trump", sources: ["world"], include: ["trump*"], exclude: ["festival"] },
    ]);
    const fetched = publisher.requests.length;
    const result = await runCycle({ config: after, store, fetcher: new Fetcher(after.poll) }, { mode: "due" });
    expect(result.summary.sources).toBe(0);
    // The rebuilt topic changed as a poll changes a topic: WebSub delivers it; the others did not change.
    expect(result.changedLists).toEqual(["t:trump"]);
    expect(publisher.requests.length).toBe(fetched);
    expect(await feedTitles(after, "trump")).toEqual(["Trump names envoy"]);
    const widened = configWith([
      ...TOPICS.filter((t) => t.slug !== "trump"),
      { slug: "trump", title: "Trump", sources: ["world"], include: ["trump*"] },
    ]);
    await runCycle({ config: widened, store, fetcher: new Fetcher(widened.poll) }, { mode: "due" });
    expect(await feedTitles(widened, "trump")).toEqual(
      ["Trump names envoy", "Trumpet festival and a trumpeter's tour"].sort(),
    );
    expect(await etagOf(widened)).not.toBe(oldEtag);
  });
});
