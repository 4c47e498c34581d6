import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateConfig } from "../config/index.ts";
import { BadRequestError } from "../errors.ts";
import { CallbackClient } from "../fetch/index.ts";
import { readTopicUrl } from "../urls.ts";
import {
  DELIVERY_RETRY_DELAYS_MS,
  deliveryRetryDelayMs,
  grantLease,
  HostRateLimiter,
  hubSignature,
  readHubRequest,
  sendDenial,
  verificationUrl,
  verifyIntent,
} from "./index.ts";

const ORIGIN = "http://127.0.0.1:3000";
const config = validateConfig({
  title: "Hub",
  sources: [{ id: "a", url: "https://a.example/feed.rss" }],
  topics: [
    { slug: "world", title: "World", sources: ["a"] },
    { slug: "ukraine-war", title: "Ukraine war", sources: ["*"] },
  ],
});
const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const subscribe = (extra: Record<string, string> = {}) =>
  form({
    "hub.mode": "subscribe",
    "hub.topic": `${ORIGIN}/feeds/world.rss`,
    "hub.callback": "http://127.0.0.1:9999/cb?id=7",
    ...extra,
  });

function refusal(run: () => unknown): BadRequestError {
  try {
    run();
  } catch (error) {
    if (error instanceof BadRequestError) return error;
    throw error;
  }
  throw new Error("accepted");
}

describe("readHubRequest", () => {
  it("reads a subscription with the default lease and no secret", () => {
    expect(readHubRequest(subscribe(), config, ORIGIN)).toEqual({
      mode: "subscribe",
      topic: `${ORIGIN}/feeds/world.rss`,
      feed: { slug: "world", format: "rss" },
      callback: "http://127.0.0.1:9999/cb?id=7",
      leaseSeconds: 864_000,
      secret: null,
    });
  });

  it("grants a lease as asked within 10 s–30 days and clamps it outside", () => {
    const lease = (asked: string) =>
      readHubRequest(subscribe({ "hub.lease_seconds": asked }), config, ORIGIN).leaseSeconds;
    expect(lease("3600")).toBe(3600);
    expect(lease("10")).toBe(10);
    expect(lease("2592000")).toBe(2_592_000);
    expect(lease("1")).toBe(10);
    expect(lease("0")).toBe(10);
    expect(lease("99999999")).toBe(2_592_000);
    expect(lease("99999999999999999999")).toBe(2_592_000);
    expect(lease("1e9")).toBe(2_592_000);
    expect(lease("-5")).toBe(10);
    expect(grantLease(undefined, { websub: { ...config.websub, leaseSeconds: 60 } })).toBe(60);
  });

  it("takes every feed format of a configured topic, and only those", () => {
    for (const format of ["rss", "atom", "json"] as const) {
      expect(readTopicUrl(`${ORIGIN}/feeds/ukraine-war.${format}`, ORIGIN, config)).toEqual({
        slug: "ukraine-war",
        format,
      });
    }
    const refused: [string, RegExp][] = [
      [`${ORIGIN}/feeds/unknown.rss`, /names no topic "unknown"/],
      [`${ORIGIN}/feeds/world.xml`, /is not a topic feed/],
      [`${ORIGIN}/feeds/world.rss?filter=x`, /names a page or view of a feed \(filter\)/],
      [`${ORIGIN}/feeds/world.rss?group=none&limit=5`, /\(limit\)/],
      [`${ORIGIN}/topics/world`, /is not a topic feed/],
      ["http://other.example/feeds/elsewhere.rss", /on http:\/\/127\.0\.0\.1:3000\/, not http:\/\/other\.example/],
      // A feed of this hub asked for on another origin is named.
      [
        "http://other.example/feeds/world.rss",
        /on http:\/\/127\.0\.0\.1:3000: http:\/\/127\.0\.0\.1:3000\/feeds\/world\.rss$/,
      ],
      ["https://127.0.0.1:3000/feeds/world.rss", /must be a feed of this hub/],
      ["not a url", /is not an absolute URL/],
    ];
    for (const [topic, reason] of refused) {
      const error = refusal(() => readTopicUrl(topic, ORIGIN, config));
      expect(error.parameter, topic).toBe("hub.topic");
      expect(error.reason, topic).toMatch(reason);
    }
    const behindCdn = { ...config, baseUrl: "https://feeds.example.org" };
    expect(readTopicUrl("https://feeds.example.org/feeds/world.atom", ORIGIN, behindCdn)).toEqual({
      slug: "world",
      format: "atom",
    });
    expect(() => readTopicUrl(`${ORIGIN}/feeds/world.atom`, ORIGIN, behindCdn)).toThrow(BadRequestError);
    // A baseUrl with a path prefix: topics are the feed URLs under it, as the feeds name themselves.
    const underPrefix = { ...config, baseUrl: "https://example.org/news/" };
    expect(readTopicUrl("https://example.org/news/feeds/world.json", ORIGIN, underPrefix)).toEqual({
      slug: "world",
      format: "json",
    });
    expect(refusal(() => readTopicUrl("https://example.org/feeds/world.json", ORIGIN, underPrefix)).reason).toMatch(
      /is not a topic feed \(\/news\/feeds\//,
    );
    // Asked for on the origin the request came to, with or without the prefix: the feed's own URL is named.
    for (const topic of [`${ORIGIN}/feeds/world.json`, `${ORIGIN}/news/feeds/world.json?group=none`]) {
      const named = topic.includes("group")
        ? "https://example.org/news/feeds/world.json?group=none"
        : "https://example.org/news/feeds/world.json";
      expect(refusal(() => readTopicUrl(topic, ORIGIN, underPrefix)).reason, topic).toBe(
        `hub.topic: must be a feed of this hub, on https://example.org: ${named}`,
      );
    }
    expect(refusal(() => readTopicUrl(`${ORIGIN}/feeds/unknown.rss`, ORIGIN, underPrefix)).reason).toBe(
      `hub.topic: must be a feed of this hub, on https://example.org/news/, not ${ORIGIN}`,
    );
  });

  it("refuses a topic spelt otherwise than the feed names itself, giving the feed URL", () => {
    const canonical = `${ORIGIN}/feeds/world.rss`;
    const spellings: [string, string][] = [
      [canonical.replace("http:", "HTTP:"), canonical],
      [canonical.replace("/feeds/", "/feeds/../feeds/"), canonical],
      [canonical.replace("/feeds/", "/./feeds/"), canonical],
      [`${canonical}?`, canonical],
      // Percent-escapes: of unreserved characters in either case, of the slash, of dot segments.
      [canonical.replace("world", "%77orld"), canonical],
      [canonical.replace("world", "w%6frld"), canonical],
      [canonical.replace("world", "w%6Frld"), canonical],
      [`${ORIGIN}/feeds/ukraine%2dwar.json`, `${ORIGIN}/feeds/ukraine-war.json`],
      [`${ORIGIN}/feeds/ukraine%2Dwar.json`, `${ORIGIN}/feeds/ukraine-war.json`],
      [canonical.replace("/feeds/", "/feeds%2F"), canonical],
      [canonical.replace("/feeds/", "/feeds%2f"), canonical],
      [canonical.replace("/feeds/", "/feeds%2F..%2Ffeeds%2F"), canonical],
      [canonical.replace(".rss", "%2Erss"), canonical],
      // Empty path segments: a doubled slash anywhere, a trailing slash.
      [canonical.replace("/feeds/", "//feeds/"), canonical],
      [canonical.replace("/feeds/", "/feeds//"), canonical],
      [`${canonical}/`, canonical],
      // Case in the path.
      [canonical.replace("/feeds/world.rss", "/FEEDS/WORLD.RSS"), canonical],
      [canonical.replace("world", "World"), canonical],
      [`${ORIGIN}/feeds/World.json?group=none`, `${ORIGIN}/feeds/world.json?group=none`],
      [`${ORIGIN}/feeds/world.json?group=%6Eone`, `${ORIGIN}/feeds/world.json?group=none`],
      // What names no other resource: a fragment, credentials, the host's trailing dot.
      [`${canonical}#latest`, canonical],
      [canonical.replace("//", "//reader@"), canonical],
      [canonical.replace("127.0.0.1:3000", "127.0.0.1.:3000"), canonical],
    ];
    for (const [spelt, feed] of spellings) {
      const error = refusal(() => readTopicUrl(spelt, ORIGIN, config));
      expect(error.parameter, spelt).toBe("hub.topic");
      expect(error.reason, spelt).toBe(
        `hub.topic: must be the feed URL as the feed names itself (its rel="self" link): ${feed}`,
      );
    }
    // Under a baseUrl with a path prefix, the prefix is read the same way and given as configured.
    const underPrefix = { ...config, baseUrl: "https://example.org/News/" };
    expect(refusal(() => readTopicUrl("https://example.org/news//feeds/World.rss", ORIGIN, underPrefix)).reason).toBe(
      'hub.topic: must be the feed URL as the feed names itself (its rel="self" link): https://example.org/News/feeds/world.rss',
    );
  });

  it("names no feed URL for a topic that names no feed of this hub, however it is spelt", () => {
    for (const topic of [
      `${ORIGIN}/feeds/Nowhere.rss`,
      `${ORIGIN}/feeds%2Fnowhere.rss`,
      `${ORIGIN}/feeds//nowhere.rss`,
      `${ORIGIN}/feeds/world.xml`,
      `${ORIGIN}/FEEDS/WORLD.XML`,
      `${ORIGIN}/feeds/world/rss`,
      `${ORIGIN}/feeds/world.rss%3Fgroup=none`,
      `${ORIGIN}/feeds/%E2%80%8Bworld.rss`,
      `${ORIGIN}/feeds/world.rss?filter=kyiv`,
      `${ORIGIN}/feeds/World.rss?limit=5`,
      `${ORIGIN}/feeds/world.rss?GROUP=none`,
      `${ORIGIN}/feeds/world.rss?group=NONE`,
      `${ORIGIN}/feeds/world.rss?group=none&group=none`,
      "https://127.0.0.1:3000/feeds/world.rss",
      "http://127.0.0.1:3001/feeds/world.rss",
      "http://other.example/feeds/world.rss",
    ]) {
      const error = refusal(() => readTopicUrl(topic, ORIGIN, config));
      expect(error.parameter, topic).toBe("hub.topic");
      expect(error.reason, topic).not.toMatch(/rel="self"/);
    }
  });

  it("takes a topic only as the feed names itself: any other spelling of a feed URL is refused naming it", () => {
    const hex = (char: string, upper: boolean) => {
      const code = char.charCodeAt(0).toString(16).padStart(2, "0");
      return `%${upper ? code.toUpperCase() : code}`;
    };
    // Each character of the path kept, upper-cased or percent-encoded (but the first slash, which ends the host);
    // any slash doubled.
    const spelling = (path: string) =>
      fc
        .tuple(...[...path].map(() => fc.tuple(fc.constantFrom("keep", "upper", "escape", "double"), fc.boolean())))
        .map((choices) =>
          [...path]
            .map((char, n) => {
              const [how, upper] = choices[n] as [string, boolean];
              if (how === "upper") return char.toUpperCase();
              if (how === "escape" && n > 0) return hex(char, upper);
              return how === "double" && char === "/" ? "//" : char;
            })
            .join(""),
        );
    const feeds = ["/feeds/world.rss", "/feeds/ukraine-war.atom", "/feeds/world.json?group=none"];
    fc.assert(
      fc.property(
        fc.constantFrom(...feeds).chain((feed) => {
          const [path, query] = feed.split("?") as [string, string | undefined];
          return spelling(path).map((spelt) => [feed, `${spelt}${query ? `?${query}` : ""}`] as const);
        }),
        ([feed, spelt]) => {
          const canonical = `${ORIGIN}${feed}`;
          const topic = `${ORIGIN}${spelt}`;
          if (topic === canonical) {
            expect(() => readTopicUrl(topic, ORIGIN, config)).not.toThrow();
            return;
          }
          expect(refusal(() => readTopicUrl(topic, ORIGIN, config)).reason).toBe(
            `hub.topic: must be the feed URL as the feed names itself (its rel="self" link): ${canonical}`,
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it("takes a feed's group=none view as a topic of its own, and refuses any other group", () => {
    for (const format of ["rss", "atom", "json"] as const) {
      expect(readTopicUrl(`${ORIGIN}/feeds/world.${format}?group=none`, ORIGIN, config)).toEqual({
        slug: "world",
        format,
        group: "none",
      });
    }
    const request = readHubRequest(subscribe({ "hub.topic": `${ORIGIN}/feeds/world.json?group=none` }), config, ORIGIN);
    expect(request.feed).toEqual({ slug: "world", format: "json", group: "none" });
    expect(request.topic).toBe(`${ORIGIN}/feeds/world.json?group=none`);
    const refused: [string, string][] = [
      ["?group=all", 'hub.topic: group must be "none", not "all"'],
      ["?group=", 'hub.topic: group must be "none", not ""'],
      ["?group=none&group=none", "hub.topic: gives group more than once"],
    ];
    for (const [query, reason] of refused) {
      const error = refusal(() =>
        readHubRequest(subscribe({ "hub.topic": `${ORIGIN}/feeds/world.rss${query}` }), config, ORIGIN),
      );
      expect(error.parameter).toBe("hub.topic");
      expect(error.message).toBe(`api: ${reason}`);
    }
  });

  it("keeps a secret under 200 bytes and refuses a longer one", () => {
    expect(readHubRequest(subscribe({ "hub.secret": "s".repeat(199) }), config, ORIGIN).secret).toHaveLength(199);
    expect(refusal(() => readHubRequest(subscribe({ "hub.secret": "s".repeat(200) }), config, ORIGIN)).parameter).toBe(
      "hub.secret",
    );
    // Bytes, not characters: 100 two-byte characters are 200 bytes.
    expect(refusal(() => readHubRequest(subscribe({ "hub.secret": "é".repeat(100) }), config, ORIGIN)).parameter).toBe(
      "hub.secret",
    );
  });

  it("refuses each bad field by name", () => {
    const cases: [Record<string, string>, string][] = [
      [{ "hub.mode": "publish" }, "hub.mode"],
      [{ "hub.mode": "" }, "hub.mode"],
      [{ "hub.topic": "" }, "hub.topic"],
      [{ "hub.topic": `${ORIGIN}/feeds/nope.rss` }, "hub.topic"],
      [{ "hub.callback": "" }, "hub.callback"],
      [{ "hub.callback": "ftp://127.0.0.1/cb" }, "hub.callback"],
      [{ "hub.callback": "javascript:alert(1)" }, "hub.callback"],
      [{ "hub.callback": "/relative" }, "hub.callback"],
      [{ "hub.callback": `http://127.0.0.1/${"x".repeat(2_000)}` }, "hub.callback"],
      [{ "hub.lease_seconds": "five" }, "hub.lease_seconds"],
      [{ "hub.lease_seconds": "0x10" }, "hub.lease_seconds"],
    ];
    for (const [fields, parameter] of cases) {
      expect(refusal(() => readHubRequest(subscribe(fields), config, ORIGIN)).parameter, JSON.stringify(fields)).toBe(
        parameter,
      );
    }
    const twice = subscribe();
    twice.append("hub.callback", "http://127.0.0.1:1/other");
    expect(refusal(() => readHubRequest(twice, config, ORIGIN)).parameter).toBe("hub.callback");
  });

  it("reads an unsubscription without lease or secret", () => {
    const request = readHubRequest(subscribe({ "hub.mode": "unsubscribe", "hub.secret": "x" }), config, ORIGIN);
    expect(request).toMatchObject({ mode: "unsubscribe", leaseSeconds: null, secret: null });
  });
});

describe("verification of intent against a real subscriber", () => {
  let server: Server;
  let base: string;
  const seen: URL[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://subscriber");
      seen.push(url);
      const challenge = url.searchParams.get("hub.challenge") ?? "";
      if (url.pathname === "/good") res.end(challenge);
      else if (url.pathname === "/wrong") res.end(`${challenge}x`);
      else if (url.pathname === "/denied") res.end("ok");
      else res.writeHead(404).end("no such callback");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const callbacks = new CallbackClient({ timeoutMs: 5_000, maxBytes: 1_024, internal: "allowed" });
  const request = (path: string) =>
    readHubRequest(subscribe({ "hub.callback": `${base}${path}?id=7`, "hub.lease_seconds": "3600" }), config, ORIGIN);

  it("adds the hub's parameters to the callback's own query", () => {
    const url = new URL(verificationUrl(request("/good"), "abc"));
    expect(url.searchParams.get("id")).toBe("7");
    expect(url.searchParams.get("hub.mode")).toBe("subscribe");
    expect(url.searchParams.get("hub.topic")).toBe(`${ORIGIN}/feeds/world.rss`);
    expect(url.searchParams.get("hub.challenge")).toBe("abc");
    expect(url.searchParams.get("hub.lease_seconds")).toBe("3600");
  });

  it("is verified when the subscriber echoes the challenge", async () => {
    expect(await verifyIntent(callbacks, request("/good"))).toEqual({ verified: true });
    const last = seen.at(-1);
    expect(last?.searchParams.get("hub.challenge")).toMatch(/^[\w-]{32}$/);
  });

  it("is not verified for a wrong challenge, a 404, or a refused address", async () => {
    expect(await verifyIntent(callbacks, request("/wrong"))).toEqual({
      verified: false,
      reason: "the callback did not echo hub.challenge",
    });
    expect(await verifyIntent(callbacks, request("/missing"))).toEqual({
      verified: false,
      reason: "the callback answered 404",
    });
    const strict = new CallbackClient({ timeoutMs: 5_000, maxBytes: 1_024, internal: "refused" });
    const before = seen.length;
    const refused = await verifyIntent(strict, request("/good"));
    expect(refused.verified).toBe(false);
    expect(seen.length).toBe(before);
  });

  it("sends a denial notice with the reason", async () => {
    expect(
      await sendDenial(
        callbacks,
        { callback: `${base}/denied?id=7`, topic: `${ORIGIN}/feeds/world.rss` },
        "topic removed",
      ),
    ).toBe(true);
    const last = seen.at(-1);
    expect(last?.searchParams.get("hub.mode")).toBe("denied");
    expect(last?.searchParams.get("hub.reason")).toBe("topic removed");
    expect(last?.searchParams.get("id")).toBe("7");
  });
});

describe("signatures, retries and rate limits", () => {
  it("signs the exact body with HMAC-SHA256 of the secret", () => {
    const body = new TextEncoder().encode("<rss>é</rss>");
    const expected = createHmac("sha256", "s3cret").update(Buffer.from(body)).digest("hex");
    expect(hubSignature("s3cret", body)).toBe(`sha256=${expected}`);
    expect(hubSignature("other", body)).not.toBe(`sha256=${expected}`);
  });

  it("retries within a minute first and keeps trying for more than a day", () => {
    expect(deliveryRetryDelayMs(1, () => 0.999)).toBeLessThanOrEqual(60_000);
    const total = DELIVERY_RETRY_DELAYS_MS.reduce((sum, ms) => sum + ms, 0);
    expect(total).toBeGreaterThan(86_400_000);
    expect(deliveryRetryDelayMs(DELIVERY_RETRY_DELAYS_MS.length + 1)).toBeNull();
    const delays = DELIVERY_RETRY_DELAYS_MS.map((_, n) => deliveryRetryDelayMs(n + 1, () => 0.5));
    expect(delays).toEqual([...DELIVERY_RETRY_DELAYS_MS]);
    expect(deliveryRetryDelayMs(3, () => 0)).toBe(540_000);
  });

  it("limits requests per host within a sliding window", () => {
    const limiter = new HostRateLimiter({ limit: 2, windowMs: 1_000 });
    expect([limiter.take("a.example", 0), limiter.take("A.example", 10), limiter.take("a.example", 20)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(limiter.take("b.example", 20)).toBe(true);
    expect(limiter.take("a.example", 1_001)).toBe(true);
    expect(limiter.take("a.example", 1_005)).toBe(false);
  });

  it("forgets the least recently seen hosts beyond its bound", () => {
    const limiter = new HostRateLimiter({ limit: 1, windowMs: 60_000, maxHosts: 2 });
    expect(limiter.take("a", 0)).toBe(true);
    expect(limiter.take("b", 1)).toBe(true);
    expect(limiter.take("c", 2)).toBe(true);
    expect(limiter.take("a", 3)).toBe(true);
    expect(limiter.take("c", 4)).toBe(false);
  });
});
