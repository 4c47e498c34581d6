import { BadRequestError, StorageError } from "@tributary/core/errors";
import { callbackHostOf } from "@tributary/core/store";
import {
  admitHubRequest,
  HostRateLimiter,
  type HubDeps,
  HubRefusal,
  type HubRequest,
  memoryBudget,
  rateStanding,
  readHubRequest,
  VERIFICATION_RATE,
  type VerificationBudget,
} from "@tributary/core/websub";
import { type Context, Hono } from "hono";
import { type Problem, problemResponse, titleOf } from "../api/http/problem.ts";
import { publicOrigin } from "../api/http/urls.ts";

/** The largest request body read, in bytes: the fields fit in a few KiB (callback ≤ 2,000 characters). */
export const MAX_BODY_BYTES = 16_384;

/** What the hub app needs. */
export interface HubAppDeps extends HubDeps {
  /**
   * Takes an admitted request for verification once the 202 is decided: locally it starts `verifyAndStore` in the
   * background (`backgroundVerifier`); in Lambda it enqueues the request. A throw answers 503 (nothing accepted).
   */
  hand(request: HubRequest): Promise<void> | void;
  /**
   * Verification requests per callback host: default 10 a minute (60 for a host that holds a verified
   * subscription; an unsubscribe of a verified subscription is never refused) in this process's memory
   * (`memoryBudget`); in AWS `tableBudget`, which every instance shares.
   */
  budget?: VerificationBudget;
  /** Behind a proxy that sets X-Forwarded-Host itself (CloudFront in AWS), the origin the subscriber used. */
  trustForwardedHost?: boolean;
}

function problem(status: number, detail: string, parameter?: string): Problem {
  return { status, title: titleOf(status), detail, parameter };
}

/** Maps what the hub throws to a problem: refusals as they say, bad fields 400, storage 503, else 500. */
function toHubProblem(error: unknown): Problem {
  if (error instanceof HubRefusal) return problem(error.status, error.reason, error.field ?? undefined);
  if (error instanceof BadRequestError) return problem(400, error.reason, error.parameter);
  if (error instanceof StorageError) return problem(503, "storage is unavailable, try again soon");
  return problem(500, "the hub failed to answer");
}

/** The form's body, if the request is `application/x-www-form-urlencoded` and not too large. @throws HubRefusal */
async function readForm(c: Context): Promise<URLSearchParams> {
  const type = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    const given = type ? `, not ${type}` : "; the request has no Content-Type";
    throw new HubRefusal(415, `the hub takes application/x-www-form-urlencoded${given}`);
  }
  const declared = Number(c.req.header("Content-Length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new HubRefusal(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
  const body = await c.req.arrayBuffer();
  if (body.byteLength > MAX_BODY_BYTES) throw new HubRefusal(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
  return new URLSearchParams(new TextDecoder().decode(body));
}

/**
 * The WebSub hub (W3C WebSub §5.1; README, "Subscribe with WebSub"): `POST /websub` reads the form, refuses what
 * it must with `application/problem+json` — 404 with WebSub off, 415 for another body type, 400 naming the
 * field at fault (`readHubRequest`, then the callback's resolved address), 403 over a cap (renewals never are),
 * 429 with Retry-After when the callback's host has had its verifications (`rateStanding`: a willing host has 60 a
 * minute, an unsubscribe of a verified subscription is never refused) — and otherwise hands the request over for
 * verification and answers 202. A refused request's callback is never contacted.
 * @example
 * const hub = createHubApp({ config, table: store, callbacks: hubCallbacks("allowed"), hand: verifier.hand });
 * await hub.request("/websub", { method: "POST", body: form }); // 202
 */
export function createHubApp(deps: HubAppDeps) {
  const budget = deps.budget ?? memoryBudget(new HostRateLimiter(VERIFICATION_RATE));
  const now = deps.now ?? (() => new Date());
  const app = new Hono();
  app.onError((error, c) => {
    const answer = toHubProblem(error);
    if (answer.status >= 500) console.error(`${c.req.method} ${c.req.path}: ${(error as Error).message}`);
    const res = problemResponse(c, answer);
    if (error instanceof HubRefusal && error.retryAfterSeconds !== null) {
      res.headers.set("Retry-After", String(error.retryAfterSeconds));
    }
    return res;
  });
  app.notFound((c) => problemResponse(c, problem(404, `nothing at ${c.req.path}`)));

  app.post("/websub", async (c) => {
    if (!deps.config.websub.enabled) throw new HubRefusal(404, "this server takes no WebSub subscriptions");
    const form = await readForm(c);
    const origin = publicOrigin(c, { config: deps.config, trustForwardedHost: deps.trustForwardedHost ?? false });
    const request = readHubRequest(form, deps.config, origin);
    await admitHubRequest(deps, request);
    const host = callbackHostOf(request.callback);
    const at = now();
    const waitMs = await budget.take(host, at.getTime(), await rateStanding(deps.table, request, at));
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new HubRefusal(429, `too many verification requests to ${host}; try again in ${seconds} s`, null, seconds);
    }
    try {
      await deps.hand(request);
    } catch (error) {
      console.error(`websub: could not hand over a verification: ${(error as Error).message}`);
      return problemResponse(c, problem(503, "the hub cannot take requests now, try again soon"));
    }
    return c.body(null, 202);
  });
  // OPTIONS lists the hub's methods, as every route's does (RFC 9110 §9.3.7); any other method is refused with them.
  app.all("/websub", (c) => {
    c.header("Allow", "POST, OPTIONS");
    if (c.req.method === "OPTIONS") return c.body(null, 204);
    return problemResponse(c, problem(405, "the hub takes POST only"));
  });
  return app;
}
