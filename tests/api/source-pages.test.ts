/**
 * The source lists a page at a time (`/api/sources`, `/sources`): failing sources first, the longest failing first,
 * then the rest in configuration order; `status` keeps one status; cursors cover every source once. And what a
 * route costs does not follow the number of configured sources: the same DynamoDB requests at 60 sources as at
 * 1,500 for a feed, a topic page, the API's lists, an item, the home page and `/health`.
 */
import { type Config, validateConfig } from "@tributary/core/config";
import type { SourceHealth } from "@tributary/core/read";
import { pendingState, type SourceState, type Store } from "@tributary/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { countRequests } from "../../testkit/requests.ts";
import { createTestStore } from "../helpers/store.ts";
import { makeItem, NOW, seed } from "./fixtures.ts";

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR).toISOString();
const url = (id: string) => `https://feeds.example/${id}.rss`;
const id = (n: number) => `s${String(n).padStart(5, "0")}`;

/** `count` sources, every tenth disabled; a topic of every source and one of three. */
function configOf(count: number): Config {
  return validateConfig({
    title: "Many sources",
    sources: Array.from({ length: count }, (_, n) => ({
      id: id(n),
      url: url(id(n)),
      ...(n % 10 === 9 ? { enabled: false } : {}),
    })),
    topics: [
      { slug: "all", title: "All", sources: ["*"] },
      { slug: "few", title: "Few", sources: [id(0), id(1), id(2)] },
    ],
  });
}

function failing(n: number, sinceHours: number): SourceState {
  return {
    ...pendingState(id(n), url(id(n)), NOW),
    status: "failing",
    lastFetchedAt: ago(0.5),
    lastSuccessAt: ago(sinceHours),
    lastError: "HTTP 500",
    consecutiveErrors: 3,
    nextFetchAt: ago(-1),
  };
}

function ok(n: number): SourceState {
  return {
    ...pendingState(id(n), url(id(n)), NOW),
    status: "ok",
    title: `Feed ${n}`,
    lastFetchedAt: ago(0.2),
    lastSuccessAt: ago(0.2),
    nextFetchAt: ago(-0.1),
  };
}

const gone = (n: number): SourceState => ({
  ...failing(n, 48),
  status: "gone",
  nextFetchAt: null,
  lastError: "HTTP 410",
});

/** States of a 60-source configuration: four failing (since 5, 30, 2 and 30 hours), two gone, ok every third. */
async function seedStates(store: Store): Promise<void> {
  for (const [n, hours] of [
    [7, 5],
    [12, 30],
    [20, 2],
    [33, 30],
  ] as const)
    await store.sources.save(failing(n, hours));
  for (const n of [15, 40]) await store.sources.save(gone(n));
  for (let n = 0; n < 60; n += 3) if (![12, 15, 33].includes(n)) await store.sources.save(ok(n));
}

describe("the source lists, a page at a time", () => {
  let store: Store;
  const config = configOf(60);
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    store = await createTestStore();
    await seedStates(store);
    app = createApp({ config, store, now: () => NOW });
  });
  afterAll(() => store.close());

  const page = async (query: string) => {
    const res = await app.request(`/api/sources${query}`);
    expect(res.status, query).toBe(200);
    return (await res.json()) as { sources: SourceHealth[]; nextCursor: string | null };
  };
  /** Every source of the listing `query`, following `nextCursor`, and the page sizes. */
  const walk = async (query: string) => {
    const seen: SourceHealth[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const sep = query ? "&" : "?";
      const answer = await page(`${query}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ""}`);
      seen.push(...answer.sources);
      sizes.push(answer.sources.length);
      cursor = answer.nextCursor;
    } while (cursor);
    return { seen, sizes };
  };

  it("lists failing sources first, the longest failing first, then every other in configuration order", async () => {
    const { seen, sizes } = await walk("?limit=7");
    expect(seen.map((s) => s.id)).toEqual([
      // Failing since 30 h (12 before 33 in configuration order), 5 h, 2 h.
      id(12),
      id(33),
      id(7),
      id(20),
      ...config.sources.map((s) => s.id).filter((s) => ![id(12), id(33), id(7), id(20)].includes(s)),
    ]);
    expect(new Set(seen.map((s) => s.id)).size).toBe(60);
    expect(sizes.slice(0, -1).every((size) => size === 7)).toBe(true);
    const byId = new Map(seen.map((s) => [s.id, s.status]));
    expect([byId.get(id(15)), byId.get(id(40)), byId.get(id(9)), byId.get(id(3)), byId.get(id(1))]).toEqual([
      "gone",
      "gone",
      "disabled",
      "ok",
      "pending",
    ]);
    // The default page is 100: all 60 at once.
    expect((await page("")).sources).toHaveLength(60);
  });

  it.each([
    ["failing", [12, 33, 7, 20]],
    ["gone", [15, 40]],
    ["disabled", [9, 19, 29, 39, 49, 59]],
  ] as const)("keeps only %s sources with status", async (status, expected) => {
    const { seen } = await walk(`?status=${status}&limit=2`);
    expect(seen.map((s) => s.id)).toEqual(expected.map(id));
    expect(seen.every((s) => s.status === status)).toBe(true);
  });

  it("pages through ok and pending sources with status, each once", async () => {
    const ok = await walk("?status=ok&limit=4");
    const pending = await walk("?status=pending&limit=9");
    expect(ok.seen.every((s) => s.status === "ok")).toBe(true);
    expect(pending.seen.every((s) => s.status === "pending")).toBe(true);
    const all = [...ok.seen, ...pending.seen].map((s) => s.id);
    expect(new Set(all).size).toBe(all.length);
    // 60 sources: 4 failing, 2 gone, 6 disabled, the rest ok or pending.
    expect(all).toHaveLength(48);
    expect(ok.seen.map((s) => s.id)).toEqual([...ok.seen.map((s) => s.id)].sort());
  });

  it.each([
    ["?limit=0", "limit"],
    ["?limit=1001", "limit"],
    ["?limit=ten", "limit"],
    ["?status=broken", "status"],
    ["?cursor=garbage", "cursor"],
    ["?cursor=r10.AAAAAAAAAA", "cursor"],
  ])("answers %s with 400 naming the parameter", async (query, parameter) => {
    const res = await app.request(`/api/sources${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { parameter: string }).parameter).toBe(parameter);
  });

  it("refuses a cursor of another status's listing", async () => {
    const { nextCursor } = await page("?status=ok&limit=1");
    expect(nextCursor).not.toBeNull();
    const res = await app.request(`/api/sources?status=pending&cursor=${encodeURIComponent(nextCursor as string)}`);
    expect(res.status).toBe(400);
  });

  it("shows the same pages on /sources, with status filters and a link to the next page", async () => {
    const ids: string[] = [];
    let path: string | null = "/sources?limit=25";
    while (path) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      for (const [, found] of html.matchAll(/<a href="https:\/\/feeds\.example\/(s\d{5})\.rss">/g))
        ids.push(found as string);
      const next = /<a href="([^"]+)" rel="next">/.exec(html)?.[1];
      path = next ? next.replaceAll("&amp;", "&") : null;
    }
    expect(ids).toEqual((await walk("?limit=25")).seen.map((s) => s.id));
    const failingPage = await (await app.request("/sources?status=failing")).text();
    expect(failingPage).toContain('<strong aria-current="page">Failing</strong>');
    expect(failingPage).toContain('href="/sources?status=disabled"');
    expect(failingPage.match(/class="status status-failing"/g)).toHaveLength(4);
    expect((await app.request("/sources?status=nope")).status).toBe(400);
  });
});

describe("what a route costs, at 60 and at 1,500 sources", () => {
  /** The DynamoDB requests of each route on a fresh app over `count` sources with the same items and states. */
  async function requestsAt(count: number): Promise<Record<string, number>> {
    const store = await createTestStore();
    await seedStates(store);
    const items = Array.from({ length: 30 }, (_, n) => makeItem(n, n + 1, [id(n % 3), id(3 + (n % 5))]));
    await seed(store, "all", items);
    await seed(store, "few", items.slice(0, 10));
    const counter = countRequests(store);
    const costs: Record<string, number> = {};
    for (const path of [
      "/feeds/all.rss",
      "/feeds/all.json",
      "/feeds/few.atom",
      "/api/topics/all/items",
      "/topics/all",
      "/api/topics",
      "/",
      `/api/items/${items[4]?.id}`,
      "/health",
      "/api/sources?limit=20",
      "/sources?limit=20",
    ]) {
      // A fresh app per route: nothing kept from another request.
      const app = createApp({ config: configOf(count), store, now: () => NOW, listVersionMaxAgeMs: 0 });
      counter.reset();
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      costs[path] = counter.total;
    }
    store.close();
    return costs;
  }

  it("is the same number of DynamoDB requests whatever the number of sources", async () => {
    const [small, large] = [await requestsAt(60), await requestsAt(1_500)];
    expect(large).toEqual(small);
    // And small: a feed page is a handful of requests, not one per hundred sources.
    expect(small["/feeds/all.rss"]).toBeLessThanOrEqual(5);
  });
});
