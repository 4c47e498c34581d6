import { createHmac, randomUUID } from "node:crypto";
import { loadConfig } from "@tributary/core/config";
import { openStore } from "@tributary/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { stories } from "../../testkit/feeds.ts";
import { startPublisher } from "../../testkit/publisher.ts";
import { runScript, writeConfig } from "../helpers/cli.ts";
import { engineEndpoint } from "../helpers/store.ts";
import { startSubscriber, type TestSubscriber } from "./subscriber.ts";

let publisher: Awaited<ReturnType<typeof startPublisher>>;
let subscriber: TestSubscriber;

beforeAll(async () => {
  publisher = await startPublisher();
  publisher.set("/a.rss", { body: stories(2) });
  subscriber = await startSubscriber();
});
afterAll(async () => {
  await subscriber.close();
  await publisher.close();
});

describe("npm run poll delivers", () => {
  it("sends each changed topic feed's new first page to its subscribers before it exits", async () => {
    const file = writeConfig({
      title: "Delivered",
      sources: [{ id: "a", url: `${publisher.url}/a.rss` }],
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    });
    const config = await loadConfig(file);
    const endpoint = engineEndpoint();
    const tableName = `t-${randomUUID()}`;
    const store = await openStore({ endpoint, tableName, retentionDays: 90, createTable: true });
    const topic = "http://127.0.0.1:3000/feeds/all.atom";
    await store.subscriptions.save({
      slug: "all",
      format: "atom",
      topic,
      callback: subscriber.callback,
      callbackHost: new URL(subscriber.callback).hostname,
      secret: "cli-secret",
      leaseSeconds: 3600,
      verifiedAt: new Date().toISOString(),
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
    });
    const env = { TRIBUTARY_CONFIG: file, DYNAMODB_ENDPOINT: endpoint, TABLE_NAME: tableName };
    const app = createApp({ config, store, listVersionMaxAgeMs: 0 });
    const served = async () => Buffer.from(await (await app.request(topic)).arrayBuffer());

    const first = await runScript("poll.ts", ["--json"], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout.trim().split("\n").at(-1) as string)).toMatchObject({ itemsNew: 2 });
    expect(subscriber.received).toHaveLength(1);
    expect(subscriber.received[0]?.body.equals(await served())).toBe(true);

    const unchanged = await runScript("poll.ts", ["--json"], env);
    expect(unchanged.code).toBe(0);
    expect(subscriber.received).toHaveLength(1);

    publisher.set("/a.rss", { body: stories(3) });
    const changed = await runScript("poll.ts", ["--json"], env);
    expect(JSON.parse(changed.stdout.trim().split("\n").at(-1) as string)).toMatchObject({ itemsNew: 1 });
    expect(subscriber.received).toHaveLength(2);
    const delivery = subscriber.received[1];
    expect(delivery?.body.equals(await served())).toBe(true);
    expect(delivery?.body.toString()).toContain("Story 3");
    const signature = createHmac("sha256", "cli-secret")
      .update(delivery?.body ?? "")
      .digest("hex");
    expect(delivery?.headers["x-hub-signature"]).toBe(`sha256=${signature}`);
    store.close();
  });
});
