/**
 * The hub's decisions on a subscriber's request (W3C WebSub §5.1–§5.3): admit it or refuse it before anyone is
 * contacted, then verify intent and only then store or remove the subscription.
 */
import type { Config } from "../config/index.ts";
import { FetchError, TributaryError } from "../errors.ts";
import { CallbackClient, type InternalPolicy } from "../fetch/index.ts";
import type { Store } from "../store/store.ts";
import { callbackHostOf } from "../store/subscriptions.ts";
import type { HubRequest } from "./hub-request.ts";
import { newChallenge, verifyIntent } from "./verification.ts";

/** The most live subscriptions with callbacks on one host, so one host cannot fill the hub. */
export const MAX_SUBSCRIPTIONS_PER_HOST = 20;

/** How callbacks are called: whole request within 10 s, at most 64 KiB of an answer read. */
export const CALLBACK_LIMITS = { timeoutMs: 10_000, maxBytes: 65_536 } as const;

/**
 * The client every hub request to a callback goes through: `internal: "refused"` in AWS (public addresses
 * only), `"allowed"` on the local stack (loopback callbacks); link-local never.
 */
export function hubCallbacks(internal: InternalPolicy): CallbackClient {
  return new CallbackClient({ ...CALLBACK_LIMITS, internal });
}

/**
 * A request the hub refuses: the HTTP status (4xx), the reason, the field at fault when one is, and for a rate
 * limit the seconds until it may be asked again.
 */
export class HubRefusal extends TributaryError {
  readonly status: number;
  readonly field: string | null;
  readonly retryAfterSeconds: number | null;
  constructor(status: number, reason: string, field: string | null = null, retryAfterSeconds: number | null = null) {
    super("websub", reason);
    this.status = status;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** What the hub's decisions need: the configuration, the subscriptions' table, the callback client, a clock. */
export interface HubDeps {
  config: Config;
  table: Pick<Store, "subscriptions">;
  callbacks: CallbackClient;
  now?: () => Date;
}

/** Whether a subscribe request would add a subscription (not renew one): only those count against the caps. */
async function isNew(deps: HubDeps, request: HubRequest, now: Date): Promise<boolean> {
  const found = await deps.table.subscriptions.find({ ...request.feed, callback: request.callback }, now);
  return found === null;
}

/**
 * Why a new subscription would exceed a cap (`websub.maxSubscriptions` in all, 20 per callback host), or
 * null. A renewal never does.
 * @throws StorageError
 */
export async function capProblem(deps: HubDeps, request: HubRequest, now: Date): Promise<string | null> {
  if (request.mode !== "subscribe" || !(await isNew(deps, request, now))) return null;
  const host = callbackHostOf(request.callback);
  if ((await deps.table.subscriptions.countOfHost(host, now)) >= MAX_SUBSCRIPTIONS_PER_HOST) {
    return `the hub holds its maximum of ${MAX_SUBSCRIPTIONS_PER_HOST} subscriptions for callbacks on ${host}`;
  }
  const slugs = deps.config.topics.map((topic) => topic.slug);
  const max = deps.config.websub.maxSubscriptions;
  if ((await deps.table.subscriptions.count(slugs, now)) >= max) {
    return `the hub holds its maximum of ${max} subscriptions`;
  }
  return null;
}

/**
 * Admits a request read by `readHubRequest`, or refuses it before its callback is contacted: the callback's
 * addresses (resolved, not dialled: link-local never, loopback and private only where allowed) → 400 naming
 * `hub.callback`; a new subscription over a cap → 403.
 * @throws HubRefusal; StorageError
 */
export async function admitHubRequest(deps: HubDeps, request: HubRequest): Promise<void> {
  try {
    await deps.callbacks.check(request.callback);
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    throw new HubRefusal(400, `hub.callback: ${error.reason}`, "hub.callback");
  }
  const problem = await capProblem(deps, request, (deps.now ?? (() => new Date()))());
  if (problem) throw new HubRefusal(403, problem);
}

/** What verifying a request came to. */
export type HubOutcome =
  | { done: "subscribed"; expiresAt: number }
  | { done: "unsubscribed" }
  | { done: "nothing"; reason: string };

/**
 * Verifies intent with a GET to the callback (W3C WebSub §5.3) and only when it echoes the challenge stores
 * (subscribe, renew: lease from the verification time) or removes (unsubscribe) the subscription. A new
 * subscription that a cap would now exceed (other requests were verified meanwhile) is not stored, nor one to a
 * topic no longer served (queued requests may outlive a deployment). Where queued
 * verification runs (the AWS queue consumer), this is the function to call with the queued request.
 * @throws StorageError (verification failures are outcomes, not throws)
 */
export async function verifyAndStore(request: HubRequest, deps: HubDeps): Promise<HubOutcome> {
  const served = deps.config.websub.enabled && deps.config.topics.some((topic) => topic.slug === request.feed.slug);
  if (!served) return { done: "nothing", reason: "the topic is no longer served" };
  const verification = await verifyIntent(deps.callbacks, request, newChallenge());
  if (!verification.verified) return { done: "nothing", reason: verification.reason };
  const now = (deps.now ?? (() => new Date()))();
  const ref = { ...request.feed, callback: request.callback };
  if (request.mode === "unsubscribe") {
    await deps.table.subscriptions.remove(ref);
    return { done: "unsubscribed" };
  }
  const problem = await capProblem(deps, request, now);
  if (problem) return { done: "nothing", reason: problem };
  const leaseSeconds = request.leaseSeconds ?? deps.config.websub.leaseSeconds;
  const expiresAt = Math.floor(now.getTime() / 1000) + leaseSeconds;
  await deps.table.subscriptions.save({
    ...ref,
    topic: request.topic,
    callbackHost: callbackHostOf(request.callback),
    secret: request.secret,
    leaseSeconds,
    verifiedAt: now.toISOString(),
    expiresAt,
  });
  return { done: "subscribed", expiresAt };
}
