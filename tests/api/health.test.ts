import { describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { countCommands, problemOf, setup, testConfig, unreachableStore } from "./fixtures.ts";

describe("/health", () => {
  it("answers ok when storage answers", async () => {
    const { get } = await setup();
    const res = await get("/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("reads one record nothing writes, whatever the table holds (not DescribeTable, which counts the table)", async () => {
    const { store, get } = await setup();
    const sent = countCommands(store);
    expect((await get("/health")).status).toBe(200);
    expect(sent).toEqual(["GetItemCommand"]);
  });
});

describe("storage down", () => {
  it("answers 503 on /health and storage routes, and keeps serving", async () => {
    const app = createApp({ config: testConfig, store: await unreachableStore() });
    const health = await app.request("/health");
    expect(health.status).toBe(503);
    expect(health.headers.get("cache-control")).toBe("no-store");
    expect(await health.json()).toEqual({ status: "unavailable" });

    for (const path of ["/api/topics", "/api/topics/world/items", "/api/sources", "/api/items/x", "/feeds/world.rss"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(503);
      expect(res.headers.get("retry-after")).toBe("30");
      const problem = await problemOf(res);
      expect(problem).toMatchObject({ status: 503, title: "Service Unavailable" });
      expect(problem.detail).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    }
    const page = await app.request("/sources");
    expect(page.status).toBe(503);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");

    // What needs no storage still works, and so does the process.
    expect((await app.request("/feeds.opml")).status).toBe(200);
    expect((await app.request("/openapi.json")).status).toBe(200);
    expect((await app.request("/api/topics/nope/items")).status).toBe(404);
    expect((await app.request("/feeds/world.rss?limit=0")).status).toBe(400);
    expect((await app.request("/health")).status).toBe(503);
  });
});
