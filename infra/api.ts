import { API_RESERVED_CONCURRENCY, CACHE_KEY_PARAMETERS, NORMALIZE_QUERY } from "./cache-key.ts";
import { nodejsBundle } from "./config.ts";
import { tableReader } from "./storage.ts";
import { hub } from "./websub.ts";

/**
 * The Hono app (functions/api/handler.ts) as a Lambda function URL. Linked to `tableReader`, not to the table:
 * linking the Dynamo component grants `dynamodb:*`, while the API may only read — the reader link
 * grants GetItem, BatchGetItem and Query on the table and its indexes, and sets TABLE_NAME.
 * CORS is the app's own (only /api/*, the feeds and /openapi.json), so the function URL adds none. Its concurrency is
 * reserved: however many distinct URLs a flood sends past the cache, at most API_RESERVED_CONCURRENCY
 * requests read DynamoDB at once, and the rest are throttled (docs/deploy.md has the cost arithmetic).
 */
export const api = new sst.aws.Function("Api", {
  description: "Tributary HTTP API, pages and feeds.",
  handler: "functions/api/handler.handler",
  runtime: "nodejs22.x",
  architecture: "arm64",
  nodejs: nodejsBundle,
  memory: "512 MB",
  // The router waits 20 s for its origin.
  timeout: "20 seconds",
  logging: { retention: "1 month" },
  url: { cors: false },
  concurrency: { reserved: API_RESERVED_CONCURRENCY },
  link: [tableReader],
});

/**
 * CloudFront in front of the function URL. Its cache policy keeps responses as long as the app's
 * `Cache-Control` says (`s-maxage=300, stale-while-revalidate=600`; no default TTL of its own) and compresses
 * them. The cache key is the path and only the query parameters the list routes read: a viewer-request
 * function (NORMALIZE_QUERY) drops every other parameter and normalises the rest (order, case of `q` and
 * filters, empty values), and the policy lists those parameters alone, so junk parameters hit the cache.
 * docs/deploy.md shows the optional per-IP WAF rate rule (`waf: { rateLimitPerIp }`). Routes are added
 * with `route()`: the `routes` argument is deprecated in this SST version.
 */
export const router = new sst.aws.Router("Router", {
  edge: { viewerRequest: { injection: NORMALIZE_QUERY } },
  transform: {
    cachePolicy: (args) => {
      args.parametersInCacheKeyAndForwardedToOrigin = {
        cookiesConfig: { cookieBehavior: "none" },
        headersConfig: { headerBehavior: "none" },
        queryStringsConfig: { queryStringBehavior: "whitelist", queryStrings: { items: [...CACHE_KEY_PARAMETERS] } },
        enableAcceptEncodingBrotli: true,
        enableAcceptEncodingGzip: true,
      };
    },
  },
});
router.route("/", api.url);
// POST /websub reaches the hub; CloudFront caches only GET and HEAD, so nothing of it is kept.
router.route("/websub", hub.url);
