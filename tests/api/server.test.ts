import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../functions/api/server.ts";
import { createTestStore } from "../helpers/store.ts";
import { makeItem, NOW, seed, testConfig } from "./fixtures.ts";

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

describe("startServer over a real socket", () => {
  let server: RunningServer;
  beforeAll(async () => {
    const store = await createTestStore();
    await seed(
      store,
      "world",
      Array.from({ length: 30 }, (_, n) => makeItem(n, n + 1)),
    );
    server = await startServer({ config: testConfig, store, now: () => NOW, port: 0, hostname: "127.0.0.1" });
  });
  afterAll(() => server.close());

  it("listens on loopback and reports its URL", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await get(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ status: "ok" });
  });

  it("gzips when the client accepts it, and keeps validators usable", async () => {
    const plain = await get(`${server.url}/feeds/world.rss`);
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const zipped = await get(`${server.url}/feeds/world.rss`, { "Accept-Encoding": "gzip" });
    expect(zipped.status).toBe(200);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(zipped.headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
    expect(zipped.headers["access-control-allow-origin"]).toBe("*");
    const text = gunzipSync(zipped.body).toString("utf8");
    expect(text).toBe(plain.body.toString("utf8"));
    expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
    // The compressed representation has a strong ETag of its own (RFC 9110 §8.8.3); both revalidate.
    const plainTag = plain.headers.etag as string;
    const zippedTag = zipped.headers.etag as string;
    expect(plainTag).toMatch(/^"[^"]+"$/);
    expect(zippedTag).toBe(`${plainTag.slice(0, -1)}-gzip"`);
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    for (const tag of [plainTag, zippedTag, `W/${zippedTag}`]) {
      const again = await get(`${server.url}/feeds/world.rss`, { "Accept-Encoding": "gzip", "If-None-Match": tag });
      expect(again.status, tag).toBe(304);
      expect(again.body.length).toBe(0);
      // A 304 names the representation this request would get, and what it varies by.
      expect(again.headers.etag).toBe(zippedTag);
      expect(again.headers.vary).toMatch(/accept-encoding/i);
      const identity = await get(`${server.url}/feeds/world.rss`, { "If-None-Match": tag });
      expect(identity.status, tag).toBe(304);
      expect(identity.headers.etag).toBe(plainTag);
    }
    const head = await new Promise<RawResponse>((resolve, reject) => {
      request(`${server.url}/feeds/world.rss`, { method: "HEAD", headers: { "Accept-Encoding": "gzip" } }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0) }));
      })
        .on("error", reject)
        .end();
    });
    expect(head.status).toBe(200);
    expect(head.headers.etag).toBe(zippedTag);
    expect(head.headers["content-encoding"]).toBe("gzip");
  });

  it("gives every compressed answer its own tag: another feed, a page, the API", async () => {
    for (const path of ["/feeds/world.atom", "/feeds/world.json", "/topics/world", "/api/topics/world/items"]) {
      const plain = await get(`${server.url}${path}`);
      const zipped = await get(`${server.url}${path}`, { "Accept-Encoding": "br;q=1, gzip;q=0.5" });
      expect(zipped.headers["content-encoding"], path).toBe("gzip");
      expect(gunzipSync(zipped.body).equals(plain.body), path).toBe(true);
      expect(zipped.headers.etag, path).toBe(`${(plain.headers.etag as string).slice(0, -1)}-gzip"`);
      const refused = await get(`${server.url}${path}`, { "Accept-Encoding": "gzip;q=0, identity" });
      expect(refused.headers["content-encoding"], path).toBeUndefined();
      expect(refused.headers.etag, path).toBe(plain.headers.etag);
    }
  });

  it("serves pages, the API and errors the same as the app", async () => {
    const page = await get(`${server.url}/`, { "Accept-Encoding": "gzip" });
    expect(page.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(page.body).toString()).toContain("<h1>Test topics</h1>");
    const items = await get(`${server.url}/api/topics/world/items?limit=3`);
    expect(JSON.parse(items.body.toString()).items).toHaveLength(3);
    const bad = await get(`${server.url}/api/topics/world/items?limit=999`);
    expect(bad.status).toBe(400);
    expect(bad.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(bad.body.toString()).parameter).toBe("limit");
  });
});
