/**
 * The hub over a real socket, as `npm start` / `npm run serve` run it (the local server with the hub mounted at
 * `/websub`, verification in the background). In AWS the delivery worker verifies queued requests
 * (tests/websub-delivery/worker.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../functions/api/server.ts";
import { type LocalHub, localHub } from "../../local/hub.ts";
import { createTestStore } from "../helpers/store.ts";
import { type Subscriber, startSubscriber } from "../helpers/subscriber.ts";
import { hubConfig } from "./fixtures.ts";

type TestStore = Awaited<ReturnType<typeof createTestStore>>;

describe("the hub on the local server", () => {
  const config = hubConfig();
  let store: TestStore;
  let hub: LocalHub;
  let server: RunningServer;
  let sub: Subscriber;
  const log: string[] = [];

  beforeAll(async () => {
    store = await createTestStore();
    hub = localHub(config, store, (line) => log.push(line));
    server = await startServer({ config, store, port: 0, hostname: "127.0.0.1", hub: hub.app });
    sub = await startSubscriber("echo");
  });
  afterAll(async () => {
    await server.close();
    await sub.close();
  });

  const post = (fields: Record<string, string>) =>
    fetch(`${server.url}/websub`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });

  it("feeds served over the socket name the hub there", async () => {
    const res = await fetch(`${server.url}/feeds/world.atom`);
    expect(res.status).toBe(200);
    expect(res.headers.get("link")).toBe(
      `<${server.url}/websub>; rel="hub", <${server.url}/feeds/world.atom>; rel="self"`,
    );
  });

  it("answers 202 over the socket, verifies in the background, then stores; unsubscribes likewise", async () => {
    const callback = `${sub.url}/socket`;
    const fields = { "hub.mode": "subscribe", "hub.topic": `${server.url}/feeds/world.atom`, "hub.callback": callback };
    const res = await post(fields);
    expect(res.status).toBe(202);
    await hub.verifier.idle();
    expect(sub.requests.map((r) => r.query["hub.mode"])).toEqual(["subscribe"]);
    const ref = { slug: "world", format: "atom" as const, callback };
    expect(await store.subscriptions.find(ref, new Date())).toMatchObject({ topic: fields["hub.topic"] });
    expect(log.at(-1)).toMatch(/subscribed/);

    expect((await post({ ...fields, "hub.mode": "unsubscribe" })).status).toBe(202);
    await hub.verifier.idle();
    expect(sub.requests.map((r) => r.query["hub.mode"])).toEqual(["subscribe", "unsubscribe"]);
    expect(await store.subscriptions.find(ref, new Date())).toBeNull();
  });

  it("refuses over the socket with problem+json, and the callback is never contacted", async () => {
    const before = sub.requests.length;
    const res = await post({
      "hub.mode": "subscribe",
      "hub.topic": `${server.url}/feeds/unknown.rss`,
      "hub.callback": `${sub.url}/never`,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(((await res.json()) as { parameter: string }).parameter).toBe("hub.topic");
    await hub.verifier.idle();
    expect(sub.requests).toHaveLength(before);
  });

  it("the API app itself stays read-only: POST elsewhere is not a hub", async () => {
    const res = await fetch(`${server.url}/feeds/world.rss`, { method: "POST" });
    expect(res.status).toBeGreaterThanOrEqual(400);
  });
});
