import Ajv from "ajv";
import schema from "jsonfeed-schema/schema-v1.1.json" with { type: "json" };
import { describe, expect, it } from "vitest";
import { emptyDocument, HOSTILE, sampleDocument } from "../../../../tests/helpers/feed-samples.ts";
import { removeInvalidXmlChars } from "../characters.ts";
import { entryCategories } from "./categories.ts";
import { JSON_FEED_VERSION, renderJsonFeed } from "./json-feed.ts";
import { entryAuthor } from "./publisher.ts";

/** RFC 3986 absolute URI: a scheme, then only characters a URI may hold, and parseable. */
function isUri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/.test(value) && URL.canParse(value);
}

/** RFC 3339 date-time. */
function isDateTime(value: string): boolean {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(value) && !Number.isNaN(Date.parse(value));
}

// The schema is draft-07, Ajv's default; its formats come from here rather than from a further package.
const validate = new Ajv({ allErrors: true, formats: { uri: isUri, "date-time": isDateTime } }).compile(schema);

function expectValid(json: string): Record<string, unknown> {
  const feed = JSON.parse(json) as Record<string, unknown>;
  const valid = validate(feed);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(valid).toBe(true);
  return feed;
}

interface JsonItem {
  id: string;
  url?: string;
  title?: string;
  content_html?: string;
  content_text?: string;
  summary?: string;
  image?: string;
  date_published: string;
  date_modified: string;
  authors?: { name: string }[];
  tags?: string[];
}

describe("renderJsonFeed", () => {
  it("is valid JSON Feed 1.1, full and empty", () => {
    const full = expectValid(renderJsonFeed(sampleDocument("json")));
    expect(full.version).toBe(JSON_FEED_VERSION);
    const empty = expectValid(renderJsonFeed(emptyDocument("json")));
    expect(empty.items).toEqual([]);
    expect(empty).not.toHaveProperty("next_url");
    expect(empty).not.toHaveProperty("description");
  });

  it("names its WebSub hub in hubs, valid against the schema, and none without one", () => {
    const hub = "https://tributary.example.net/websub";
    const feed = expectValid(renderJsonFeed(sampleDocument("json", { hubUrl: hub })));
    expect(feed.hubs).toEqual([{ type: "WebSub", url: hub }]);
    expect(JSON.parse(renderJsonFeed(sampleDocument("json")))).not.toHaveProperty("hubs");
  });

  it("the validator catches what it should (so the test above means something)", () => {
    const feed = JSON.parse(renderJsonFeed(sampleDocument("json"))) as { items: Record<string, unknown>[] };
    const [item] = feed.items;
    if (item) {
      delete item.content_html;
      item.url = "not a uri";
    }
    expect(validate(feed)).toBe(false);
  });

  it("carries the feed's metadata and every item's fields", () => {
    const doc = sampleDocument("json");
    const feed = JSON.parse(renderJsonFeed(doc)) as Record<string, unknown> & { items: JsonItem[] };
    expect(feed).toMatchObject({
      title: doc.title,
      home_page_url: doc.homeUrl,
      feed_url: doc.selfUrl,
      next_url: doc.nextUrl,
      description: doc.description,
      language: "en",
      authors: [{ name: doc.title }],
    });
    doc.items.forEach((item, index) => {
      const json = feed.items[index];
      const clean = (text: string | null) => (text === null ? undefined : removeInvalidXmlChars(text));
      expect(json?.id).toBe(item.id);
      expect(json?.url).toBe(item.url ?? undefined);
      expect(json?.title).toBe(clean(item.title));
      expect(json?.summary).toBe(clean(item.summary));
      expect(json?.image).toBe(item.imageUrl ?? undefined);
      expect(json?.date_published).toBe(new Date(item.publishedAt).toISOString());
      expect(json?.date_modified).toBe(new Date(item.updatedAt).toISOString());
      const author = entryAuthor(item, doc.publishers.of(item));
      expect(json?.authors).toEqual(author === null ? undefined : [{ name: clean(author) }]);
      const tags = entryCategories(item, doc.sourceTitles);
      expect(json?.tags).toEqual(tags.length === 0 ? undefined : tags);
      if (item.contentHtml !== null) expect(json?.content_html).toBe(clean(item.contentHtml));
      else expect(json?.content_text).toBe(clean(item.summary) ?? "Untitled");
    });
  });

  it("removes invalid characters from strings instead of escaping them", () => {
    const json = renderJsonFeed(sampleDocument("json", { title: HOSTILE }));
    expect(json).not.toMatch(/\\u00(0|1)|\\ud[89a-f]/i);
    expect((JSON.parse(json) as { title: string }).title).toBe(removeInvalidXmlChars(HOSTILE));
  });
});
