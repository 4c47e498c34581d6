import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "./feed-server.ts";

/** The 8-byte PNG signature and a little more: bytes no text decoding may touch. */
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00, 0x7b, 0x7b]);
let server: FeedServer;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "feed-server-"));
  await writeFile(path.join(dir, "feed.rss"), "<rss/>");
  await writeFile(path.join(dir, "secret.txt"), "no");
  await writeFile(path.join(dir, "images.rss"), '<rss><media:content url="{{ORIGIN}}/images/a.png"/></rss>');
  await mkdir(path.join(dir, "pictures"));
  await writeFile(path.join(dir, "pictures", "a.png"), PNG);
  server = await startFeedServer(path.join(dir), {
    prefix: "/feeds/",
    mounts: [{ prefix: "/images/", dir: path.join(dir, "pictures") }],
  });
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

  it("serves images under their own prefix, byte for byte, and fills the server's origin into feeds", async () => {
    const image = await get("/images/a.png", { "accept-encoding": "identity" });
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG);
    const feed = await (await get("/feeds/images.rss")).text();
    expect(feed).toBe(`<rss><media:content url="${server.url}/images/a.png"/></rss>`);
    expect((await get("/images/../feed.rss")).status).toBe(404);
    expect((await get("/feeds/pictures/a.png")).headers.get("content-type")).toBe("image/png");
  });
});
