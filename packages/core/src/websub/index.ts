/** Tributary as the WebSub hub of its topic feeds (W3C WebSub Recommendation, 2018). */
export { memoryBudget, type RateStanding, rateStanding, tableBudget, type VerificationBudget } from "./budget.ts";
export { discoveryLinkHeader, HUB_PATH, hubUrl, topicUrl } from "./discovery.ts";
export { type EndingDeps, type EndingResult, endStaleSubscriptions } from "./ending.ts";
export {
  admitHubRequest,
  CALLBACK_LIMITS,
  capProblem,
  type HubDeps,
  type HubOutcome,
  HubRefusal,
  hubCallbacks,
  MAX_SUBSCRIPTIONS_PER_HOST,
  verifyAndStore,
} from "./hub.ts";
export { type HubRequest, MAX_CALLBACK_LENGTH, MAX_SECRET_BYTES, readHubRequest } from "./hub-request.ts";
export { grantLease } from "./lease.ts";
export { HostRateLimiter, type RateLimit, VERIFICATION_RATE, WILLING_VERIFICATION_LIMIT } from "./rate-limit.ts";
export { DELIVERY_RETRY_DELAYS_MS, deliveryRetryDelayMs } from "./retry.ts";
export { hubSignature } from "./signature.ts";
export { type FeedFormat, type FeedRef, feedOfTopicUrl } from "./topic-url.ts";
export { newChallenge, sendDenial, type Verification, verificationUrl, verifyIntent } from "./verification.ts";
