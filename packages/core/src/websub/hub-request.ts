/** Reading a subscriber's request to the hub (W3C WebSub §5.1): what it asks, or why it is refused. */
import type { Config } from "../config/index.ts";
import { BadRequestError } from "../errors.ts";
import { callbackUrlProblem } from "../fetch/index.ts";
import { type FeedRef, readTopicUrl } from "../urls.ts";
import { grantLease } from "./lease.ts";

/** The most bytes a `hub.secret` may have (W3C WebSub §5.1: "less than 200 bytes"). */
export const MAX_SECRET_BYTES = 199;
/** The longest callback URL taken, in characters. */
export const MAX_CALLBACK_LENGTH = 2_000;

/** A subscribe or unsubscribe request that passed every check the hub makes before contacting anyone. */
export interface HubRequest {
  mode: "subscribe" | "unsubscribe";
  /**
   * The topic URL as the subscriber gave it, which is the feed's own URL (`readTopicUrl` refuses any other spelling):
   * echoed in verification, denial and delivered `Link` headers.
   */
  topic: string;
  /** The feed it names: slug, format and view (`group`), what the subscription is keyed by. */
  feed: FeedRef;
  callback: string;
  /** Granted lease, in seconds (subscribe only). */
  leaseSeconds: number | null;
  /** The subscriber's secret for `X-Hub-Signature`, or null. */
  secret: string | null;
}

/**
 * A number written in decimal, as `hub.lease_seconds` may ask for one (W3C WebSub §5.1: a "number of seconds"):
 * digits of any length, a sign, a fraction, an exponent (`3600`, `99999999999999999999`, `1e9`, `-5`, `86400.5`).
 * Any such lease is a lease asked for, granted when in range and clamped to it when not (SPEC §4 WebSub,
 * `grantLease`); anything else (`ten`, `0x10`, `Infinity`, spaces) is no number and is refused.
 */
const DECIMAL_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function field(form: URLSearchParams, name: string): string | null {
  const values = form.getAll(name);
  if (values.length > 1) throw new BadRequestError(name, "given more than once");
  return values[0] ?? null;
}

/**
 * Reads a hub request from its `application/x-www-form-urlencoded` fields: `hub.mode` (`subscribe` or
 * `unsubscribe`), `hub.topic` (one of this hub's feed URLs under `origin`, `readTopicUrl`; a `group=none` feed is a
 * topic of its own), `hub.callback` (absolute http(s),
 * no credentials; its address is checked later, when it is contacted), optional `hub.lease_seconds`
 * (a decimal number, `DECIMAL_NUMBER`, clamped to 10 s–30 days; none: `websub.leaseSeconds`) and `hub.secret` (under 200 bytes).
 * @throws BadRequestError naming the field at fault; nothing has been contacted or stored.
 */
export function readHubRequest(form: URLSearchParams, config: Config, origin: string): HubRequest {
  const mode = field(form, "hub.mode");
  if (mode !== "subscribe" && mode !== "unsubscribe") {
    throw new BadRequestError(
      "hub.mode",
      mode === null ? "is required" : `must be subscribe or unsubscribe, not "${mode.slice(0, 40)}"`,
    );
  }
  const topic = field(form, "hub.topic");
  if (!topic) throw new BadRequestError("hub.topic", "is required");
  const feed = readTopicUrl(topic, origin, config);
  const callback = field(form, "hub.callback");
  if (!callback) throw new BadRequestError("hub.callback", "is required");
  if (callback.length > MAX_CALLBACK_LENGTH) {
    throw new BadRequestError("hub.callback", `is longer than ${MAX_CALLBACK_LENGTH} characters`);
  }
  const problem = callbackUrlProblem(callback);
  if (problem) throw new BadRequestError("hub.callback", problem.replace(/^hub\.callback /, ""));
  const secret = field(form, "hub.secret") || null;
  if (secret !== null && Buffer.byteLength(secret, "utf8") > MAX_SECRET_BYTES) {
    throw new BadRequestError("hub.secret", "must be less than 200 bytes");
  }
  const leaseText = field(form, "hub.lease_seconds");
  let asked: number | undefined;
  if (leaseText !== null && leaseText !== "") {
    if (!DECIMAL_NUMBER.test(leaseText))
      throw new BadRequestError("hub.lease_seconds", `must be a number of seconds, not "${leaseText.slice(0, 40)}"`);
    asked = Number(leaseText);
  }
  return {
    mode,
    topic,
    feed,
    callback,
    leaseSeconds: mode === "subscribe" ? grantLease(asked, config) : null,
    secret: mode === "subscribe" ? secret : null,
  };
}
