import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { emptyDocument, sampleDocument } from "../../../../tests/helpers/feed-samples.ts";
import { renderAtom, renderJsonFeed, renderOpml, renderRss } from "./index.ts";

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
/** The full samples name a WebSub hub; the empty ones show a feed without one (WebSub off). */
const HUB = "https://tributary.example.net/websub";

const opmlTopics = [
  {
    title: "Economy",
    description: "Business & economy news",
    rssUrl: "https://tributary.example.net/feeds/economy.rss",
    htmlUrl: "https://tributary.example.net/topics/economy",
  },
  {
    title: "Science <& Tech>",
    description: null,
    rssUrl: "https://tributary.example.net/feeds/science.rss",
    htmlUrl: "https://tributary.example.net/topics/science",
  },
];

const cases: [file: string, render: () => string][] = [
  ["rss.xml", () => renderRss(sampleDocument("rss", { hubUrl: HUB }))],
  ["rss-empty.xml", () => renderRss(emptyDocument("rss"))],
  ["atom.xml", () => renderAtom(sampleDocument("atom", { hubUrl: HUB }))],
  ["atom-empty.xml", () => renderAtom(emptyDocument("atom"))],
  ["json-feed.json", () => renderJsonFeed(sampleDocument("json", { hubUrl: HUB }))],
  ["json-feed-empty.json", () => renderJsonFeed(emptyDocument("json"))],
  ["opml.xml", () => renderOpml({ title: "Tributary", dateCreated: "2024-01-02T05:00:00Z", topics: opmlTopics })],
];

describe("golden files (UPDATE_GOLDEN=1 rewrites them)", () => {
  it.each(cases)("%s", (file, render) => {
    const path = join(GOLDEN, file);
    const actual = render();
    if (UPDATE) {
      writeFileSync(path, actual);
      return;
    }
    expect(existsSync(path), `${file} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
    expect(actual).toBe(readFileSync(path, "utf8"));
  });

  it("renders the same bytes twice", () => {
    for (const [, render] of cases) expect(render()).toBe(render());
  });
});
