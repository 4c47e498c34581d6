/** Verification of intent (W3C WebSub §5.3) and denial notices (§5.2). */
import { randomBytes } from "node:crypto";
import { FetchError } from "../errors.ts";
import type { CallbackClient } from "../fetch/index.ts";
import type { HubRequest } from "./hub-request.ts";

/** The outcome of asking a callback to confirm a request. */
export type Verification = { verified: true } | { verified: false; reason: string };

/** A fresh unguessable `hub.challenge` (24 random bytes, base64url). */
export function newChallenge(): string {
  return randomBytes(24).toString("base64url");
}

function withQuery(callback: string, params: Record<string, string>): string {
  const url = new URL(callback);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  return url.href;
}

/**
 * The GET URL that asks a callback to confirm a request: the callback with `hub.mode`, `hub.topic`,
 * `hub.challenge` and, for a subscription, `hub.lease_seconds` added to its own query (W3C WebSub §5.3).
 */
export function verificationUrl(request: HubRequest, challenge: string): string {
  const params: Record<string, string> = {
    "hub.mode": request.mode,
    "hub.topic": request.topic,
    "hub.challenge": challenge,
  };
  if (request.leaseSeconds !== null) params["hub.lease_seconds"] = String(request.leaseSeconds);
  return withQuery(request.callback, params);
}

/**
 * Asks the callback to confirm the request: verified only when it answers 2xx with the challenge as its body
 * (surrounding white space ignored). Address refusals, network failures and timeouts are reasons, not throws.
 */
export async function verifyIntent(
  callbacks: CallbackClient,
  request: HubRequest,
  challenge: string = newChallenge(),
): Promise<Verification> {
  try {
    const answer = await callbacks.send({ url: verificationUrl(request, challenge), method: "GET" });
    if (answer.status < 200 || answer.status >= 300) {
      return { verified: false, reason: `the callback answered ${answer.status}` };
    }
    if (answer.body.trim() !== challenge) return { verified: false, reason: "the callback did not echo hub.challenge" };
    return { verified: true };
  } catch (error) {
    if (error instanceof FetchError) return { verified: false, reason: error.message.replace(/^fetch: /, "") };
    throw error;
  }
}

/**
 * Tells a subscriber its subscription ended or was refused: a GET to its callback with `hub.mode=denied`,
 * `hub.topic` and `hub.reason` (W3C WebSub §5.2). Best effort: resolves to whether the callback answered 2xx.
 */
export async function sendDenial(
  callbacks: CallbackClient,
  subscription: { callback: string; topic: string },
  reason: string,
): Promise<boolean> {
  const url = withQuery(subscription.callback, {
    "hub.mode": "denied",
    "hub.topic": subscription.topic,
    "hub.reason": reason,
  });
  try {
    const answer = await callbacks.send({ url, method: "GET" });
    return answer.status >= 200 && answer.status < 300;
  } catch (error) {
    if (error instanceof FetchError) return false;
    throw error;
  }
}
