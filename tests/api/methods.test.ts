/** Every route the app serves answers a method it does not take with 405 and `Allow` (RFC 9110 §15.5.6). */

import { beforeAll, describe, expect, it } from "vitest";
import { makeItem, seed, setup } from "./fixtures.ts";

/** Every route path the app serves, as a request for it. */
const ROUTES = [
  "/",
  "/topics/world",
  "/sources",
  "/favicon.svg",
  "/favicon.ico",
  "/feeds.opml",
  "/feeds/world.rss",
  "/feeds/world.atom",
  "/feeds/world.json",
  "/api/topics",
  "/api/topics/world/items",
  "/api/sources",
  "/api/sources/alpha/items",
  "/api/items/item-0001",
  "/api/stories/item-0001",
  "/health",
  "/openapi.json",
];

/** Paths answered for programs: their errors are `application/problem+json`. */
const forPrograms = (path: string) => /^\/(?:api\/|feeds[./]|health$|openapi\.json$)/.test(path);

describe("methods", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    ctx = await setup();
    await seed(ctx.store, "world", [makeItem(1, 1)]);
  });

  it.each(ROUTES)("%s answers GET and HEAD", async (path) => {
    expect((await ctx.app.request(path)).status).toBe(200);
    const head = await ctx.app.request(path, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it.each(ROUTES)("%s answers POST, PUT, DELETE and PATCH with 405 and Allow", async (path) => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const res = await ctx.app.request(path, { method, body: method === "DELETE" ? undefined : "x=1" });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      if (forPrograms(path)) {
        expect(res.headers.get("Content-Type")).toBe("application/problem+json");
        expect(await res.json()).toEqual({
          type: "about:blank",
          title: "Method Not Allowed",
          status: 405,
          detail: `${method} is not allowed on ${new URL(path, "http://x").pathname}; it takes GET, HEAD, OPTIONS`,
        });
      } else {
        expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
        expect(await res.text()).toContain("Method Not Allowed");
      }
    }
  });

  it.each(ROUTES)("%s answers OPTIONS with the methods it takes", async (path) => {
    const res = await ctx.app.request(path, { method: "OPTIONS" });
    expect(res.status).toBe(204);
    expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("answers a path no route serves with 404 whatever the method", async () => {
    for (const path of ["/nothing", "/api/nothing", "/feeds/world.txt", "/api/topics/world"]) {
      expect((await ctx.app.request(path, { method: "POST" })).status, path).toBe(404);
    }
  });

  it("answers 405 for an unknown topic's feed too: the route exists whatever the slug", async () => {
    const res = await ctx.app.request("/feeds/nowhere.rss", { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
  });
});
