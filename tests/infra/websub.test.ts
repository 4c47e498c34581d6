/**
 * WebSub's wiring in infra/: which function gets which links and variables, read from the SST code itself
 * (a wrong link only shows at deploy time otherwise). `npm run typecheck:infra` checks the option types.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Logger } from "@aws-lambda-powertools/logger";
import { describe, expect, it } from "vitest";
import { createScheduleHandler } from "../../functions/poller/schedule.ts";
import type { Delayed, WebSubQueue } from "../../functions/websub/queue.ts";
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from "../../infra/table-shape.ts";
import { createTestStore } from "../helpers/store.ts";
import { hubConfig } from "../websub/fixtures.ts";
import { scheduledEvent } from "./events.ts";
import { FifoQueue } from "./fifo.ts";

const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFile(path.join(root, file), "utf8");

/** The text of the call that starts at `start` up to its matching closing parenthesis. */
function call(text: string, start: string): string {
  const from = text.indexOf(start);
  expect(from, `no ${start}`).toBeGreaterThanOrEqual(0);
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === "(") depth++;
    if (text[i] === ")" && --depth === 0) return text.slice(from, i + 1);
  }
  throw new Error(`unclosed ${start}`);
}

/** The names in a function's `link: [...]`. */
const links = (block: string) =>
  (/\blink: \[([^\]]*)\]/.exec(block)?.[1] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .sort();

describe("WebSub in infra/", () => {
  it("gives the delivery worker the table, its queue and the dead-letter queue, and a dead-letter queue to its queue", async () => {
    const text = await read("infra/websub.ts");
    const queue = call(text, 'new sst.aws.Queue("WebSubQueue"');
    expect(queue).toMatch(/dlq: \{ queue: websubDeadLetters\.arn, retry: \d+ \}/);
    const worker = call(text, "websubQueue.subscribe(");
    expect(worker).toContain('handler: "functions/websub/delivery.handler"');
    expect(links(worker)).toEqual(["tableWriter", "websubDeadLetters", "websubQueue"]);
    expect(worker).toContain("WEBSUB_QUEUE_URL: websubQueue.url");
    expect(worker).toContain("WEBSUB_DEAD_LETTER_URL: websubDeadLetters.url");
    expect(worker).toContain("partialResponses: true");
    expect(text).toContain("websubAlarms(websubDeadLetters.nodes.queue.name)");
  });

  it("gives the hub the table and the queue its verifications go on, routed at /websub", async () => {
    const text = await read("infra/websub.ts");
    const hub = call(text, 'new sst.aws.Function("WebSubHub"');
    expect(hub).toContain('handler: "functions/websub/hub.handler"');
    expect(links(hub)).toEqual(["tableWriter", "websubQueue"]);
    expect(hub).toContain("WEBSUB_VERIFY_QUEUE_URL: websubQueue.url");
    expect(await read("infra/api.ts")).toContain('router.route("/websub", hub.url)');
    expect(await read("sst.config.ts")).toContain('await import("./infra/websub.ts")');
  });

  it("lets the poll worker send delivery messages, and the API still only read", async () => {
    const poller = call(await read("infra/poller.ts"), "queue.subscribe(");
    expect(links(poller)).toEqual(["tableWriter", "websubQueue"]);
    expect(poller).toContain("WEBSUB_QUEUE_URL: websubQueue.url");
    const api = call(await read("infra/api.ts"), 'new sst.aws.Function("Api"');
    expect(links(api)).toEqual(["tableReader"]);
  });

  it("lets the schedule send delivery messages: it sweeps overdue deliveries", async () => {
    const schedule = call(await read("infra/poller.ts"), 'new sst.aws.CronV2("PollSchedule"');
    expect(links(schedule)).toEqual(["queue", "tableWriter", "websubQueue"]);
    expect(schedule).toContain("WEBSUB_QUEUE_URL: websubQueue.url");
  });

  it("the schedule queues again a delivery SQS refused, once it is overdue, and only that one", async () => {
    const config = hubConfig();
    const store = await createTestStore();
    const sent: Delayed[] = [];
    const deliveries: WebSubQueue = { send: async (messages) => void sent.push(...messages) };
    const logger = new Logger({ serviceName: "poller", logLevel: "SILENT" });
    const at = new Date("2026-11-29T12:00:00.000Z");
    let now = at;
    const schedule = createScheduleHandler(() => ({
      config,
      store,
      queue: new FifoQueue(),
      deliveries,
      logger,
      now: () => now,
    }));
    const sub = (n: number) => ({ slug: "world", format: "rss" as const, callback: `https://sub${n}.example/hook` });

    // Nothing pending: nothing sent.
    await schedule(scheduledEvent(at));
    expect(sent).toEqual([]);

    // Written to the store, its message refused: not swept while its own message may still be on the way.
    const refused = await store.deliveries.queue(sub(1), at);
    const held = await store.deliveries.queue(sub(2), at);
    await schedule(scheduledEvent(at));
    expect(sent).toEqual([]);

    // Ten minutes later it is overdue and swept; one being sent (a live claim) is left to its sender, a
    // fresh one to its own message.
    now = new Date(at.getTime() + 10 * 60_000);
    expect(await store.deliveries.claim(held, now, 60_000)).not.toBeNull();
    await store.deliveries.queue(sub(3), now);
    await schedule(scheduledEvent(now));
    expect(sent).toEqual([{ message: { kind: "websub-deliver", ids: [refused] }, delaySeconds: 0 }]);
  });

  it("grants the writers every action the subscription and delivery stores send", async () => {
    const actions: Record<string, string> = {
      Get: "dynamodb:GetItem",
      Put: "dynamodb:PutItem",
      Update: "dynamodb:UpdateItem",
      Delete: "dynamodb:DeleteItem",
    };
    const granted: readonly string[] = [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS];
    for (const file of ["deliveries.ts", "subscriptions.ts"]) {
      const text = await read(`packages/core/src/store/${file}`);
      const sent = [...text.matchAll(/new (\w+)Command\(/g)].map((m) => m[1] as string);
      expect(sent.length).toBeGreaterThan(2);
      for (const command of sent) expect(granted).toContain(actions[command]);
      if (text.includes("paginateQuery(")) expect(granted).toContain("dynamodb:Query");
    }
  });
});
