import { tableReader } from "./storage.ts";

/**
 * The Hono app (functions/api/handler.ts) as a Lambda function URL. Linked to `tableReader`, not to the table:
 * linking the Dynamo component grants `dynamodb:*`, while SPEC §6 lets the API only read — the reader link
 * grants GetItem, BatchGetItem, Query and DescribeTable on the table and its indexes, and sets TABLE_NAME.
 * CORS is the app's own (only /api/* and the feeds), so the function URL adds none.
 */
export const api = new sst.aws.Function("Api", {
  name: `${$app.name}-${$app.stage}-api`,
  description: "Tributary HTTP API, pages and feeds.",
  handler: "functions/api/handler.handler",
  runtime: "nodejs22.x",
  architecture: "arm64",
  nodejs: { minify: true },
  memory: "512 MB",
  // The router waits 20 s for its origin.
  timeout: "20 seconds",
  logging: { retention: "1 month" },
  url: { cors: false },
  link: [tableReader],
});

/**
 * CloudFront in front of the function URL. Its cache policy keeps responses as long as the app's
 * `Cache-Control` says (`s-maxage=300, stale-while-revalidate=600`; no default TTL of its own), keys them on
 * path and query string, and compresses them. Routes are added with `route()`: the `routes` argument is
 * deprecated in this SST version.
 */
export const router = new sst.aws.Router("Router");
router.route("/", api.url);
