/** A hub on a fresh DynamoDB Local table, driven through `app.request()`, and loopback subscribers. */
import { type Config, validateConfig } from "@tributary/core/config";
import type { CallbackClient } from "@tributary/core/fetch";
import {
  HostRateLimiter,
  type HubOutcome,
  hubCallbacks,
  memoryBudget,
  type RateLimit,
  type VerificationBudget,
} from "@tributary/core/websub";
import { createHubApp } from "../../functions/websub/hub-app.ts";
import { backgroundVerifier } from "../../local/hub.ts";
import { createTestStore } from "../helpers/store.ts";

/** The clock of the hub tests. */
export const NOW = new Date("2026-11-26T12:00:00.000Z");
/** `app.request()` answers on this origin; topic URLs must be under it. */
export const ORIGIN = "http://localhost";

/** Two topics; WebSub on with the defaults unless `websub` says otherwise. */
export function hubConfig(websub: Record<string, unknown> = {}, slugs = ["world", "quiet"]): Config {
  return validateConfig({
    title: "Hub tests",
    sources: [{ id: "alpha", url: "https://alpha.example/feed.rss" }],
    topics: slugs.map((slug) => ({ slug, title: slug, sources: ["alpha"] })),
    websub,
  });
}

/** The topic URL of a feed of this hub. */
export const topic = (slug = "world", format = "rss") => `${ORIGIN}/feeds/${slug}.${format}`;

/** What a hub test needs. */
export interface HubSetupOptions {
  config?: Config;
  callbacks?: CallbackClient;
  rate?: RateLimit;
  /** Default: a memory budget of `rate` (default 1,000 a minute, so only the rate-limit tests meet it). */
  budget?: VerificationBudget;
  now?: () => Date;
}

/** A hub app on a fresh table; `post` sends a form, `settled` waits for every verification started. */
export async function hubSetup(options: HubSetupOptions = {}) {
  const store = await createTestStore();
  const config = options.config ?? hubConfig();
  const now = options.now ?? (() => NOW);
  const deps = { config, table: store, callbacks: options.callbacks ?? hubCallbacks("allowed"), now };
  const outcomes: HubOutcome[] = [];
  const verifier = backgroundVerifier(deps, (_request, outcome) => outcomes.push(outcome));
  const budget =
    options.budget ?? memoryBudget(new HostRateLimiter(options.rate ?? { limit: 1_000, windowMs: 60_000 }));
  const app = createHubApp({ ...deps, hand: verifier.hand, budget });
  const post = (fields: Record<string, string> | string, type = "application/x-www-form-urlencoded") =>
    app.request("/websub", {
      method: "POST",
      headers: { "Content-Type": type },
      body: typeof fields === "string" ? fields : new URLSearchParams(fields).toString(),
    });
  return { store, config, app, post, settled: () => verifier.idle(), outcomes, deps };
}

/** The fields of a subscribe request for `callback`. */
export function subscribeForm(callback: string, extra: Record<string, string> = {}): Record<string, string> {
  return { "hub.mode": "subscribe", "hub.topic": topic(), "hub.callback": callback, ...extra };
}
