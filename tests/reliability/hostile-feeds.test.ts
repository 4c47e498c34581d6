/**
 * Hostile feeds served by the local publisher, each polled by a real cycle beside a good feed: the poll ends,
 * the good feed comes through intact, the hostile source reports what went wrong, and nothing hostile reaches
 * a page, a feed or the JSON API.
 */
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { type Config, type PollConfig, validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import type { Item } from "@tributary/core/item";
import { runCycle } from "@tributary/core/poll";
import { RETRY_AFTER_CAP_MS } from "@tributary/core/poll/backoff.ts";
import { type SourceState, type Store, sourceList, topicList } from "@tributary/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { type FixtureResponse, startPublisher } from "../../testkit/publisher.ts";
import { createTestStore } from "../helpers/store.ts";
import {
  allItems,
  expectHttpUrl,
  expectInertText,
  expectSafeHtml,
  expectSafeOutput,
  fixture,
  GOOD_ITEMS,
  goodFeed,
  hoursAfterBase,
  type LoopbackNetwork,
  loopbackNetwork,
  type Output,
  servedOutputs,
} from "./harness.ts";

type Publisher = Awaited<ReturnType<typeof startPublisher>>;

let publisher: Publisher;
let port: number;
beforeAll(async () => {
  publisher = await startPublisher();
  port = Number(new URL(publisher.url).port);
  publisher.set("/good.rss", { body: goodFeed(), contentType: "application/rss+xml" });
  publisher.set("/secret", { body: "internal secret", contentType: "text/plain" });
});
afterAll(() => publisher.close());

/** What a scenario polled, for its own checks. */
interface Polled {
  store: Store;
  config: Config;
  state: SourceState;
  items: Item[];
  outputs: Output[];
  network: LoopbackNetwork;
  report: { outcome: string; error?: string };
  before: string;
  after: string;
}

interface Scenario {
  /** How the publisher answers `path`; `set` for scenarios needing several paths. */
  serve: (path: string) => FixtureResponse | undefined;
  /** The hostile source's URL; default: the publisher at `path`. */
  url?: (path: string) => string;
  poll?: Partial<PollConfig>;
  /** Names the injected resolver knows, and their addresses. */
  names?: Record<string, string[]>;
  /** The hostile source's status after the poll; an array allows either. */
  status: SourceState["status"] | SourceState["status"][];
  error?: RegExp;
  /** Text that must appear nowhere: outputs, stored items, source states. */
  never?: string[];
  check?: (polled: Polled) => void | Promise<void>;
}

let counter = 0;
const contentType = "application/rss+xml";

async function pollScenario(scenario: Scenario): Promise<Polled> {
  const path = `/hostile/${++counter}`;
  const served = scenario.serve(path);
  if (served) publisher.set(path, served);
  const url = scenario.url?.(path) ?? `${publisher.url}${path}`;
  const config = validateConfig({
    title: "Reliability",
    sources: [
      { id: "good", url: `${publisher.url}/good.rss` },
      { id: "hostile", url },
    ],
    topics: [
      { slug: "mixed", title: "Mixed", sources: ["*"] },
      { slug: "hostile-only", title: "Hostile only", sources: ["hostile"] },
    ],
    poll: { timeoutMs: 3000, maxBytes: 1024 * 1024, concurrency: 4, perHost: 2, ...scenario.poll },
  });
  const store = await createTestStore();
  const network = loopbackNetwork(port, scenario.names);
  const fetcher = new Fetcher({ ...config.poll, resolve: network.resolve, dial: network.dial });
  const before = new Date().toISOString();
  const result = await runCycle({ config, store, fetcher }, { mode: "all" });
  const after = new Date().toISOString();
  expect(result.storageFailed).toBe(false);

  // The good feed beside it came through intact.
  const good = result.reports.find((r) => r.id === "good");
  expect(good, JSON.stringify(result.reports)).toMatchObject({ outcome: "fetched", status: "ok" });
  const goodItems = await allItems(store, sourceList("good"));
  expect(goodItems.map((i) => [i.title, i.url]).sort()).toEqual(GOOD_ITEMS.map((g) => [g.title, g.link]).sort());
  for (const item of goodItems) {
    const n = item.title?.slice(-1);
    expect(item.contentHtml).toBe(`<p>Good body ${n} with <a href="https://good.example/more">a link</a>.</p>`);
    expect(item.summary).toBe(`Good summary ${n}`);
    expect(item.sources).toContain("good");
  }
  const mixedIds = new Set((await allItems(store, topicList("mixed"))).map((i) => i.id));
  for (const item of goodItems) expect(mixedIds.has(item.id)).toBe(true);

  const state = (await store.sources.states(["hostile"])).get("hostile") as SourceState;
  const report = result.reports.find((r) => r.id === "hostile") as Polled["report"];
  const statuses = Array.isArray(scenario.status) ? scenario.status : [scenario.status];
  expect(statuses, `hostile source ended ${state.status}: ${state.lastError}`).toContain(state.status);
  if (state.status === "failing" || state.status === "gone") {
    expect(report.outcome).toBe("failed");
    expect(state.lastError).toBeTruthy();
    expect(state.consecutiveErrors).toBe(1);
    if (scenario.error) expect(state.lastError).toMatch(scenario.error);
  } else {
    expect(state.lastError).toBeNull();
  }

  const items = await allItems(store, sourceList("hostile"));
  const outputs = await servedOutputs(config, store);
  for (const output of outputs) expectSafeOutput(output);
  for (const needle of scenario.never ?? []) {
    const stored = JSON.stringify([
      [...(await store.items.getMany(items.map((i) => i.id))).values()],
      state,
      result.reports,
    ]);
    expect(stored.includes(needle), `stored: ${needle}`).toBe(false);
    for (const output of outputs) expect(output.body.includes(needle), `${output.path}: ${needle}`).toBe(false);
  }
  // Ids are URL-safe, and no item shows up twice in any list.
  for (const list of [sourceList("hostile"), topicList("mixed"), topicList("hostile-only")]) {
    const ids = (await allItems(store, list)).map((i) => i.id);
    expect(new Set(ids).size, `${list} has duplicates`).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
  }
  const polled: Polled = { store, config, state, items, outputs, network, report, before, after };
  await scenario.check?.(polled);
  return polled;
}

function scenario(name: string, definition: Scenario, timeoutMs = 60_000) {
  it(
    name,
    async () => {
      await pollScenario(definition);
    },
    timeoutMs,
  );
}

const titles = (items: Item[]) => items.map((i) => i.title).sort();
const byTitle = (items: Item[], title: string) => {
  const found = items.find((i) => i.title === title);
  if (!found) throw new Error(`no item "${title}" among ${JSON.stringify(titles(items))}`);
  return found;
};
const fromFixture =
  (name: string, type = contentType) =>
  (): FixtureResponse => ({ body: fixture(name, publisher.url), contentType: type });
const xxeRequests = () => publisher.requests.filter((r) => r.path.startsWith("/xxe/"));
const passwd = readFileSync("/etc/passwd", "utf8")
  .split("\n")
  .filter((line) => line.length > 8)
  .slice(0, 3);

describe("markup attacks", () => {
  scenario("billion laughs: entities are never expanded", {
    serve: fromFixture("billion-laughs.xml"),
    status: ["ok", "failing"],
    never: ["lollollol"],
  });

  scenario("external entity to file:///etc/passwd: never read, never fetched", {
    serve: fromFixture("xxe-file.xml"),
    status: ["ok", "failing"],
    never: passwd,
    check: ({ items }) => {
      expect(xxeRequests()).toEqual([]);
      for (const item of items) expect(JSON.stringify(item)).not.toMatch(/root:|\/bin\/(ba)?sh/);
    },
  });

  scenario("external DTD: never fetched", {
    serve: fromFixture("xxe-external-dtd.xml", "application/atom+xml"),
    status: ["ok", "failing"],
    check: () => expect(xxeRequests()).toEqual([]),
  });

  scenario("elements nested 100,000 deep", {
    serve: () => ({
      body: `<rss version="2.0"><channel><title>Deep</title>${"<x>".repeat(100_000)}</channel></rss>`,
      contentType,
    }),
    status: ["ok", "failing"],
  });

  scenario("content HTML nested 30,000 deep: its text kept, escaped", {
    serve: () => ({
      body: rss({
        title: "Deep content",
        items: [
          {
            title: "Deep",
            link: "https://deep.example/a",
            pubDate: pubDate(1),
            content: `${"<div>".repeat(30_000)}Kyiv &amp; Odesa<script>alert(1)</script>${"</div>".repeat(30_000)}`,
          },
        ],
      }),
      contentType,
    }),
    status: "ok",
    never: ["alert(1)"],
    check: ({ items }) => expect(byTitle(items, "Deep").contentHtml).toBe("Kyiv &amp; Odesa"),
  });

  scenario("a JSON Feed whose fields have the wrong types", {
    serve: () => ({
      body: JSON.stringify({
        version: "https://jsonfeed.org/version/1.1",
        title: { nested: true },
        items: [
          1,
          "x",
          null,
          [],
          { id: [], url: 5, title: { a: 1 }, content_html: 7, date_published: {}, tags: "t" },
          {
            id: "ok",
            url: "https://hostile.example/json-ok",
            title: "JSON ok",
            date_published: new Date(Date.parse(pubDate(1))).toISOString(),
          },
        ],
      }),
      contentType: "application/feed+json",
    }),
    status: ["ok", "failing"],
  });
});

describe("not a feed", () => {
  scenario("an HTML page instead of a feed", {
    serve: fromFixture("html-page.html", "text/html"),
    status: "failing",
    error: /not a feed/i,
  });
  scenario("an empty body", { serve: () => ({ body: "", contentType }), status: "failing", error: /empty/i });
  scenario("a body of whitespace", {
    serve: () => ({ body: " \n\t\r\n ", contentType }),
    status: "failing",
    error: /empty/i,
  });
  scenario("plain text", {
    serve: () => ({ body: "Service temporarily unavailable", contentType: "text/plain" }),
    status: "failing",
    error: /not a feed/i,
  });
  scenario("a JSON array", {
    serve: () => ({ body: "[1,2,3]", contentType: "application/json" }),
    status: "failing",
    error: /not a feed/i,
  });
  scenario("binary garbage", {
    serve: () => ({
      body: Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256),
      contentType: "application/octet-stream",
    }),
    status: "failing",
  });
});

describe("broken transfers", () => {
  const feed = () =>
    rss({
      title: "Cut",
      items: Array.from({ length: 40 }, (_, n) => ({
        title: `Cut ${n}`,
        link: `https://hostile.example/cut/${n}`,
        pubDate: pubDate(n),
        description: "x".repeat(200),
      })),
    });

  scenario("a body cut off before Content-Length was reached", {
    serve: () => ({ body: feed(), contentType, truncateAt: 3000 }),
    status: "failing",
    error: /reset|closed|complete/i,
    check: ({ items }) => expect(items).toEqual([]),
  });

  scenario("a connection reset half-way through the body", {
    serve: () => ({ body: feed(), contentType, destroy: true }),
    status: "failing",
    error: /reset|closed|network/i,
    check: ({ items }) => expect(items).toEqual([]),
  });

  scenario("a document cut off half-way (complete transfer)", {
    serve: () => ({ body: feed().slice(0, 4000), contentType }),
    status: ["ok", "failing"],
  });

  scenario("a body over maxBytes, announced by Content-Length", {
    serve: () => ({ body: "x".repeat(200 * 1024), contentType }),
    poll: { maxBytes: 64 * 1024 },
    status: "failing",
    error: /exceeds 65536 bytes/,
  });

  scenario("a body over maxBytes, chunked and slow: cut off while streaming", {
    serve: () => ({
      body: `<rss version="2.0"><channel><title>Big</title>${" ".repeat(8 * 1024 * 1024)}</channel></rss>`,
      contentType,
      chunked: true,
      trickleBytesPerSecond: 2 * 1024 * 1024,
    }),
    poll: { maxBytes: 64 * 1024 },
    status: "failing",
    error: /exceeds 65536 bytes/,
    check: async () => {
      await publisher.idle();
      const record = publisher.requests.findLast((r) => r.path.startsWith("/hostile/"));
      expect(record?.outcome).toBe("closed-early");
      expect(record?.bytesSent).toBeLessThan(2 * 1024 * 1024);
    },
  });

  scenario("a gzip bomb: small on the wire, 32 MiB decoded", {
    serve: () => ({
      body: gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x20)),
      contentType,
      headers: { "Content-Encoding": "gzip" },
    }),
    poll: { maxBytes: 1024 * 1024 },
    status: "failing",
    error: /decoded body exceeds/,
  });

  scenario("a body trickling one byte a second (timeoutMs 500)", {
    serve: () => ({ body: goodFeed(), contentType, trickleBytesPerSecond: 1 }),
    poll: { timeoutMs: 500 },
    status: "failing",
    error: /within 500 ms/,
  });

  scenario("headers that never come (timeoutMs 500)", {
    serve: () => ({ body: goodFeed(), contentType, delayMs: 120_000 }),
    poll: { timeoutMs: 500 },
    status: "failing",
    error: /within 500 ms/,
  });
});

describe("HTTP errors", () => {
  const inFuture = (iso: string | null) => Date.parse(iso ?? "") - Date.now();

  scenario("500", {
    serve: () => ({ status: 500, body: "<h1>boom</h1>", contentType: "text/html" }),
    status: "failing",
    error: /500/,
    check: ({ state }) => expect(inFuture(state.nextFetchAt)).toBeGreaterThan(60_000),
  });

  scenario("503 with Retry-After in seconds", {
    serve: () => ({ status: 503, headers: { "Retry-After": "7200" }, body: "busy" }),
    status: "failing",
    error: /503/,
    check: ({ state }) => {
      expect(inFuture(state.retryAfterUntil)).toBeGreaterThan(7_100_000);
      expect(inFuture(state.retryAfterUntil)).toBeLessThanOrEqual(7_200_000);
      expect(state.nextFetchAt && state.retryAfterUntil && state.nextFetchAt >= state.retryAfterUntil).toBe(true);
    },
  });

  scenario("429 with Retry-After as an HTTP date", {
    serve: () => ({
      status: 429,
      headers: { "Retry-After": new Date(Date.now() + 3 * 3_600_000).toUTCString() },
      body: "slow down",
    }),
    status: "failing",
    error: /429/,
    check: ({ state }) => expect(inFuture(state.retryAfterUntil)).toBeGreaterThan(3 * 3_600_000 - 120_000),
  });

  scenario("429 with an absurd Retry-After: capped", {
    serve: () => ({ status: 429, headers: { "Retry-After": "999999999999" }, body: "" }),
    status: "failing",
    check: ({ state }) => expect(inFuture(state.retryAfterUntil)).toBeLessThanOrEqual(RETRY_AFTER_CAP_MS),
  });

  scenario("404", { serve: () => ({ status: 404, body: "not here" }), status: "failing", error: /404/ });

  scenario("410 Gone stops polling", {
    serve: () => ({ status: 410, body: "gone" }),
    status: "gone",
    error: /410/,
    check: ({ state }) => expect(state.nextFetchAt).toBeNull(),
  });
});

describe("redirects", () => {
  scenario("a redirect loop", {
    serve: (path) => {
      publisher.set(`${path}/b`, { redirect: { to: `${path}/a`, status: 302 } });
      publisher.set(`${path}/a`, { redirect: { to: `${path}/b`, status: 301 } });
      return { redirect: { to: `${path}/a`, status: 307 } };
    },
    status: "failing",
    error: /redirect/i,
  });

  scenario("a chain of ten redirects", {
    serve: (path) => {
      for (let n = 1; n <= 10; n++)
        publisher.set(
          `${path}/${n}`,
          n === 10 ? { body: goodFeed(), contentType } : { redirect: { to: `${path}/${n + 1}` } },
        );
      return { redirect: { to: `${path}/1` } };
    },
    status: "failing",
    error: /more than 5 redirects/,
  });

  for (const target of [
    "file:///etc/passwd",
    "ftp://hostile.example/feed.rss",
    "gopher://127.0.0.1:70/",
    "javascript:alert(1)",
  ]) {
    scenario(`a redirect to ${target}`, {
      serve: () => ({ redirect: { to: target } }),
      status: "failing",
      error: /only http and https|not an absolute http/,
      never: passwd,
    });
  }
});

describe("internal addresses", () => {
  const FORBIDDEN = [
    "169.254.169.254",
    "fe80::1",
    "::ffff:169.254.169.254",
    "169.254.170.2",
    "10.0.0.7",
    "192.168.1.1",
    "::1",
    "127.0.0.1",
  ];
  const names = {
    "metadata.hostile.test": ["169.254.169.254"],
    "ecs.hostile.test": ["169.254.170.2"],
    "public.hostile.test": ["203.0.113.10"],
    "rebind.hostile.test": ["203.0.113.10", "169.254.169.254"],
    "internal.hostile.test": ["10.0.0.7"],
    "router.hostile.test": ["192.168.1.1"],
    "v6.hostile.test": ["fe80::1"],
  };
  const neverDialled =
    (allowed: string[]) =>
    ({ network }: Polled) => {
      expect(network.dialled.filter((address) => !allowed.includes(address))).toEqual([]);
      expect(publisher.requests.filter((r) => r.path === "/secret")).toEqual([]);
    };

  for (const to of [
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://metadata.hostile.test/computeMetadata/v1/",
    "http://ecs.hostile.test/v2/credentials",
    "http://[fe80::1]/secret",
    "http://[::ffff:169.254.169.254]/secret",
    "http://[::ffff:a9fe:a9fe]/secret",
    "http://v6.hostile.test/secret",
    "http://rebind.hostile.test/secret",
  ]) {
    scenario(`a redirect to the link-local ${to}`, {
      serve: () => ({ redirect: { to } }),
      names,
      status: "failing",
      error: /refusing to fetch/,
      check: neverDialled(["127.0.0.1"]),
    });
  }

  scenario("a source whose name resolves to the metadata address", {
    serve: () => undefined,
    url: () => "http://metadata.hostile.test/latest/meta-data/",
    names,
    status: "failing",
    error: /refusing to fetch.*link-local/,
    check: neverDialled(["127.0.0.1"]),
  });

  for (const to of [
    "http://127.0.0.1:PORT/secret",
    "http://[::1]:PORT/secret",
    "http://internal.hostile.test:PORT/secret",
    "http://router.hostile.test:PORT/secret",
    "http://0.0.0.0:PORT/secret",
  ]) {
    scenario(`a redirect from a public address to ${to}`, {
      serve: () => ({ redirect: { to: to.replace("PORT", String(port)) } }),
      url: (path) => `http://public.hostile.test:${port}${path}`,
      names,
      status: "failing",
      error: /refusing to fetch.*redirect from a public address/,
      check: (polled) => {
        neverDialled(["127.0.0.1", "203.0.113.10"])(polled);
        expect(polled.network.dialled).toContain("203.0.113.10");
        // Only the good feed reached loopback directly.
        expect(polled.network.dialled.filter((a) => a === "127.0.0.1")).toHaveLength(1);
        expect(FORBIDDEN.filter((a) => polled.network.dialled.includes(a) && a !== "127.0.0.1")).toEqual([]);
      },
    });
  }
});

describe("cross-site scripting", () => {
  const xssChecks = ({ items }: Polled) => {
    expect(items.length).toBeGreaterThanOrEqual(2);
    for (const item of items) {
      // Titles and summaries are plain text (shown escaped); HTML and URLs must be harmless themselves.
      if (item.contentHtml) expectSafeHtml(item.contentHtml, item.id, "fragment");
      for (const [field, text] of Object.entries({ title: item.title, summary: item.summary, author: item.author })) {
        expectInertText(text ?? "", `${item.id} ${field}`);
      }
      for (const category of item.categories) expectInertText(category, `${item.id} category`);
      expectHttpUrl(item.url, `${item.id} url`);
      expectHttpUrl(item.imageUrl, `${item.id} imageUrl`);
    }
  };

  scenario("script, handlers, javascript: and data: links, iframes and SVG in an RSS feed", {
    serve: fromFixture("xss.rss"),
    status: "ok",
    check: (polled) => {
      xssChecks(polled);
      const first = byTitle(polled.items, titles(polled.items).find((t) => t?.endsWith("Script in title")) ?? "");
      expect(first.url).toBe("https://hostile.example/xss/1");
      expect(first.contentHtml).toContain("Safe paragraph");
      expect(first.contentHtml).toContain('href="https://hostile.example/relative/path"');
      expect(first.contentHtml).toContain('href="https://ok.example/"');
      expect(first.contentHtml).toContain("data:image/png;base64");
      expect(byTitle(polled.items, "Hostile link").url).toBeNull();
      expect(byTitle(polled.items, "Hostile link").imageUrl ?? "").not.toMatch(/javascript/i);
      expect(byTitle(polled.items, "Data link").url).toBeNull();
      // Active markup in plain text goes in any form — meta refresh, link, base, style, forms, a handler after a
      // quoted `>`, a javascript: link escaped twice — and the words around it stay.
      const refresh = byTitle(polled.items, "Refresh in title");
      expect(refresh.summary).toBe("Before after and styled quoted double</a> end");
      expect(refresh.author).toBe("Linked");
      expect(refresh.categories).toEqual(["Forms"]);
    },
  });

  scenario("script and handlers in Atom, xhtml content included", {
    serve: fromFixture("xss.atom", "application/atom+xml"),
    status: "ok",
    check: (polled) => {
      xssChecks(polled);
      expect(polled.items.find((i) => i.url === "https://hostile.example/atom/entries/1")).toBeDefined();
      expect(byTitle(polled.items, "Atom refresh").summary).toBe("Before after Go end");
    },
  });

  scenario("script and handlers in a JSON Feed", {
    serve: fromFixture("xss.json", "application/feed+json"),
    status: "ok",
    check: (polled) => {
      xssChecks(polled);
      expect(byTitle(polled.items, "Second JSON").url).toBeNull();
      expect(byTitle(polled.items, "JSON refresh").summary).toBe("Before after end");
    },
  });
});

describe("size, text and dates", () => {
  it("keeps at most 500 of 20,000 items in one feed", async () => {
    const items = Array.from({ length: 20_000 }, (_, n) => ({
      title: `Flood ${n}`,
      link: `https://hostile.example/flood/${n}`,
      pubDate: pubDate(n / 100),
    }));
    await pollScenario({
      serve: () => ({ body: rss({ title: "Flood", items }), contentType, gzip: true }),
      poll: { maxBytes: 16 * 1024 * 1024 },
      status: "ok",
      check: ({ items: stored }) => {
        expect(stored.length).toBeGreaterThan(0);
        expect(stored.length).toBeLessThanOrEqual(500);
      },
    });
  }, 90_000);

  scenario("emoji, right-to-left text, NUL and other control characters", {
    serve: fromFixture("unicode.rss"),
    status: "ok",
    check: ({ items }) => {
      expect(titles(items)).toContain("Kyiv 🇺🇦 talks — שלום عليكم 👩‍👩‍👧‍👦 naïve");
      expect(byTitle(items, "Kyiv 🇺🇦 talks — שלום عليكم 👩‍👩‍👧‍👦 naïve").summary).toBe(
        "Emoji 😀 and RTL مرحبا بالعالم and Hebrew עברית.",
      );
      expect(titles(items).some((t) => t?.startsWith("NUL") && t.includes("title"))).toBe(true);
      expect(titles(items).some((t) => t?.startsWith("Invalid UTF-8"))).toBe(true);
    },
  });

  scenario("dates far in the future, invalid and missing", {
    serve: fromFixture("dates.rss"),
    status: "ok",
    check: ({ items, before, after, outputs }) => {
      const firstSeen = [
        "Far future",
        "Year 275760",
        "Tomorrow and a half",
        "Invalid words",
        "Invalid fields",
        "Zero date",
        "Empty date",
        "Missing date",
        "Huge number",
      ];
      for (const title of firstSeen) {
        const item = byTitle(items, title);
        expect(item.publishedAt >= before && item.publishedAt <= after, `${title}: ${item.publishedAt}`).toBe(true);
      }
      expect(byTitle(items, "Twelve hours ahead").publishedAt).toBe(hoursAfterBase(252));
      expect(byTitle(items, "Valid recent").publishedAt).toBe(hoursAfterBase(-3));
      expect(byTitle(items, "Odd zone").publishedAt).toBe(hoursAfterBase(-5));
      const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
      for (const item of items) {
        expect(item.publishedAt).toMatch(iso);
        expect(item.updatedAt).toMatch(iso);
        expect(item.updatedAt >= item.publishedAt).toBe(true);
        expect(Date.parse(item.publishedAt)).toBeLessThanOrEqual(Date.parse(after) + 86_400_000);
      }
      const rssFeed = outputs.find((o) => o.path.startsWith("/feeds/hostile-only.rss"))?.body ?? "";
      for (const [, date] of rssFeed.matchAll(/<pubDate>([^<]*)<\/pubDate>/g)) {
        expect(date).toMatch(
          /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d (GMT|\+0000)$/,
        );
      }
      const atomFeed = outputs.find((o) => o.path.startsWith("/feeds/hostile-only.atom"))?.body ?? "";
      for (const [, date] of atomFeed.matchAll(/<(?:updated|published)>([^<]*)</g))
        expect(date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
    },
  });

  scenario("duplicate guids and links within one feed", {
    serve: fromFixture("duplicates.rss"),
    status: "ok",
    check: ({ items }) => {
      expect(titles(items)).toEqual(["Exact copy", "Guid twice, first copy", "Link twice A", "Permalink guid"]);
    },
  });

  scenario("items with neither link nor guid", {
    serve: fromFixture("no-identity.rss"),
    status: "ok",
    check: ({ items }) => {
      expect(titles(items)).toContain("Only a title");
      expect(titles(items)).toContain("Another title only");
      expect(items.filter((i) => i.title === "Only a title")).toHaveLength(1);
      expect(byTitle(items, "Only a title").url).toBeNull();
      expect(byTitle(items, "Mailto link").url).toBeNull();
    },
  });
});

describe("character encodings and entities", () => {
  scenario("windows-1251 declared in the XML declaration", {
    serve: fromFixture("windows-1251.rss", "application/rss+xml"),
    status: "ok",
    check: ({ items, state }) => {
      expect(titles(items)).toEqual(["Второй материал", "Переговоры в Киеве: «мир» — ёлка"]);
      expect(byTitle(items, "Второй материал").url).toBe("https://hostile.example/ru/2");
      expect(state.title).toBe("Новости Украины");
    },
  });

  scenario("windows-1251 named by the HTTP header only", {
    serve: fromFixture("windows-1251-undeclared.rss", "application/rss+xml; charset=windows-1251"),
    status: "ok",
    check: ({ items }) => expect(titles(items)).toEqual(["Второй материал", "Переговоры в Киеве: «мир» — ёлка"]),
  });

  scenario("ISO-8859-1", {
    serve: fromFixture("iso-8859-1.rss", "text/xml"),
    status: "ok",
    check: ({ items, state }) => {
      expect(titles(items)).toEqual(["Crème brûlée à la française - £5 ½ price"]);
      expect(items[0]?.summary).toBe("Señor Muñoz, naïve façade, Ångström.");
      expect(state.title).toBe("Café Zürich");
    },
  });

  scenario("undeclared HTML entities", {
    serve: fromFixture("html-entities.rss"),
    status: "ok",
    check: ({ items }) => {
      const first = items.find((i) => i.url === "https://hostile.example/entities/1");
      expect(first?.title).toBe("Café — déjà vu… “quoted” & ’s");
      // As HTML reads it: `&not` is a legacy entity that needs no semicolon in text.
      expect(first?.summary).toMatch(/^Non\sbreaking\sspaces €5 ½ ™ ¬anentity; AT&T & © ☺$/);
      expect(first?.contentHtml).toContain("Café");
      for (const item of items)
        expect(`${item.title} ${item.summary}`).not.toMatch(/&(eacute|mdash|hellip|nbsp|euro);/);
    },
  });
});
