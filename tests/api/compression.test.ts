import { describe, expect, it } from "vitest";
import { codedEtag } from "../../functions/api/http/caching.ts";
import { acceptsGzip, withContentCoding } from "../../functions/api/http/compression.ts";
import { makeItem, seed, setup } from "./fixtures.ts";

describe("acceptsGzip", () => {
  it.each([
    ["gzip", true],
    ["GZIP", true],
    ["br, gzip;q=0.5", true],
    ["x-gzip", true],
    ["*", true],
    ["gzip, deflate, br, zstd", true],
    ["gzip;q=0", false],
    ["gzip;q=0, *", false],
    ["*;q=0", false],
    ["identity", false],
    ["br", false],
    ["", false],
  ])("%j: %s", (header, takes) => {
    expect(acceptsGzip(header)).toBe(takes);
  });
});

describe("codedEtag", () => {
  it("marks the tag inside its quotes, weak or strong", () => {
    expect(codedEtag('"12-abc"')).toBe('"12-abc-gzip"');
    expect(codedEtag('W/"12-abc"')).toBe('W/"12-abc-gzip"');
  });
});

describe("withContentCoding over the app's answers", () => {
  it("gzips a feed with its own strong ETag, and answers a 304 to either tag with the tag of what it would send", async () => {
    const ctx = await setup();
    await seed(ctx.store, "world", [makeItem(1, 1), makeItem(2, 2)]);
    const send = async (headers: Record<string, string>) => {
      const request = new Request("http://localhost/feeds/world.rss", { headers });
      return withContentCoding(request, await ctx.app.request(request));
    };
    const plain = await send({});
    const zipped = await send({ "Accept-Encoding": "gzip" });
    const plainTag = plain.headers.get("etag") as string;
    const zippedTag = zipped.headers.get("etag") as string;
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(zippedTag).toMatch(/^"[^"]+-gzip"$/);
    expect(zippedTag).not.toBe(plainTag);
    expect(zippedTag).toBe(codedEtag(plainTag));
    for (const res of [plain, zipped]) expect(res.headers.get("vary")).toMatch(/accept-encoding/i);
    const text = await new Response(zipped.body?.pipeThrough(new DecompressionStream("gzip"))).text();
    expect(text).toBe(await plain.text());
    for (const tag of [plainTag, zippedTag]) {
      const gz = await send({ "Accept-Encoding": "gzip", "If-None-Match": tag });
      expect(gz.status).toBe(304);
      expect(gz.headers.get("etag")).toBe(zippedTag);
      const id = await send({ "If-None-Match": tag });
      expect(id.status).toBe(304);
      expect(id.headers.get("etag")).toBe(plainTag);
    }
  });

  it("leaves alone what is not compressible or says no-transform", async () => {
    const request = new Request("http://localhost/x", { headers: { "Accept-Encoding": "gzip" } });
    const png = new Response("png", { headers: { "Content-Type": "image/png", ETag: '"p"' } });
    expect(withContentCoding(request, png)).toBe(png);
    const fixed = new Response("{}", {
      headers: { "Content-Type": "application/json", "Cache-Control": "no-transform", ETag: '"j"' },
    });
    expect(withContentCoding(request, fixed)).toBe(fixed);
  });
});
