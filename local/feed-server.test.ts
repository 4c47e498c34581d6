import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "./feed-server.ts";

let server: FeedServer;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "feed-server-"));
  await writeFile(path.join(dir, "feed.rss"), "<rss/>");
  await writeFile(path.join(dir, "secret.txt"), "no");
  server = await startFeedServer(path.join(dir), { prefix: "/feeds/" });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A GET to the server, which listens on 127.0.0.1 only. */
async function get(pathname: string, headers: Record<string, string> = {}) {
  const url = new URL(pathname, server.url);
  if (url.hostname !== "127.0.0.1") throw new Error("loopback only");
  return fetch(url, { headers });
}

describe("startFeedServer", () => {
  it("listens on 127.0.0.1", () => {
    expect(new URL(server.url).hostname).toBe("127.0.0.1");
  });

  it("serves a file under its prefix with its feed type, ETag and Last-Modified", async () => {
    const response = await get("/feeds/feed.rss");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/rss+xml");
    expect(response.headers.get("etag")).toMatch(/^"[\w-]+-gzip"$/);
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(await response.text()).toBe("<rss/>");
  });

  it("answers a conditional request with 304", async () => {
    const first = await get("/feeds/feed.rss", { "accept-encoding": "identity" });
    const etag = first.headers.get("etag") ?? "";
    expect(etag).not.toContain("gzip");
    const again = await get("/feeds/feed.rss", { "accept-encoding": "identity", "if-none-match": etag });
    expect(again.status).toBe(304);
    const since = first.headers.get("last-modified") ?? "";
    expect((await get("/feeds/feed.rss", { "if-modified-since": since })).status).toBe(304);
  });

  it("serves nothing outside the folder or the prefix", async () => {
    expect((await get("/feeds/%2e%2e/%2e%2e/etc/passwd")).status).toBe(404);
    expect((await get("/feeds/..%2f..%2fetc%2fpasswd")).status).toBe(404);
    expect((await get("/feeds/missing.rss")).status).toBe(404);
    expect((await get("/secret.txt")).status).toBe(404);
    expect((await get("/feeds/%E0%A4%A")).status).toBe(404);
  });
});
