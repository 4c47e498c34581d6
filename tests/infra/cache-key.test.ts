/**
 * What bounds a flood of distinct URLs: the edge code that normalises the query string (run here as CloudFront
 * runs it), the cache policy that keys on the list parameters alone, the API function's reserved concurrency,
 * and the deploy guide that states their cost.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { apiQuery, feedQuery, pageQuery, sourcesQuery } from "../../functions/api/http/params.ts";
import {
  API_RESERVED_CONCURRENCY,
  CACHE_KEY_PARAMETERS,
  LIST_QUERY_PARAMETERS,
  LIST_ROUTE,
  NORMALIZE_QUERY,
  SOURCE_LIST_QUERY_PARAMETERS,
  SOURCE_LIST_ROUTE,
} from "../../infra/cache-key.ts";
import { makeItem, seed, setup } from "../api/fixtures.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

type QueryString = Record<string, { value: string; multiValue?: { value: string }[] }>;

/** Runs the viewer-request injection on a request for `url`, as a CloudFront Function event would carry it. */
function atTheEdge(url: string): string {
  const parsed = new URL(url, "https://feeds.example");
  const querystring: QueryString = {};
  for (const [name, value] of parsed.searchParams) {
    const raw = encodeURIComponent(value);
    const entry = querystring[name];
    if (entry) entry.multiValue = [...(entry.multiValue ?? [{ value: entry.value }]), { value: raw }];
    else querystring[name] = { value: raw };
  }
  const event = { request: { uri: parsed.pathname, querystring } };
  new Function("event", NORMALIZE_QUERY)(event);
  const kept = Object.entries(event.request.querystring as QueryString).flatMap(([name, entry]) =>
    (entry.multiValue ?? [entry]).map((e) => `${name}=${e.value}`),
  );
  return `${parsed.pathname}${kept.length ? "?" : ""}${kept.join("&")}`;
}

describe("the CDN cache key", () => {
  it("covers exactly the parameters the list routes read", () => {
    for (const schema of [feedQuery, apiQuery, pageQuery]) {
      expect(Object.keys(schema.shape).sort()).toEqual([...LIST_QUERY_PARAMETERS].sort());
    }
    expect(Object.keys(sourcesQuery.shape).sort()).toEqual([...SOURCE_LIST_QUERY_PARAMETERS].sort());
    expect(CACHE_KEY_PARAMETERS).toEqual(
      [...new Set([...LIST_QUERY_PARAMETERS, ...SOURCE_LIST_QUERY_PARAMETERS])].sort(),
    );
  });

  it("keeps the source lists' page, size and status in their key, and nothing else", () => {
    expect(atTheEdge("/api/sources?status=failing&limit=050&cursor=r10.abc&q=x&junk=1")).toBe(
      "/api/sources?cursor=r10.abc&limit=50&status=failing",
    );
    expect(atTheEdge("/sources?status=ok&filter=x")).toBe("/sources?status=ok");
    for (const url of ["/api/sources", "/sources"]) expect(SOURCE_LIST_ROUTE.test(url), url).toBe(true);
    for (const url of ["/api/sources/a/items", "/sourcesx", "/api/sources/"])
      expect(SOURCE_LIST_ROUTE.test(url), url).toBe(false);
  });

  it("is normalised at the edge: junk, order, case of q and filters and empty values make one key", () => {
    const variants = [
      "/feeds/world.rss?q=Kyiv&limit=20",
      "/feeds/world.rss?limit=20&q=kyiv",
      "/feeds/world.rss?utm_source=x&q=KYIV&limit=020&cachebuster=123",
      "/feeds/world.rss?q=kyiv&limit=20&Q=other",
    ];
    const keys = new Set(variants.map(atTheEdge));
    expect([...keys]).toEqual(["/feeds/world.rss?limit=20&q=kyiv"]);
    // An empty q is no search, dropped; any other empty value stays, for the app to refuse.
    expect(atTheEdge("/feeds/world.rss?q=&limit=20")).toBe("/feeds/world.rss?limit=20");
    expect(atTheEdge("/feeds/world.rss?since=&filter=")).toBe("/feeds/world.rss?filter=&since=");
    expect(atTheEdge("/api/sources?status=")).toBe("/api/sources?status=");
    // A repeated parameter passes with every value as given, an empty one too, for the app to refuse.
    expect(atTheEdge("/feeds/world.rss?q=Kyiv&limit=20&q=Second")).toBe("/feeds/world.rss?limit=20&q=Kyiv&q=Second");
    expect(atTheEdge("/feeds/world.rss?q=&q=kyiv")).toBe("/feeds/world.rss?q=&q=kyiv");
    expect(atTheEdge("/api/topics/world/items?filter=kyiv&filter=&limit=020&limit=3")).toBe(
      "/api/topics/world/items?filter=kyiv&filter=&limit=020&limit=3",
    );
    expect(atTheEdge("/api/sources?status=ok&status=ok")).toBe("/api/sources?status=ok&status=ok");
    expect(atTheEdge("/api/topics/world/items?cursor=AbC&filter=Gaza|KYIV&filterout=Sport&junk=1")).toBe(
      "/api/topics/world/items?cursor=AbC&filter=gaza%7ckyiv&filterout=sport",
    );
    // Routes that read no parameter get none: every junk URL of them is one cache entry.
    for (const url of [
      "/?x=1",
      "/api/topics?limit=5",
      "/feeds.opml?q=a",
      "/api/items/abc?x=1",
      "/sources?y=2",
      "/api/sources?q=1",
    ]) {
      expect(atTheEdge(url)).toBe(url.split("?")[0]);
    }
  });

  it("matches the list routes and no other", () => {
    for (const url of ["/feeds/world.rss", "/feeds/world.atom", "/feeds/world.json", "/topics/world"])
      expect(LIST_ROUTE.test(url), url).toBe(true);
    for (const url of ["/api/topics/world/items", "/api/sources/alpha/items"])
      expect(LIST_ROUTE.test(url), url).toBe(true);
    for (const url of ["/", "/api/topics", "/api/sources", "/feeds.opml", "/api/items/x", "/health", "/sources"])
      expect(LIST_ROUTE.test(url), url).toBe(false);
  });

  it("changes no answer: the app serves the normalised URL as it serves the original", async () => {
    const { store, get } = await setup();
    await seed(store, "world", [
      makeItem(1, 1, ["alpha"]),
      { ...makeItem(2, 2, ["beta"]), title: "Kyiv talks" },
      { ...makeItem(3, 3, ["alpha"]), summary: "About KYIV and sport" },
    ]);
    const urls = [
      "/api/topics/world/items?q=KYIV&junk=1",
      "/api/topics/world/items?filter=Kyiv|article%201&filterout=SPORT&limit=02",
      "/api/sources/alpha/items?limit=1&utm_campaign=x",
      "/feeds/world.json?q=Kyiv",
      "/api/topics/world/items?q=&limit=2",
      // Empty values: the app refuses them, the normalised URL too (only an empty q, no search, is dropped).
      ...["filter", "filterout", "cursor", "since", "group", "limit"].map((p) => `/api/topics/world/items?${p}=`),
      "/api/sources?status=",
    ];
    // Repeated parameters, one value empty or not: the app refuses them, the URL the edge passes on too.
    const repeated = [
      "q=&q=kyiv",
      "q=kyiv&q=",
      "q=kyiv&q=KYIV",
      "filter=kyiv&filter=",
      "filter=&filter=kyiv",
      "filterout=sport&filterout=news",
      "limit=2&limit=02",
      "since=2026-01-01&since=",
      "group=none&group=none",
      "cursor=&cursor=abc",
    ];
    const repeatedUrls = [
      ...["/api/topics/world/items", "/api/sources/alpha/items", "/feeds/world.rss", "/topics/world"].flatMap((path) =>
        repeated.map((query) => `${path}?${query}`),
      ),
      ...["/api/sources", "/sources"].flatMap((path) =>
        ["status=ok&status=", "limit=1&limit=1", "cursor=&cursor=abc"].map((query) => `${path}?${query}`),
      ),
    ];
    for (const url of repeatedUrls) {
      const [original, normalised] = await Promise.all([get(url), get(atTheEdge(url))]);
      expect([original.status, normalised.status], url).toEqual([400, 400]);
      const [a, b] = await Promise.all([original.text(), normalised.text()]);
      expect(b, url).toBe(a);
      expect(a, url).toContain("must be given once");
    }
    for (const url of urls) {
      const [original, normalised] = await Promise.all([get(url), get(atTheEdge(url))]);
      expect(normalised.status, url).toBe(original.status);
      if (original.status !== 200) continue;
      const items = async (response: Response) =>
        ((await response.json()) as { items: { id: string }[] }).items.map((i) => i.id);
      expect(await items(normalised), url).toEqual(await items(original));
    }
    store.close();
  });
});

describe("infra/api.ts", () => {
  it("reserves the API function's concurrency and gives the router the edge code and the key's parameters", async () => {
    const api = await readFile(path.join(root, "infra/api.ts"), "utf8");
    expect(api).toMatch(/concurrency: \{ reserved: API_RESERVED_CONCURRENCY \}/);
    expect(api).toMatch(/edge: \{ viewerRequest: \{ injection: NORMALIZE_QUERY \} \}/);
    expect(api).toMatch(/queryStringBehavior: "whitelist", queryStrings: \{ items: \[\.\.\.CACHE_KEY_PARAMETERS\] \}/);
    expect(api).toMatch(/headerBehavior: "none"/);
    expect(api).toMatch(/cookieBehavior: "none"/);
    expect(Number.isInteger(API_RESERVED_CONCURRENCY)).toBe(true);
    expect(API_RESERVED_CONCURRENCY).toBeGreaterThanOrEqual(1);
    expect(API_RESERVED_CONCURRENCY).toBeLessThanOrEqual(100);
  });

  it("is what docs/deploy.md prices: the same concurrency, a WAF rate rule, and WebSub held to it", async () => {
    const doc = await readFile(path.join(root, "docs/deploy.md"), "utf8");
    expect(doc).toContain(`reserved concurrency of ${API_RESERVED_CONCURRENCY}`);
    expect(doc).toMatch(/rateLimitPerIp/);
    expect(doc).toMatch(/WebSub/);
  });
});
