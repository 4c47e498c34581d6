/** The delivery worker and the poll worker's enqueuing, invoked with SQS events against a real store and loopback subscribers. */
import { afterCycle, type CycleChanges, hubCallbacks, readHubRequest } from "@tributary/core/websub";
import type { SQSEvent } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { type VerificationMessage, verificationMessage, type WebSubMessage } from "../../functions/websub/messages.ts";
import { type Delayed, queueSender, type WebSubQueue } from "../../functions/websub/queue.ts";
import { SWEEP_GRACE_MS, sweepDeliveries } from "../../functions/websub/sweep.ts";
import { createDeliveryWorker, type DeliveryWorkerDeps, hubVerifier } from "../../functions/websub/worker.ts";
import { countCommands, testConfig, unreachableStore } from "../api/fixtures.ts";
import { createTestStore } from "../helpers/store.ts";
import { startSubscriber as startHubSubscriber } from "../helpers/subscriber.ts";
import { sqsRecord } from "../infra/events.ts";
import { hubConfig } from "../websub/fixtures.ts";
import { deliveryDeps, deliveryStore, NOW, ORIGIN, subscribe } from "./fixtures.ts";
import { startSubscriber, type TestSubscriber } from "./subscriber.ts";

const running: TestSubscriber[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** An in-memory queue that keeps what is sent. */
function recorder(): WebSubQueue & { sent: Delayed[] } {
  const sent: Delayed[] = [];
  return { sent, send: async (messages) => void sent.push(...messages) };
}

/** What the poll worker runs after a batch: `afterCycle` with the queue as its sender. */
const enqueuer =
  (store: Awaited<ReturnType<typeof deliveryStore>>["store"], queue: WebSubQueue) => (cycle: CycleChanges) =>
    afterCycle({ config: testConfig, table: store, sender: queueSender(queue), now: () => NOW }, cycle);

const event = (...messages: (WebSubMessage | string)[]): SQSEvent => ({
  Records: messages.map((m) =>
    sqsRecord({
      MessageBody: typeof m === "string" ? m : JSON.stringify(m),
      MessageGroupId: "",
      MessageDeduplicationId: "",
    }),
  ),
});

async function worker(
  store: Awaited<ReturnType<typeof deliveryStore>>["store"],
  verify?: DeliveryWorkerDeps["verify"],
) {
  const queue = recorder();
  const deadLetters = recorder();
  const verified: VerificationMessage[] = [];
  const errors: string[] = [];
  const metrics: Record<string, number> = {};
  const base = deliveryDeps(store);
  const deps: DeliveryWorkerDeps = {
    ...base,
    queue,
    deadLetters,
    verify: verify ?? (async (message) => void verified.push(message)),
    logger: { info: () => {}, warn: () => {}, error: (line: string) => void errors.push(line) },
    metrics: {
      addMetric: (name, _unit, value) => (metrics[name] = (metrics[name] ?? 0) + value),
      publishStoredMetrics: () => {},
    },
  };
  return {
    handler: createDeliveryWorker(async () => deps),
    queue,
    deadLetters,
    verified,
    errors,
    metrics,
    clock: base.clock,
  };
}

describe("delivery worker", () => {
  it("sends what the poll worker queued, retries with a delay, chains delays past 15 minutes and dead-letters a spent delivery", async () => {
    const { store } = await deliveryStore();
    const ok = await startSubscriber();
    const failing = await startSubscriber({ answer: () => 500 });
    running.push(ok, failing);
    await subscribe(store, ok.callback);
    await subscribe(store, failing.callback, { format: "json", leaseSeconds: 10 * 86_400 });

    const pollQueue = recorder();
    const enqueue = enqueuer(store, pollQueue);
    expect(await enqueue({ changedLists: ["s:alpha"] })).toBe(0);
    expect(await enqueue({ changedLists: ["s:alpha", "t:world"] })).toBe(2);
    expect(pollQueue.sent).toEqual([{ message: { kind: "websub-deliver", ids: expect.any(Array) }, delaySeconds: 0 }]);

    const w = await worker(store);
    const first = await w.handler(event(...pollQueue.sent.map((d) => d.message)));
    expect(first.batchItemFailures).toEqual([]);
    expect(ok.received).toHaveLength(1);
    expect(failing.received).toHaveLength(1);
    expect(w.metrics).toMatchObject({ DeliveriesSent: 1, DeliveriesFailed: 1 });
    const [retry] = w.queue.sent.splice(0);
    expect(retry?.delaySeconds).toBe(30);

    // Every retry: the message comes back when SQS lets it, early while the wait is longer than 15 minutes.
    let hops = 0;
    let message = retry?.message as WebSubMessage;
    while (w.deadLetters.sent.length === 0 && hops < 200) {
      await w.handler(event(message));
      const [next] = w.queue.sent.splice(0);
      if (!next) break;
      expect(next.delaySeconds).toBeLessThanOrEqual(900);
      w.clock.now = new Date(w.clock.now.getTime() + next.delaySeconds * 1000);
      message = next.message;
      hops++;
    }
    expect(failing.received).toHaveLength(10);
    expect(w.deadLetters.sent.map((d) => d.message)).toEqual([message]);
    // 30 s … 12 h in messages of at most 15 minutes: 113 hops for the whole plan.
    expect(hops).toBe(113);
    expect(await store.deliveries.find((message as { ids: string[] }).ids[0] as string)).toBeNull();
    expect(ok.received).toHaveLength(1);
  });

  it("hands verification messages to the hub and drops unreadable ones without failing the batch", async () => {
    const { store } = await deliveryStore();
    const w = await worker(store);
    const verify: VerificationMessage = {
      kind: "websub-verify",
      receivedAt: NOW.toISOString(),
      request: {
        mode: "subscribe",
        topic: "https://feeds.example/feeds/world.rss",
        feed: { slug: "world", format: "rss" },
        callback: "https://subscriber.example/hook",
        leaseSeconds: 3600,
        secret: null,
      },
    };
    const result = await w.handler(event(verify, "not json", { kind: "websub-deliver", ids: ["world#rss#none"] }));
    expect(result.batchItemFailures).toEqual([]);
    expect(w.verified).toEqual([verify]);
  });

  it("verifies and stores a request the hub queued, through the hub's own message, and drops a malformed one", async () => {
    const config = hubConfig();
    const origin = "https://feeds.example.org";
    const hubStore = await createTestStore();
    const sub = await startHubSubscriber("echo");
    try {
      const callback = `${sub.url}/queued`;
      const request = readHubRequest(
        new URLSearchParams({
          "hub.mode": "subscribe",
          "hub.topic": `${origin}/feeds/world.json`,
          "hub.callback": callback,
        }),
        config,
        origin,
      );
      const w = await worker(
        hubStore,
        hubVerifier({ config, table: hubStore, callbacks: hubCallbacks("allowed") }, { info: () => {} }),
      );
      const malformed = JSON.stringify({
        kind: "websub-verify",
        receivedAt: NOW.toISOString(),
        request: { mode: "subscribe" },
      });
      const result = await w.handler(event(verificationMessage(request, NOW), malformed));
      expect(result.batchItemFailures).toEqual([]);
      expect(sub.requests.at(-1)?.query["hub.topic"]).toBe(`${origin}/feeds/world.json`);
      expect(await hubStore.subscriptions.of("world", new Date())).toMatchObject([{ callback, format: "json" }]);
      expect(w.errors).toEqual(["unreadable message"]);

      // The store down: the message goes back to the queue (then to the dead-letter queue), nothing is lost.
      const down = await unreachableStore();
      const failing = await worker(
        down,
        hubVerifier({ config, table: down, callbacks: hubCallbacks("allowed") }, { info: () => {} }),
      );
      const retried = await failing.handler(event(verificationMessage(request, NOW)));
      expect(retried.batchItemFailures).toHaveLength(1);
      expect(failing.errors).toEqual(["message failed"]);
    } finally {
      await sub.close();
    }
  });

  it("verifies a group=none feed's subscription through the queue and delivers that feed, not the grouped one", async () => {
    const { store } = await deliveryStore();
    const sub = await startHubSubscriber("echo");
    try {
      const topic = `${ORIGIN}/feeds/world.atom?group=none`;
      const request = readHubRequest(
        new URLSearchParams({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": `${sub.url}/none` }),
        testConfig,
        ORIGIN,
      );
      const verifier = hubVerifier(
        { config: testConfig, table: store, callbacks: hubCallbacks("allowed"), now: () => NOW },
        { info: () => {} },
      );
      const w = await worker(store, verifier);
      // Through the queue's JSON: the view survives the message.
      expect((await w.handler(event(verificationMessage(request, NOW)))).batchItemFailures).toEqual([]);
      expect(sub.requests.at(-1)?.query["hub.topic"]).toBe(topic);
      expect(await store.subscriptions.of("world", NOW)).toMatchObject([{ format: "atom", group: "none", topic }]);

      const pollQueue = recorder();
      expect(await enqueuer(store, pollQueue)({ changedLists: ["t:world"] })).toBe(1);
      const sent = await w.handler(event(...pollQueue.sent.map((d) => d.message)));
      expect(sent.batchItemFailures).toEqual([]);
      const delivery = sub.requests.find((r) => r.method === "POST");
      expect(delivery?.headers.link).toBe(`<${ORIGIN}/websub>; rel="hub", <${topic}>; rel="self"`);
      expect(delivery?.body).toContain(`<link rel="self" type="application/atom+xml" href="${topic}"/>`);
    } finally {
      await sub.close();
    }
  });

  it("sweeps overdue deliveries onto the queue with one Query, and sends what it swept", async () => {
    const { store } = await deliveryStore();
    const ok = await startSubscriber();
    running.push(ok);
    await subscribe(store, ok.callback);
    const queue = recorder();
    const commands = countCommands(store);
    const sweep = (now: Date, config = testConfig) => sweepDeliveries({ config, table: store, queue, now });

    expect(await sweep(NOW)).toBe(0);
    expect(commands).toEqual(["QueryCommand"]);
    expect(queue.sent).toEqual([]);

    // The poll worker wrote the delivery, then SQS refused its message.
    const refused = recorder();
    refused.send = async () => {
      throw new Error("websub queue: 1 of 1 messages refused: ServiceUnavailable");
    };
    const enqueue = enqueuer(store, refused);
    await expect(enqueue({ changedLists: ["t:world"] })).rejects.toThrow(/refused/);
    expect(await sweep(new Date(NOW.getTime() + SWEEP_GRACE_MS - 1_000))).toBe(0);
    const later = new Date(NOW.getTime() + SWEEP_GRACE_MS + 1_000);
    const off = { ...testConfig, websub: { ...testConfig.websub, enabled: false } };
    commands.length = 0;
    expect(await sweep(later, off)).toBe(0);
    expect(commands).toEqual([]);
    expect(await sweep(later)).toBe(1);
    expect(commands).toEqual(["QueryCommand"]);

    const w = await worker(store);
    w.clock.now = later;
    const result = await w.handler(event(...queue.sent.map((d) => d.message)));
    expect(result.batchItemFailures).toEqual([]);
    expect(ok.received).toHaveLength(1);
    expect(await sweep(later)).toBe(0);
  });
});
