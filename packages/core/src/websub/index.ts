/** Tributary as the WebSub hub of its topic feeds (W3C WebSub Recommendation, 2018). */
export {
  type AfterCycleDeps,
  afterCycle,
  type CycleChanges,
  changedTopics,
  type DeliverySender,
  queueTopicDeliveries,
} from "./after-cycle.ts";
export { memoryBudget, type RateStanding, rateStanding, tableBudget, type VerificationBudget } from "./budget.ts";
export {
  type DeliveryDeps,
  type DeliveryOutcome,
  type DeliveryReport,
  deliveryHeaders,
  deliveryOrigin,
  type FeedContent,
  type FeedRenderer,
  sendDeliveries,
  sendDueDeliveries,
  topicFeedRenderer,
} from "./delivery.ts";
export { discoveryLinkHeader } from "./discovery.ts";
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
export { newChallenge, sendDenial, type Verification, verificationUrl, verifyIntent } from "./verification.ts";
