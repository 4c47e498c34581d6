import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { openStore } from "@tributary/core/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../local/engine.ts";
import { ROOT, writeConfig } from "../helpers/cli.ts";
import { engineEndpoint } from "../helpers/store.ts";
import { startSubscriber, type TestSubscriber } from "./subscriber.ts";

let subscriber: TestSubscriber;
beforeAll(async () => {
  subscriber = await startSubscriber();
});
afterAll(() => subscriber.close());

describe("npm run serve", () => {
  it("sends a delivery another process left due in the store", async () => {
    const file = writeConfig({
      title: "Retries",
      sources: [{ id: "a", url: "http://127.0.0.1:9/a.rss" }],
      topics: [{ slug: "all", title: "All", sources: ["*"] }],
    });
    const endpoint = engineEndpoint();
    const tableName = `t-${randomUUID()}`;
    const store = await openStore({ endpoint, tableName, retentionDays: 90, createTable: true });
    const subscription = {
      slug: "all",
      format: "json" as const,
      topic: "http://127.0.0.1:3000/feeds/all.json",
      callback: subscriber.callback,
      callbackHost: new URL(subscriber.callback).hostname,
      secret: null,
      leaseSeconds: 3600,
      verifiedAt: new Date().toISOString(),
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
    };
    await store.subscriptions.save(subscription);
    await store.deliveries.queue(subscription, new Date());
    const port = await freePort();
    const server: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/serve.ts")], {
      cwd: ROOT,
      env: {
        ...process.env,
        TRIBUTARY_CONFIG: file,
        DYNAMODB_ENDPOINT: endpoint,
        TABLE_NAME: tableName,
        PORT: String(port),
      },
      stdio: "ignore",
    });
    try {
      const delivery = await subscriber.nth(1);
      expect(delivery.method).toBe("POST");
      expect(delivery.headers["content-type"]).toMatch(/^application\/feed\+json/);
      expect(JSON.parse(delivery.body.toString())).toMatchObject({ title: "All", items: [] });
    } finally {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
      store.close();
    }
  });
});
