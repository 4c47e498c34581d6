/**
 * Property-based fuzzing of every route's path and query parameters (and conditional headers) through the
 * app: never a 5xx, only 200/304/400/404, problem+json for the errors of programs' paths, well-formed bodies.
 */

import { type Config, validateConfig } from "@tributary/core/config";
import type { Article } from "@tributary/core/item";
import { entryList, pendingState, type Store, sourceList, topicList } from "@tributary/core/store";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { createTestStore } from "../helpers/store.ts";
import { parseStrictXml } from "../helpers/strict-xml.ts";

const NOW = new Date();
const config: Config = validateConfig({
  title: "Fuzz",
  sources: [
    { id: "alpha", url: "https://alpha.example/feed.rss", title: "Alpha" },
    { id: "beta", url: "https://beta.example/feed.rss" },
  ],
  topics: [
    { slug: "world", title: "World", sources: ["*"] },
    { slug: "quiet", title: "Quiet", sources: ["beta"] },
  ],
});

let store: Store;
let app: ReturnType<typeof createApp>;
const ids: string[] = [];
const cursors: string[] = [];
const etags: string[] = [];

beforeAll(async () => {
  store = await createTestStore();
  const items: Article[] = Array.from({ length: 30 }, (_, n) => {
    const publishedAt = new Date(NOW.getTime() - (n + 1) * 3_600_000).toISOString();
    return {
      id: `fuzz-item-${String(n).padStart(3, "0")}`,
      url: `https://alpha.example/articles/${n}`,
      title: `Article ${n} <b>&amp;</b>`,
      summary: `Summary ${n}`,
      contentHtml: `<p>Body ${n}</p>`,
      contentSource: "feed",
      author: null,
      categories: ["Politics"],
      imageUrl: null,
      publishedAt,
      updatedAt: publishedAt,
      sources: ["alpha"],
    };
  });
  for (const item of items) await store.items.create({ ...item, copies: {}, rev: 1, firstSeenAt: item.publishedAt });
  await store.lists.putRows(topicList("world"), items);
  // Each item is a story of its own: its story's entry in the topic, which groups stories.
  await store.lists.putRows(entryList("world"), items);
  await store.lists.putRows(sourceList("alpha"), items);
  for (const list of [topicList("world"), sourceList("alpha")]) await store.lists.touch(list, NOW);
  await store.sources.save({
    ...pendingState("alpha", "https://alpha.example/feed.rss", NOW),
    status: "ok",
    title: "Alpha",
  });
  await store.sources.save({
    ...pendingState("beta", "https://beta.example/feed.rss", NOW),
    status: "failing",
    lastError: "fetch: HTTP 500",
    consecutiveErrors: 2,
  });
  app = createApp({ config, store, now: () => NOW });
  ids.push(...items.map((i) => i.id));
  for (const path of [
    "/api/topics/world/items?limit=3",
    "/api/sources/alpha/items?limit=7",
    "/api/topics/world/items?limit=1&q=article",
  ]) {
    const cursor = ((await (await app.request(path)).json()) as { nextCursor: string | null }).nextCursor;
    if (cursor) cursors.push(cursor);
  }
  for (const path of ["/feeds/world.rss", "/api/topics/world/items", "/", "/api/items/fuzz-item-000"]) {
    const etag = (await app.request(path)).headers.get("etag");
    if (etag) etags.push(etag);
  }
  expect(cursors.length).toBe(3);
});

const nasty = [
  "",
  " ",
  ".",
  "..",
  "%2e%2e",
  "%2F",
  "%00",
  "%",
  "%zz",
  "%E0%A4%A",
  "%C0%AF",
  "%FF",
  "+",
  "a".repeat(600),
  "🙂",
  "<script>alert(1)</script>",
  "'\"",
  "\\",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "toString",
  "world.rss",
  "world.rss.rss",
  "WORLD",
  "world ",
  "-",
  "0",
];

const text = fc.oneof(
  fc.constantFrom(...nasty),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 12 }),
);
/** A path segment: a known name, or anything, percent-encoded or written raw (then maybe malformed). */
const segment = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.constantFrom("world", "quiet", "alpha", "beta", "fuzz-item-000", "fuzz-item-029", "nope"),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(text, fc.boolean())
      .map(([s, raw]) => (raw ? s.replace(/[#?/\s]/g, "") : encodeURIComponent(s))),
  },
);
const extension = fc.constantFrom(".rss", ".atom", ".json", ".opml", ".xml", "", ".RSS", ".rss.json", "%2Erss");
const route = fc.oneof(
  fc.constantFrom(
    "/",
    "/sources",
    "/feeds.opml",
    "/api/topics",
    "/api/sources",
    "/health",
    "/openapi.json",
    "/api",
    "/api/",
    "/feeds",
    "/topics",
  ),
  segment.map((s) => `/topics/${s}`),
  fc.tuple(segment, extension).map(([s, e]) => `/feeds/${s}${e}`),
  segment.map((s) => `/api/topics/${s}/items`),
  segment.map((s) => `/api/sources/${s}/items`),
  segment.map((s) => `/api/items/${s}`),
  fc.tuple(segment, segment).map(([a, b]) => `/${a}/${b}`),
  fc.tuple(segment, segment).map(([a, b]) => `/api/${a}/${b}`),
);

const isoLike = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc
    .date({ noInvalidDate: true, min: new Date("1900-01-01"), max: new Date("9999-12-31") })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.constantFrom(
    "9999-12-31",
    "9999-12-31T23:59:59Z",
    "0000-01-01",
    "1970-01-01",
    "2026-02-30",
    "2026-13-01",
    "+275760-09-13T00:00:00Z",
    "2026-11-01T10:00:00+14:00",
    "2026-11-01T10:00:00-23:59",
  ),
);
const value = fc.oneof(
  text,
  isoLike,
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom("0", "1", "200", "201", "-1", "1e2", "1.5", " 5", "NaN", "Infinity", "0x10", "00050", "2e308"),
  fc.constantFrom(...cursorPlaceholders()),
);
/** Cursors are known only once the store is seeded: placeholders replaced at request time. */
function cursorPlaceholders(): string[] {
  return ["@cursor0", "@cursor1", "@cursor2", "@tampered", "@base64garbage"];
}
function resolvePlaceholder(raw: string): string {
  const index = ["@cursor0", "@cursor1", "@cursor2"].indexOf(raw);
  if (index >= 0) return cursors[index] ?? raw;
  if (raw === "@tampered") return `${cursors[0]?.slice(0, -2) ?? ""}zz`;
  if (raw === "@base64garbage") return `${Buffer.from("9999-99-99T99:99:99.999Z#x").toString("base64url")}.abc`;
  return raw;
}
const key = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("limit", "cursor", "q", "since") },
  { weight: 1, arbitrary: fc.constantFrom("utm_source", "LIMIT", "limit[]", "", "__proto__") },
  { weight: 1, arbitrary: text },
);
const query = fc.array(fc.tuple(key, value, fc.boolean()), { maxLength: 5 }).map((pairs) =>
  pairs
    .map(([k, v, raw]) => {
      const actual = resolvePlaceholder(v);
      return raw
        ? `${k.replace(/[#&=\s]/g, "")}=${actual.replace(/[#&\s]/g, "")}`
        : `${encodeURIComponent(k)}=${encodeURIComponent(actual)}`;
    })
    .join("&"),
);
const headers = fc.record(
  {
    "If-None-Match": fc.oneof(fc.constantFrom("*", "@etag", 'W/"x"', '""', "garbage"), text),
    "If-Modified-Since": fc.oneof(isoLike, text),
    "Accept-Encoding": fc.constantFrom("gzip", "br", "identity", "*", "gzip;q=0"),
  },
  { requiredKeys: [] },
);

/** Paths answered with problem+json (the app's own rule: the API, feeds, health and the OpenAPI document). */
const MACHINE = /^\/(?:api(?:\/|$)|feeds[./]|health$|openapi\.json$)/;

async function check(path: string, search: string, given: Record<string, string>) {
  const headerValues = Object.fromEntries(
    Object.entries(given).map(([name, v]) => [
      name,
      v === "@etag" ? (etags[0] ?? v) : v.replace(/[^\t\x20-\x7e\x80-\xff]/g, ""),
    ]),
  );
  const resolved = search.replace(/@(cursor\d|tampered|base64garbage)/g, (placeholder) =>
    resolvePlaceholder(placeholder),
  );
  const url = `${path}${resolved ? `?${resolved}` : ""}`;
  const response = await app.request(url, { headers: headerValues });
  const status = response.status;
  const body = await response.text();
  const where = `${url} ${JSON.stringify(headerValues)} → ${status} ${body.slice(0, 200)}`;
  expect([200, 304, 400, 404], where).toContain(status);
  const type = response.headers.get("content-type") ?? "";
  if (status === 304) {
    expect(body, where).toBe("");
    return;
  }
  const pathname = new URL(`http://localhost${url}`).pathname;
  if (status >= 400) {
    if (MACHINE.test(pathname)) {
      expect(type, where).toBe("application/problem+json");
      const problem = JSON.parse(body) as { status: number; title: string; detail: string; parameter?: string };
      expect(problem.status, where).toBe(status);
      expect(problem.title, where).toBeTruthy();
      if (status === 400) expect(["limit", "cursor", "q", "since"], where).toContain(problem.parameter);
    } else {
      expect(type, where).toMatch(/^text\/html/);
    }
    return;
  }
  if (/xml|opml/.test(type)) parseStrictXml(body);
  else if (type.includes("json")) JSON.parse(body);
  else expect(type, where).toMatch(/^text\/html/);
}

describe("API input fuzzing", () => {
  it("answers every path, query and conditional header with 200, 304, 400 or 404, never 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(route, query, headers, async (path, search, given) => {
        await check(path, search, given);
      }),
      {
        numRuns: 300,
        examples: [
          ["/api/topics/world/items", "since=9999-12-31", {}],
          ["/feeds/world.rss", "since=9999-12-31T23:59:59Z", {}],
          ["/api/topics/world/items", "cursor=@cursor0&since=2099-01-01", {}],
          ["/api/sources/alpha/items", "since=0000-01-01&limit=200", {}],
          ["/topics/world", "since=9999-12-31", {}],
          ["/api/items/%E0%A4%A", "", {}],
          ["/topics/%zz", "", {}],
          ["/api/topics/world/items", "q=%25&limit=1", {}],
          ["/feeds/world.json", "q=%00", {}],
          ["/api/topics/world/items", "cursor=@base64garbage", {}],
        ] as [string, string, Record<string, string>][],
      },
    );
  }, 120_000);

  it("answers the parameters a client may combine badly, each alone", async () => {
    const cases: [string, string][] = [
      ["/api/topics/world/items", "since=9999-12-31"],
      ["/api/topics/world/items", `cursor=${cursors[0]}&since=2099-01-01`],
      ["/feeds/world.rss", "since=9999-12-31T23:59:59Z"],
      ["/topics/world", "since=9999-12-31"],
      ["/api/sources/alpha/items", `cursor=${cursors[1]}&since=${new Date(NOW.getTime() - 3_600_000).toISOString()}`],
    ];
    for (const [path, search] of cases) await check(path, search, {});
  });
});
