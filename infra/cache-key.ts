/**
 * What bounds the cost of a flood of distinct URLs on the public API: the CloudFront cache key holds only
 * the query parameters a route reads, normalised at the edge, and the API function's concurrency is
 * reserved. A plain module, free of SST globals, so that tests/infra can run the edge code and check it
 * against the app's own parameters (functions/api/http/params.ts). See docs/deploy.md for the arithmetic.
 */
import { EMPTY_MEANS_ABSENT, FEED_PATH_SOURCE } from "@tributary/core/urls";

/** The query parameters the list routes read (feeds, API item lists, topic pages); every other route reads none. */
export const LIST_QUERY_PARAMETERS = ["cursor", "filter", "filterout", "group", "limit", "q", "since"] as const;

/** The query parameters the source lists read (`/api/sources`, `/sources`). */
export const SOURCE_LIST_QUERY_PARAMETERS = ["cursor", "limit", "status"] as const;

/** Paths of the source lists: `/api/sources` and `/sources`. */
export const SOURCE_LIST_ROUTE = /^\/(?:api\/)?sources$/;

/** Every query parameter a cache key may hold: those of the item lists and of the source lists. */
export const CACHE_KEY_PARAMETERS = [...new Set([...LIST_QUERY_PARAMETERS, ...SOURCE_LIST_QUERY_PARAMETERS])].sort();

/** Parameters matched case-insensitively by the app (it lower-cases them itself): lower-cased at the edge. */
const CASE_INSENSITIVE = ["filter", "filterout", "q"];

/** Paths of the routes that read list parameters: `/feeds/:slug.(rss|atom|json)`, `/api/(topics|sources)/:id/items`, `/topics/:slug`. */
export const LIST_ROUTE = new RegExp(
  `^\\/(?:${FEED_PATH_SOURCE}|api\\/(?:topics|sources)\\/[^/]+\\/items|topics\\/[^/]+)$`,
);

/** Concurrent executions reserved for the API function: at most this many DynamoDB reads run at once. */
export const API_RESERVED_CONCURRENCY = 10;

/**
 * Code injected at the start of the router's viewer-request CloudFront Function (runtime cloudfront-js-2.0,
 * where `event.request.querystring` maps each name to `{ value, multiValue? }`, `multiValue` holding every value of a
 * parameter given more than once): it keeps, on item and source list routes only, the parameters the app reads,
 * drops an empty `q` (no search, `EMPTY_MEANS_ABSENT`; any other empty value is kept, for the app to refuse),
 * lower-cases the case-insensitive ones and writes `limit` without leading zeros. A parameter given more than once
 * is passed on with every value as given, an empty one too, for the app to refuse it (`GIVEN_ONCE`): keeping one of
 * them would answer what the app refuses. CloudFront then builds the cache key from what is left, so junk
 * parameters, another parameter order or another case of `q` cost no origin call.
 */
export const NORMALIZE_QUERY = `
  var listRoute = ${LIST_ROUTE.toString()};
  var sourceListRoute = ${SOURCE_LIST_ROUTE.toString()};
  var readParameters = listRoute.test(event.request.uri)
    ? ${JSON.stringify(LIST_QUERY_PARAMETERS)}
    : sourceListRoute.test(event.request.uri)
      ? ${JSON.stringify(SOURCE_LIST_QUERY_PARAMETERS)}
      : [];
  var caseInsensitive = ${JSON.stringify(CASE_INSENSITIVE)};
  var emptyMeansAbsent = ${JSON.stringify(EMPTY_MEANS_ABSENT)};
  var givenQuery = event.request.querystring || {};
  var keptQuery = {};
  if (readParameters.length > 0) {
    Object.keys(givenQuery).sort().forEach(function (name) {
      var entry = givenQuery[name];
      if (readParameters.indexOf(name) < 0) return;
      if (entry && entry.multiValue && entry.multiValue.length > 1) {
        keptQuery[name] = entry;
        return;
      }
      var value = entry && typeof entry.value === "string" ? entry.value : "";
      if (value === "" && emptyMeansAbsent.indexOf(name) >= 0) return;
      if (caseInsensitive.indexOf(name) >= 0) value = value.toLowerCase();
      if (name === "limit" && /^[0-9]+$/.test(value)) value = String(parseInt(value, 10));
      keptQuery[name] = { value: value };
    });
  }
  event.request.querystring = keptQuery;
`;
