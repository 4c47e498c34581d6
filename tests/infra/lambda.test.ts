/**
 * The deployed handlers end to end on DynamoDB Local: the worker fills the table from a local publisher, then
 * functions/api/handler.ts answers Lambda function URL events exactly as `app.request()` does. Every DynamoDB
 * call goes through a recording proxy, so each function is checked against the actions its link grants.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Logger } from "@aws-lambda-powertools/logger";
import { pollerPlan } from "@tributary/core/aws";
import { type Config, validateConfig } from "@tributary/core/config";
import { Fetcher } from "@tributary/core/fetch";
import { openStore, type Store } from "@tributary/core/store";
import type { APIGatewayProxyResult, LambdaFunctionURLEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { parsePollMessage } from "../../functions/poller/messages.ts";
import { createScheduleHandler } from "../../functions/poller/schedule.ts";
import { createWorkerHandler } from "../../functions/poller/worker.ts";
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from "../../infra/table-shape.ts";
import { pubDate, rss } from "../../testkit/feeds.ts";
import { type Publisher, startPublisher } from "../../testkit/publisher.ts";
import configInput from "../../tributary.config.ts";
import { createTestStore, engineEndpoint } from "../helpers/store.ts";
import { functionUrlEvent, scheduledEvent, sqsRecord } from "./events.ts";
import { FifoQueue } from "./fifo.ts";

/** A proxy to DynamoDB Local that records each operation (`X-Amz-Target`) as an IAM action. */
async function recordingProxy(target: string) {
  const actions: string[] = [];
  const upstream = new URL(target);
  const server: Server = createServer(async (req, res) => {
    const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1];
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (operation === "TransactWriteItems") {
      // IAM authorizes a transaction by the actions inside it, not by a TransactWriteItems action.
      const inside: Record<string, string> = {
        Put: "PutItem",
        Delete: "DeleteItem",
        Update: "UpdateItem",
        ConditionCheck: "ConditionCheckItem",
      };
      const { TransactItems } = JSON.parse(body.toString("utf8")) as { TransactItems: Record<string, unknown>[] };
      for (const action of TransactItems)
        for (const kind of Object.keys(action)) actions.push(`dynamodb:${inside[kind]}`);
    } else if (operation) actions.push(`dynamodb:${operation}`);
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    forward.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    actions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Proxy = Awaited<ReturnType<typeof recordingProxy>>;
type LambdaHandler = (event: LambdaFunctionURLEvent) => Promise<APIGatewayProxyResult>;

const silent = () => new Logger({ serviceName: "poller", logLevel: "SILENT" });
/** The repository's own configuration, with every source served by the local publisher. */
let config: Config;
let publisher: Publisher;
let proxy: Proxy;
let seeded: Store;

beforeAll(async () => {
  publisher = await startPublisher();
  const real = validateConfig(configInput);
  const titles: Record<string, string> = {
    "rs-ukraine-war": "Ukraine: talks in Kyiv",
    "rs-trump-transition": "Trump transition team",
    "rs-diplomacy-watch": "Diplomacy Watch: Russia and Ukraine",
  };
  for (const source of real.sources) {
    const items = Array.from({ length: 4 }, (_, i) => ({
      title: `${titles[source.id] ?? "Regional news"} ${i}`,
      link: `https://responsiblestatecraft.org/${source.id}-${i}/`,
      pubDate: pubDate(i),
      description: `Story ${i} of ${source.id}.`,
    }));
    // One article in every section, as the site publishes it.
    items.push({
      title: "Ukraine and Trump: one story everywhere",
      link: "https://responsiblestatecraft.org/everywhere/",
      pubDate: pubDate(9),
      description: "Shared.",
    });
    publisher.set(`/${source.id}.rss`, {
      body: rss({ title: source.title ?? source.id, items }),
      contentType: "application/rss+xml",
    });
  }
  config = validateConfig({
    ...configInput,
    sources: real.sources.map((s) => ({ ...s, url: `${publisher.url}/${s.id}.rss` })),
  });
  proxy = await recordingProxy(engineEndpoint());
  const direct = await createTestStore();
  seeded = await openStore({
    endpoint: proxy.endpoint,
    tableName: direct.table,
    retentionDays: config.retentionDays,
    maxAttempts: 3,
  });
});
afterAll(async () => {
  await publisher.close();
  await proxy.close();
});

describe("poller functions", () => {
  it("fill the table using only the reader's and writer's actions", async () => {
    proxy.actions.length = 0;
    const queue = new FifoQueue();
    const at = new Date();
    await createScheduleHandler(() => ({ config, store: seeded, queue, logger: silent(), now: () => at }))(
      scheduledEvent(at),
    );
    const enqueued = queue.sent.flatMap((entry) => parsePollMessage(entry.MessageBody)?.sourceIds ?? []);
    expect(enqueued.sort()).toEqual(config.sources.map((s) => s.id).sort());
    const fetcher = new Fetcher(pollerPlan(config.poll).fetcher);
    const metrics = { addMetric() {}, publishStoredMetrics() {} };
    const worker = createWorkerHandler(() => ({ config, store: seeded, fetcher, logger: silent(), metrics }));
    const response = await worker({ Records: queue.sent.map((entry) => sqsRecord(entry)) });
    expect(response).toEqual({ batchItemFailures: [] });

    const used = new Set(proxy.actions);
    expect(used.has("dynamodb:PutItem")).toBe(true);
    const granted: string[] = [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS];
    for (const action of used) expect(granted, `the poller sends ${action}`).toContain(action);
  });
});

describe("functions/api/handler.ts", () => {
  let handler: LambdaHandler;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    // What the Lambda environment gives the function: credentials, region, TABLE_NAME from the reader link.
    // The endpoint variable points the SDK at the recording proxy instead of AWS.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_REGION: "us-east-1",
      TABLE_NAME: seeded.table,
    });
    handler = ((await import("../../functions/api/handler.ts")) as unknown as { handler: LambdaHandler }).handler;
    const store = await openStore({
      endpoint: engineEndpoint(),
      tableName: seeded.table,
      retentionDays: config.retentionDays,
    });
    app = createApp({ config: validateConfig(configInput), store, trustForwardedHost: true });
  });

  const cloudFront = { "x-forwarded-host": "feeds.example.org", accept: "*/*", "accept-encoding": "gzip, br" };
  const bodyOf = (result: APIGatewayProxyResult) =>
    result.isBase64Encoded ? Buffer.from(result.body, "base64").toString("utf8") : result.body;
  const header = (result: APIGatewayProxyResult, name: string) =>
    result.headers?.[name] ?? result.headers?.[name.toLowerCase()];

  async function both(path: string, query = "", headers: Record<string, string> = {}) {
    const event = functionUrlEvent(path, { query, headers: { ...cloudFront, ...headers } });
    const lambda = await handler(event);
    const url = `https://${event.headers.host}${path}${query ? `?${query}` : ""}`;
    const expected = await app.request(url, { headers: event.headers as Record<string, string> });
    return { lambda, expected };
  }

  it.each([
    ["/api/topics", ""],
    ["/feeds/ukraine-war.rss", ""],
    ["/feeds/latest.atom", ""],
    ["/feeds/trump-transition.json", "limit=2"],
    ["/api/topics/latest/items", "limit=3"],
    ["/api/sources", ""],
    ["/feeds.opml", ""],
    ["/", ""],
    ["/health", ""],
    ["/api/topics/nope/items", ""],
  ])("answers %s?%s like app.request()", async (path, query) => {
    const { lambda, expected } = await both(path, query);
    expect(lambda.statusCode).toBe(expected.status);
    expect(header(lambda, "content-type")).toBe(expected.headers.get("content-type"));
    expect(bodyOf(lambda)).toBe(await expected.text());
    for (const name of ["etag", "last-modified", "cache-control", "access-control-allow-origin"]) {
      expect(header(lambda, name) ?? null, name).toBe(expected.headers.get(name));
    }
  });

  it("serves the stored items with self links on CloudFront's forwarded host", async () => {
    const { lambda } = await both("/api/topics");
    expect(lambda.statusCode).toBe(200);
    const topics = JSON.parse(bodyOf(lambda)).topics as { slug: string; feeds: { rss: string } }[];
    expect(topics.map((t) => t.slug)).toEqual(config.topics.map((t) => t.slug));
    expect(topics[0]?.feeds.rss).toMatch(/^https:\/\/feeds\.example\.org\/feeds\//);
    const feed = bodyOf((await both("/feeds/ukraine-war.rss")).lambda);
    expect(feed).toContain("one story everywhere");
    expect(feed.match(/<item>/g)?.length).toBeGreaterThan(3);
  });

  it("answers conditional requests with 304 and no body", async () => {
    const first = await both("/feeds/latest.rss");
    const etag = header(first.lambda, "etag");
    expect(etag).toBeTruthy();
    const { lambda, expected } = await both("/feeds/latest.rss", "", { "if-none-match": String(etag) });
    expect(lambda.statusCode).toBe(304);
    expect(expected.status).toBe(304);
    expect(bodyOf(lambda)).toBe("");
  });

  it("only reads the table", async () => {
    proxy.actions.length = 0;
    for (const path of [
      "/",
      "/sources",
      "/topics/latest",
      "/feeds/latest.json",
      "/api/sources",
      "/health",
      "/openapi.json",
    ]) {
      await both(path);
      await both(path.startsWith("/api/") ? path : "/api/topics/latest/items", "q=ukraine&limit=2");
    }
    const item = JSON.parse(bodyOf((await both("/api/topics/latest/items", "limit=1")).lambda)).items[0];
    await both(`/api/items/${item.id}`);
    // Only the handler goes through the proxy; the comparison app reads DynamoDB Local directly.
    expect(proxy.actions.length).toBeGreaterThan(0);
    for (const action of new Set(proxy.actions))
      expect(TABLE_READ_ACTIONS as readonly string[], `the API sends ${action}`).toContain(action);
  });
});
