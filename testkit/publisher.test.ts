import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Publisher, startPublisher } from "./publisher.ts";

/** A raw GET to the publisher (127.0.0.1 only): status, headers, body bytes, or the socket error. */
function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer; error?: string }>((resolve) => {
    const target = new URL(url);
    if (target.hostname !== "127.0.0.1") throw new Error("loopback only");
    const chunks: Buffer[] = [];
    const request = httpRequest(target, { headers, agent: false }, (response) => {
      const done = (error?: string) =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), error });
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => done());
      response.on("error", (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
    });
    request.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ status: 0, headers: {}, body: Buffer.alloc(0), error: error.code ?? error.message }),
    );
    request.end();
  });
}

let publisher: Publisher;
let dir: string;
beforeAll(async () => {
  publisher = await startPublisher();
  dir = await mkdtemp(path.join(tmpdir(), "publisher-"));
  await writeFile(path.join(dir, "feed.rss"), "<rss/>");
  publisher.serveDirectory("/files/", dir);
});
afterAll(async () => {
  await publisher.close();
  await rm(dir, { recursive: true, force: true });
});

describe("startPublisher", () => {
  it("listens on 127.0.0.1 and refuses other hosts", async () => {
    expect(publisher.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(publisher.origin).toBe(publisher.url);
    await expect(startPublisher({ host: "0.0.0.0" })).rejects.toThrow(/loopback/);
  });

  it("serves a fixture and records the request", async () => {
    publisher.set("/a.xml", { body: "<feed/>", contentType: "application/atom+xml", headers: { "X-Extra": "1" } });
    const response = await get(`${publisher.url}/a.xml?x=1`, { "User-Agent": "probe" });
    expect(response).toMatchObject({ status: 200, body: Buffer.from("<feed/>") });
    expect(response.headers).toMatchObject({
      "content-type": "application/atom+xml",
      "x-extra": "1",
      "content-length": "7",
    });
    const recorded = publisher.requests.find((request) => request.path === "/a.xml?x=1");
    expect(recorded).toMatchObject({
      method: "GET",
      host: "127.0.0.1",
      status: 200,
      bytesSent: 7,
      outcome: "complete",
    });
    expect(recorded?.headers["user-agent"]).toBe("probe");
  });

  it("answers 404 for an unknown path", async () => {
    expect((await get(`${publisher.url}/nothing`)).status).toBe(404);
  });

  it("answers If-None-Match and If-Modified-Since with 304, unless conditional is off", async () => {
    const lastModified = new Date("2025-01-01T00:00:00Z");
    publisher.set("/c", { body: "v1", lastModified });
    const first = await get(`${publisher.url}/c`);
    const etag = first.headers.etag ?? "";
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers["last-modified"]).toBe(lastModified.toUTCString());
    expect((await get(`${publisher.url}/c`, { "If-None-Match": etag })).status).toBe(304);
    expect((await get(`${publisher.url}/c`, { "If-None-Match": '"other"' })).status).toBe(200);
    expect((await get(`${publisher.url}/c`, { "If-Modified-Since": lastModified.toUTCString() })).status).toBe(304);
    expect((await get(`${publisher.url}/c`, { "If-Modified-Since": "Tue, 31 Dec 2024 00:00:00 GMT" })).status).toBe(
      200,
    );
    publisher.set("/c", { body: "v2", lastModified });
    expect((await get(`${publisher.url}/c`, { "If-None-Match": etag })).status).toBe(200);
    publisher.set("/c", { body: "v2", conditional: false });
    const plain = await get(`${publisher.url}/c`, { "If-None-Match": "*" });
    expect(plain.status).toBe(200);
    expect(plain.headers.etag).toBeUndefined();
  });

  it("lets the fixture's own headers win, whatever their case, an own ETag included", async () => {
    publisher.set("/own", {
      body: "x",
      contentType: "text/xml",
      headers: { "content-type": "text/plain", etag: '"mine"' },
    });
    const response = await get(`${publisher.url}/own`);
    expect(response.headers["content-type"]).toBe("text/plain");
    expect(response.headers.etag).toBe('"mine"');
    expect((await get(`${publisher.url}/own`, { "If-None-Match": '"mine"' })).status).toBe(304);
  });

  it("gzips only when the request accepts it", async () => {
    publisher.set("/z", { body: "zipped ".repeat(100), gzip: true });
    const zipped = await get(`${publisher.url}/z`, { "Accept-Encoding": "br, gzip" });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(zipped.body).toString()).toBe("zipped ".repeat(100));
    const refused = await get(`${publisher.url}/z`, { "Accept-Encoding": "gzip;q=0" });
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(refused.body.toString()).toBe("zipped ".repeat(100));
  });

  it("redirects", async () => {
    publisher.set("/old", { redirect: { to: "/new", status: 301 } });
    const response = await get(`${publisher.url}/old`);
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe("/new");
  });

  it.each([
    { name: "destroy", fixture: { destroy: true, body: "x".repeat(100_000) } },
    { name: "truncateAt", fixture: { truncateAt: 5, body: "x".repeat(100) } },
  ])("breaks the response with $name", async ({ name, fixture }) => {
    publisher.set(`/broken-${name}`, fixture);
    const response = await get(`${publisher.url}/broken-${name}`);
    expect(response.error).toBeDefined();
    if (name === "truncateAt") expect(response.body.toString()).toBe("xxxxx");
    await publisher.idle();
    expect(publisher.requests.find((request) => request.path === `/broken-${name}`)?.outcome).toBe("closed-early");
  });

  it("delays the headers and trickles the body", async () => {
    publisher.set("/slow", { delayMs: 50, trickleBytesPerSecond: 100, body: "0123456789" });
    const started = Date.now();
    const response = await get(`${publisher.url}/slow`);
    expect(response.body.toString()).toBe("0123456789");
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });

  it("counts requests in flight, overall and per host", async () => {
    publisher.set("/wait", { delayMs: 100 });
    const pending = [get(`${publisher.url}/wait`), get(`${publisher.url}/wait`)];
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(publisher.inFlight()).toBe(2);
    expect(publisher.inFlight("127.0.0.1")).toBe(2);
    await Promise.all(pending);
    await publisher.idle();
    expect(publisher.inFlight()).toBe(0);
    expect(publisher.maxInFlight("127.0.0.1")).toBeGreaterThanOrEqual(2);
  });

  it("serves a directory and nothing outside it", async () => {
    const file = await get(`${publisher.url}/files/feed.rss`);
    expect(file).toMatchObject({ status: 200, body: Buffer.from("<rss/>") });
    expect(file.headers["content-type"]).toBe("application/rss+xml");
    expect(file.headers["last-modified"]).toBeDefined();
    expect((await get(`${publisher.url}/files/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await get(`${publisher.url}/files/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await get(`${publisher.url}/files/missing.rss`)).status).toBe(404);
  });
});
