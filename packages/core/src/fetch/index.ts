/** The fetch stage: conditional GET with limits, redirects, a size cap, one timeout and address rules. */
export {
  type AddressClass,
  classifyAddress,
  type InternalPolicy,
  isInternal,
  literalAddress,
  refusalReason,
} from "./address.ts";
export { ACCEPT_ENCODING, contentCodings, type ReadBody, readBody } from "./body.ts";
export {
  type CallbackAnswer,
  CallbackClient,
  type CallbackOptions,
  type CallbackRequest,
  callbackUrlProblem,
} from "./callback.ts";
export { DEFAULT_USER_AGENT, Fetcher, MAX_REDIRECTS, pageHeaders } from "./fetcher.ts";
export { Limiter, type LimiterOptions } from "./limiter.ts";
export type { Dial, ResolvedAddress } from "./request.ts";
export { parseRetryAfter } from "./retry-after.ts";
export { shownUrl } from "./shown-url.ts";
export type { FetcherOptions, FetchRequest, FetchResult } from "./types.ts";
