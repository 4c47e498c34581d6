/**
 * The server side of the serve benchmark, run in its own process so that autocannon does not share its event loop.
 * It serves the app of `createApp` exactly as `functions/api/server.ts` does (an outer Hono with `withContentCoding`, on
 * `@hono/node-server`), plus constant routes mounted on the same app; and, for comparison, the product's own
 * `startServer`. Prints one JSON line with the URLs, then runs until its stdin closes or it is told to stop.
 */
import type { AddressInfo } from "node:net";
import { type HttpBindings, serve } from "@hono/node-server";
import { validateConfig } from "@tributary/core/config";
import { openStore, topicList } from "@tributary/core/store";
import { Hono } from "hono";
import { createApp } from "../functions/api/app.ts";
import { withContentCoding } from "../functions/api/http/compression.ts";
import { startServer } from "../functions/api/server.ts";

const endpoint = process.env.BENCH_ENDPOINT ?? "";
const tableName = process.env.BENCH_TABLE ?? "";
const slug = process.env.BENCH_SLUG ?? "";
const config = validateConfig(JSON.parse(process.env.BENCH_CONFIG ?? "{}"));
const store = await openStore({ endpoint, tableName, retentionDays: config.retentionDays });

/** The bytes the constant routes answer with: those the app answered for the same URL. */
const constant = { feed: "", feedType: "text/plain", api: "", apiType: "application/json" };

const app = createApp({ config, store });
// Under /api/, as the measured routes are (/api/* and /feeds/* share the CORS middleware): a baseline pays what
// every route of those paths pays, so its ratio is the route's own work.
app.get("/api/bench/constant-feed", (c) => c.body(constant.feed, 200, { "Content-Type": constant.feedType }));
app.get("/api/bench/constant-api", (c) => c.body(constant.api, 200, { "Content-Type": constant.apiType }));
app.get("/api/bench/bare", (c) => c.text("ok"));
app.get("/api/bench/get-item", async (c) => {
  await store.lists.version(topicList(slug));
  return c.text("ok");
});

const outer = new Hono<{ Bindings: HttpBindings }>();
outer.all("*", async (c) => withContentCoding(c.req.raw, await app.fetch(c.req.raw, c.env)));

const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
  const running = serve({ fetch: outer.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(running));
  running.once("error", reject);
});
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const product = await startServer({ config, store, port: 0, hostname: "127.0.0.1" });

const identity = { "Accept-Encoding": "identity" };
const feed = await fetch(`${url}/feeds/${slug}.rss`, { headers: identity });
constant.feed = await feed.text();
constant.feedType = feed.headers.get("content-type") ?? constant.feedType;
const api = await fetch(`${url}/api/topics/${slug}/items`, { headers: identity });
constant.api = await api.text();
constant.apiType = api.headers.get("content-type") ?? constant.apiType;
const etag = feed.headers.get("etag") ?? "";
const check = await fetch(`${url}/feeds/${slug}.rss`, { headers: { ...identity, "If-None-Match": etag } });
await check.arrayBuffer();

process.stdout.write(
  `${JSON.stringify({
    url,
    productUrl: product.url,
    etag,
    feedStatus: feed.status,
    feedBytes: Buffer.byteLength(constant.feed),
    apiStatus: api.status,
    apiBytes: Buffer.byteLength(constant.api),
    feedItems: constant.feed.split("<item>").length - 1,
    apiItems: (JSON.parse(constant.api) as { items?: unknown[] }).items?.length ?? 0,
    conditionalStatus: check.status,
  })}\n`,
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  if ("closeAllConnections" in server) server.closeAllConnections();
  await product.close().catch(() => {});
  process.exit(0);
}
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
