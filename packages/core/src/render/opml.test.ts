import { describe, expect, it } from "vitest";
import { HOSTILE, HOSTILE_CLEANED } from "../../../../tests/helpers/feed-samples.ts";
import { childNamed, childrenNamed, parseStrictXml } from "../../../../tests/helpers/strict-xml.ts";
import { renderOpml } from "./opml.ts";

const topic = {
  title: "Economy",
  description: "Money & markets",
  rssUrl: "https://t.example/feeds/economy.rss",
  htmlUrl: "https://t.example/topics/economy",
};

describe("renderOpml", () => {
  it("lists one rss outline per topic with text, title, xmlUrl and htmlUrl", () => {
    const opml = parseStrictXml(
      renderOpml({
        title: "Tributary",
        dateCreated: "2024-01-02T05:00:00Z",
        topics: [topic, { ...topic, description: null }],
      }),
    );
    expect(opml.attributes.version).toBe("2.0");
    const head = childNamed(opml, "head");
    expect(childNamed(head, "title").text).toBe("Tributary");
    expect(childNamed(head, "dateCreated").text).toBe("Tue, 02 Jan 2024 05:00:00 GMT");
    const outlines = childrenNamed(childNamed(opml, "body"), "outline").map((outline) => outline.attributes);
    expect(outlines).toEqual([
      {
        type: "rss",
        text: "Economy",
        title: "Economy",
        description: "Money & markets",
        xmlUrl: topic.rssUrl,
        htmlUrl: topic.htmlUrl,
      },
      { type: "rss", text: "Economy", title: "Economy", xmlUrl: topic.rssUrl, htmlUrl: topic.htmlUrl },
    ]);
  });

  it("leaves dateCreated out when not given, and stays well-formed with hostile titles", () => {
    const opml = parseStrictXml(renderOpml({ title: HOSTILE, topics: [{ ...topic, title: HOSTILE }] }));
    const head = childNamed(opml, "head");
    expect(childrenNamed(head, "dateCreated")).toEqual([]);
    expect(childNamed(head, "title").text).toBe(HOSTILE_CLEANED);
    expect(childNamed(childNamed(opml, "body"), "outline").attributes.text).toBe(HOSTILE_CLEANED);
  });
});
