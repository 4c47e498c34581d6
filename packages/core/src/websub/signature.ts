/** Authenticated content distribution (W3C WebSub §8). */
import { createHmac } from "node:crypto";

/**
 * The `X-Hub-Signature` value of a delivered body: `sha256=` and the lower-case hex HMAC-SHA256 of the
 * exact body bytes, keyed with the subscriber's `hub.secret` (W3C WebSub §8, "Authenticated Content
 * Distribution").
 * @example hubSignature("s3cret", body) // "sha256=5d6f…"
 */
export function hubSignature(secret: string, body: Uint8Array): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}
