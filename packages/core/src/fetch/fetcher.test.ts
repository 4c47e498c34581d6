import { createServer } from "node:net";
import { brotliCompressSync, deflateRawSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Publisher, startPublisher } from "../../../../testkit/publisher.ts";
import { FetchError } from "../errors.ts";
import { DEFAULT_USER_AGENT, Fetcher, type FetcherOptions, MAX_REDIRECTS } from "./index.ts";

let publisher: Publisher;
beforeAll(async () => {
  publisher = await startPublisher();
});
afterAll(() => publisher.close());

const fetcherWith = (options: Partial<FetcherOptions> = {}) =>
  new Fetcher({ concurrency: 4, perHost: 4, timeoutMs: 5_000, maxBytes: 1 << 20, ...options });

/** The FetchError a fetch fails with. */
async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => new Error("the fetch succeeded"),
    (thrown: unknown) => thrown,
  );
  if (error instanceof FetchError) return error;
  throw error;
}

const text = (body: Uint8Array) => Buffer.from(body).toString("utf8");
const requestsTo = (path: string) => publisher.requests.filter((request) => request.path === path);
const feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>';

describe("conditional GET", () => {
  it("sends the validators it was given and answers a 304 as not-modified", async () => {
    publisher.set("/conditional.rss", { body: feed, contentType: "application/rss+xml" });
    const fetcher = fetcherWith();
    const first = await fetcher.fetch({ url: `${publisher.url}/conditional.rss` });
    if (first.status !== "ok") throw new Error("expected a body");
    expect(text(first.body)).toBe(feed);
    expect(first).toMatchObject({
      httpStatus: 200,
      contentType: "application/rss+xml",
      finalUrl: `${publisher.url}/conditional.rss`,
    });
    expect(first.etag).toMatch(/^"/);
    expect(first.lastModified).toMatch(/GMT$/);

    const byEtag = await fetcher.fetch({ url: `${publisher.url}/conditional.rss`, etag: first.etag });
    expect(byEtag).toEqual({
      status: "not-modified",
      finalUrl: `${publisher.url}/conditional.rss`,
      etag: first.etag,
      lastModified: first.lastModified,
      freshSeconds: null,
    });
    const byDate = await fetcher.fetch({ url: `${publisher.url}/conditional.rss`, lastModified: first.lastModified });
    expect(byDate.status).toBe("not-modified");
    const [plain, withEtag, withDate] = requestsTo("/conditional.rss");
    expect(plain?.headers["if-none-match"]).toBeUndefined();
    expect(withEtag?.headers["if-none-match"]).toBe(first.etag);
    expect(withDate?.headers["if-modified-since"]).toBe(first.lastModified);

    publisher.set("/conditional.rss", { body: `${feed} `, contentType: "application/rss+xml" });
    const changed = await fetcher.fetch({ url: `${publisher.url}/conditional.rss`, etag: first.etag });
    expect(changed.status).toBe("ok");
    expect(changed.etag).not.toBe(first.etag);
  });

  it("sends the default User-Agent, or the configured one", async () => {
    publisher.set("/agent", { body: "x" });
    await fetcherWith().fetch({ url: `${publisher.url}/agent` });
    await fetcherWith({ userAgent: "Custom/1" }).fetch({ url: `${publisher.url}/agent` });
    expect(requestsTo("/agent").map((request) => request.headers["user-agent"])).toEqual([
      DEFAULT_USER_AGENT,
      "Custom/1",
    ]);
  });
});

describe("content codings", () => {
  const body = feed.repeat(50);
  it.each([
    { name: "gzip", fixture: { encoding: "gzip" as const } },
    { name: "deflate (zlib)", fixture: { encoding: "deflate" as const } },
    { name: "br", fixture: { encoding: "br" as const } },
    { name: "deflate (raw)", fixture: { body: deflateRawSync(body), headers: { "Content-Encoding": "deflate" } } },
    { name: "x-gzip", fixture: { body: gzipSync(body), headers: { "Content-Encoding": "x-gzip" } } },
    {
      name: "gzip then br",
      fixture: { body: brotliCompressSync(gzipSync(body)), headers: { "Content-Encoding": "gzip, br" } },
    },
  ])("decodes $name", async ({ name, fixture }) => {
    const path = `/coded/${encodeURIComponent(name)}`;
    publisher.set(path, { body, conditional: false, ...fixture });
    const result = await fetcherWith().fetch({ url: `${publisher.url}${path}` });
    if (result.status !== "ok") throw new Error("expected a body");
    expect(text(result.body)).toBe(body);
    expect(result.bytes).toBeLessThan(body.length);
    expect(requestsTo(path)[0]?.headers["accept-encoding"]).toBe("gzip, deflate, br");
  });

  it("fails on a corrupt or unknown coding", async () => {
    publisher.set("/coded/corrupt", { body: "not gzip at all", headers: { "Content-Encoding": "gzip" } });
    publisher.set("/coded/unknown", { body: "x", headers: { "Content-Encoding": "zstd" } });
    for (const path of ["/coded/corrupt", "/coded/unknown"]) {
      expect((await failure(fetcherWith().fetch({ url: `${publisher.url}${path}` }))).kind).toBe("network");
    }
  });
});

describe("size cap", () => {
  const big = new Uint8Array(16 * 1024 * 1024).fill(97);

  it.each([
    { name: "chunked", fixture: { chunked: true } },
    { name: "with Content-Length", fixture: {} },
  ])("cuts a 16 MB body ($name) off at maxBytes without reading it all", async ({ name, fixture }) => {
    const path = `/big/${name.replace(/\W/g, "-")}`;
    publisher.set(path, { body: big, conditional: false, ...fixture });
    const error = await failure(fetcherWith({ maxBytes: 64 * 1024 }).fetch({ url: `${publisher.url}${path}` }));
    expect(error.kind).toBe("too-large");
    await publisher.idle();
    const [served] = requestsTo(path);
    expect(served?.outcome).toBe("closed-early");
    expect(served?.bytesSent).toBeLessThan(big.length);
  });

  it("cuts off a decompression bomb on the decoded size", async () => {
    const bomb = gzipSync(new Uint8Array(32 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    publisher.set("/bomb", { body: bomb, headers: { "Content-Encoding": "gzip" }, chunked: true });
    const error = await failure(fetcherWith({ maxBytes: 64 * 1024 }).fetch({ url: `${publisher.url}/bomb` }));
    expect(error.kind).toBe("too-large");
  });

  it("accepts a body of exactly maxBytes", async () => {
    publisher.set("/exact", { body: new Uint8Array(1000), encoding: "gzip", chunked: true });
    const result = await fetcherWith({ maxBytes: 1000 }).fetch({ url: `${publisher.url}/exact` });
    expect(result.status === "ok" && result.body.length).toBe(1000);
  });
});

describe("redirects", () => {
  const chain = (name: string, length: number) => {
    for (let hop = 0; hop < length; hop++) {
      const status = ([301, 302, 303, 307, 308] as const)[hop % 5];
      publisher.set(`/${name}/${hop}`, {
        redirect: { to: hop % 2 ? `${publisher.url}/${name}/${hop + 1}` : `${hop + 1}`, status },
      });
    }
    publisher.set(`/${name}/${length}`, { body: "end" });
    return `${publisher.url}/${name}/0`;
  };

  it(`follows ${MAX_REDIRECTS} redirects, absolute and relative, and reports the final URL`, async () => {
    const result = await fetcherWith().fetch({ url: chain("five", MAX_REDIRECTS) });
    expect(result).toMatchObject({ status: "ok", finalUrl: `${publisher.url}/five/${MAX_REDIRECTS}` });
  });

  it.each([
    { name: "one redirect too many", start: () => chain("six", MAX_REDIRECTS + 1), kind: "too-many-redirects" },
    { name: "a loop", start: () => `${publisher.url}/loop/a`, kind: "too-many-redirects" },
    { name: "a file: URL", start: () => `${publisher.url}/to/file`, kind: "unsupported-scheme" },
    { name: "a javascript: URL", start: () => `${publisher.url}/to/javascript`, kind: "unsupported-scheme" },
    { name: "an ftp: URL", start: () => `${publisher.url}/to/ftp`, kind: "unsupported-scheme" },
  ])("refuses $name", async ({ start, kind }) => {
    publisher.set("/loop/a", { redirect: { to: "/loop/b" } });
    publisher.set("/loop/b", { redirect: { to: "/loop/a", status: 301 } });
    publisher.set("/to/file", { redirect: { to: "file:///etc/passwd" } });
    publisher.set("/to/javascript", { redirect: { to: "javascript:alert(1)" } });
    publisher.set("/to/ftp", { redirect: { to: "ftp://127.0.0.1/feed.xml" } });
    expect((await failure(fetcherWith().fetch({ url: start() }))).kind).toBe(kind);
  });

  it.each(["file:///etc/passwd", "ftp://127.0.0.1/feed", "javascript:alert(1)", "data:text/xml,<rss/>", "feed.rss"])(
    "refuses to start at %s",
    async (url) => {
      expect((await failure(fetcherWith().fetch({ url }))).kind).toBe("unsupported-scheme");
    },
  );
});

describe("URLs in error messages", () => {
  /** `publisher.url` with a user name and password in it, as a hostile or careless `Location` may carry them. */
  const withUser = (path: string) => publisher.url.replace("://", "://bob:pw2@") + path;

  it.each([
    {
      name: "an HTTP error after a redirect",
      set: () => {
        publisher.set("/user/missing-start", { redirect: { to: withUser("/user/missing") } });
        publisher.set("/user/missing", { status: 404, body: "no" });
      },
      start: "/user/missing-start",
      kind: "http",
      shown: () => `HTTP 404 Not Found from ${publisher.url}/user/missing`,
    },
    {
      name: "a redirect loop",
      set: () => {
        publisher.set("/user/loop-a", { redirect: { to: withUser("/user/loop-b") } });
        publisher.set("/user/loop-b", { redirect: { to: withUser("/user/loop-a") } });
      },
      start: "/user/loop-a",
      kind: "too-many-redirects",
      shown: () => `redirect loop back to ${publisher.url}/user/loop-a`,
    },
    {
      name: "a redirect to another scheme",
      set: () => publisher.set("/user/to-ftp", { redirect: { to: "ftp://bob:pw2@127.0.0.1/feed.xml" } }),
      start: "/user/to-ftp",
      kind: "unsupported-scheme",
      shown: () => "(ftp://127.0.0.1/feed.xml)",
    },
    {
      name: "a redirect that is not a URL",
      set: () => publisher.set("/user/bad-location", { redirect: { to: "http://bob:pw2@[::1/feed.xml" } }),
      start: "/user/bad-location",
      kind: "unsupported-scheme",
      shown: () => '"http://[::1/feed.xml"',
    },
  ])("never show a user name or password: $name", async ({ set, start, kind, shown }) => {
    set();
    const error = await failure(fetcherWith().fetch({ url: `${publisher.url}${start}` }));
    expect(error.kind).toBe(kind);
    expect(error.message).toContain(shown());
    expect(error.message).not.toMatch(/bob|pw2/);
  });

  it("reports a final URL without the user name and password a redirect named, which are never sent", async () => {
    publisher.set("/user/ok-start", { redirect: { to: withUser("/user/ok.rss") } });
    publisher.set("/user/ok.rss", { body: feed, contentType: "application/rss+xml" });
    const result = await fetcherWith().fetch({ url: `${publisher.url}/user/ok-start` });
    expect(result).toMatchObject({ status: "ok", finalUrl: `${publisher.url}/user/ok.rss` });
    expect(requestsTo("/user/ok.rss")[0]?.headers.authorization).toBeUndefined();
  });

  it("never show a user name or password: too many redirects, and a refused address", async () => {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++)
      publisher.set(`/user/chain/${hop}`, { redirect: { to: `${hop + 1}` } });
    const chained = await failure(fetcherWith().fetch({ url: withUser("/user/chain/0") }));
    expect(chained.kind).toBe("too-many-redirects");
    expect(chained.message).toContain(`starting at ${publisher.url}/user/chain/0`);
    expect(chained.message).not.toMatch(/bob|pw2/);
    // A loopback address after a public one is refused, its URL shown without credentials.
    const refused = await failure(fetcherWith().fetch({ url: withUser("/user/feed.xml"), afterPublic: true }));
    expect(refused.kind).toBe("forbidden-address");
    expect(refused.message).toContain(`${publisher.url}/user/feed.xml`);
    expect(refused.message).not.toMatch(/bob|pw2/);
  });
});

describe("timeout", () => {
  it.each([
    { name: "headers that come too late", fixture: { delayMs: 5_000, body: "late" } },
    { name: "a body trickling one byte a second", fixture: { trickleBytesPerSecond: 1, body: "x".repeat(100) } },
  ])("cuts $name at timeoutMs", async ({ name, fixture }) => {
    const path = `/slow/${name.replace(/\W/g, "-")}`;
    publisher.set(path, fixture);
    const error = await failure(fetcherWith({ timeoutMs: 300 }).fetch({ url: `${publisher.url}${path}` }));
    expect(error.kind).toBe("timeout");
    await publisher.idle();
    expect(requestsTo(path)[0]?.outcome).toBe("closed-early");
  });

  it("covers a whole redirect chain, not each hop", async () => {
    for (let hop = 0; hop < 4; hop++)
      publisher.set(`/slow-chain/${hop}`, { delayMs: 120, redirect: { to: `${hop + 1}` } });
    publisher.set("/slow-chain/4", { body: "end" });
    const error = await failure(fetcherWith({ timeoutMs: 300 }).fetch({ url: `${publisher.url}/slow-chain/0` }));
    expect(error.kind).toBe("timeout");
  });
});

describe("HTTP errors", () => {
  /** Stands for an HTTP date a minute after the request, made when the case runs (cases are built long before). */
  const inAMinute = "(an HTTP date a minute ahead)";
  const cases: { status: number; headers: Record<string, string>; retryAfter?: [min: number, max: number] }[] = [
    { status: 404, headers: {} },
    { status: 500, headers: { "Retry-After": "30" } },
    { status: 410, headers: {} },
    { status: 429, headers: { "Retry-After": "120" }, retryAfter: [120_000, 120_000] },
    { status: 503, headers: { "Retry-After": inAMinute }, retryAfter: [55_000, 60_000] },
    { status: 503, headers: {} },
  ];
  it.each(cases)("$status with $headers fails with kind http", async ({ status, headers, retryAfter }) => {
    const path = `/status/${status}/${Object.keys(headers).length}`;
    const sent = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [
        name,
        value === inAMinute ? new Date(Date.now() + 60_000).toUTCString() : value,
      ]),
    );
    publisher.set(path, { status, headers: sent, body: "error page" });
    const error = await failure(fetcherWith().fetch({ url: `${publisher.url}${path}` }));
    expect(error).toMatchObject({ kind: "http", status });
    expect(error.message).toContain(String(status));
    if (retryAfter === undefined) expect(error.retryAfterMs).toBeUndefined();
    else {
      expect(error.retryAfterMs).toBeGreaterThanOrEqual(retryAfter[0]);
      expect(error.retryAfterMs).toBeLessThanOrEqual(retryAfter[1]);
    }
  });

  it("treats a 304 to an unconditional request as an error", async () => {
    publisher.set("/bogus-304", { status: 304 });
    expect(await failure(fetcherWith().fetch({ url: `${publisher.url}/bogus-304` }))).toMatchObject({
      kind: "http",
      status: 304,
    });
  });
});

describe("network errors", () => {
  it.each([
    { name: "a connection reset mid-response", fixture: { destroy: true, body: "x".repeat(100_000) } },
    { name: "a body cut short", fixture: { truncateAt: 10, body: "x".repeat(1000) } },
    { name: "a chunked body cut short", fixture: { truncateAt: 10, body: "x".repeat(1000), chunked: true } },
  ])("fails on $name", async ({ name, fixture }) => {
    const path = `/broken/${name.replace(/\W/g, "-")}`;
    publisher.set(path, { ...fixture, conditional: false });
    expect((await failure(fetcherWith().fetch({ url: `${publisher.url}${path}` }))).kind).toBe("network");
  });

  it("fails readably on a refused connection", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(fetcherWith().fetch({ url: `http://127.0.0.1:${port}/feed` }));
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(/refused/);
  });

  it("fails readably when the name does not resolve", async () => {
    const resolve = async (hostname: string) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    };
    const error = await failure(fetcherWith({ resolve }).fetch({ url: "http://nowhere.test/feed" }));
    expect(error.kind).toBe("network");
    expect(error.message).toContain("nowhere.test");
  });
});

describe("options", () => {
  it.each([{ concurrency: 0 }, { perHost: 1.5 }, { timeoutMs: 0 }, { maxBytes: -1 }, { maxBytes: Number.NaN }])(
    "refuses %j",
    (bad) => {
      expect(() => fetcherWith(bad)).toThrow(RangeError);
    },
  );
});

describe("a source's request headers", () => {
  const secret = {
    "User-Agent": "Reader/2 (+ops@example.org)",
    "Accept-Language": "fr",
    Cookie: "session=s3cr3t",
    Authorization: "Bearer t0ken",
    "X-Api-Key": "k3y",
  };

  it("reach the feed's origin, the User-Agent overriding the fetcher's, through a redirect within it", async () => {
    publisher.set("/private/moved.rss", { redirect: { to: "/private/feed.rss" } });
    publisher.set("/private/feed.rss", { body: feed, contentType: "application/rss+xml" });
    await fetcherWith().fetch({ url: `${publisher.url}/private/moved.rss`, headers: secret });
    const [moved, target] = [...requestsTo("/private/moved.rss"), ...requestsTo("/private/feed.rss")];
    for (const request of [moved, target]) {
      expect(request?.headers["user-agent"]).toBe("Reader/2 (+ops@example.org)");
      expect(request?.headers.cookie).toBe("session=s3cr3t");
      expect(request?.headers.authorization).toBe("Bearer t0ken");
      expect(request?.headers["x-api-key"]).toBe("k3y");
    }
  });

  it("lose all but User-Agent and Accept-Language on a redirect to another origin, also when it leads back", async () => {
    const other = await startPublisher();
    try {
      publisher.set("/away.rss", { redirect: { to: `${other.url}/there.rss` } });
      other.set("/there.rss", { redirect: { to: `${publisher.url}/back.rss` } });
      publisher.set("/back.rss", { body: feed, contentType: "application/rss+xml" });
      const result = await fetcherWith().fetch({ url: `${publisher.url}/away.rss`, headers: secret });
      expect(result.status).toBe("ok");
      const [there] = other.requests;
      const [back] = requestsTo("/back.rss");
      for (const request of [there, back]) {
        expect(request?.headers["user-agent"]).toBe("Reader/2 (+ops@example.org)");
        expect(request?.headers["accept-language"]).toBe("fr");
        expect(request?.headers.cookie).toBeUndefined();
        expect(request?.headers.authorization).toBeUndefined();
        // Credentials may have any name: none of the source's other headers leave its origin either.
        expect(request?.headers["x-api-key"]).toBeUndefined();
      }
      expect(requestsTo("/away.rss")[0]?.headers.cookie).toBe("session=s3cr3t");
      expect(requestsTo("/away.rss")[0]?.headers["x-api-key"]).toBe("k3y");
    } finally {
      await other.close();
    }
  });

  it("are never in a fetch error's message", async () => {
    publisher.set("/denied.rss", { status: 403 });
    const error = await failure(fetcherWith().fetch({ url: `${publisher.url}/denied.rss`, headers: secret }));
    expect(error.message).toMatch(/403/);
    expect(JSON.stringify({ ...error, message: error.message })).not.toMatch(/s3cr3t|t0ken|k3y/);
  });

  it("read the response's freshness lifetime for 200 and 304 alike", async () => {
    publisher.set("/fresh.rss", { body: feed, headers: { "Cache-Control": "public, max-age=7200" } });
    const first = await fetcherWith().fetch({ url: `${publisher.url}/fresh.rss` });
    expect(first.freshSeconds).toBe(7200);
    const again = await fetcherWith().fetch({
      url: `${publisher.url}/fresh.rss`,
      etag: first.status === "ok" ? first.etag : null,
    });
    expect(again).toMatchObject({ status: "not-modified", freshSeconds: 7200 });
  });
});
