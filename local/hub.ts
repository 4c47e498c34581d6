/**
 * The WebSub hub of the local stack (`npm start`, `npm run serve`): the same app as in AWS, answering `/websub` of
 * the local server, with callbacks on loopback allowed and verification run in the background of the process.
 */
import type { Config } from "@tributary/core/config";
import type { Store } from "@tributary/core/store";
import { type HubDeps, type HubOutcome, type HubRequest, hubCallbacks, verifyAndStore } from "@tributary/core/websub";
import { createHubApp } from "../functions/websub/hub-app.ts";

/** Verification in the background of a long-running process (the local server). */
export interface BackgroundVerifier {
  /** Starts verifying `request` and returns at once; the outcome is reported through `onOutcome`. */
  hand(request: HubRequest): void;
  /** Resolves once every verification started so far has finished (for a clean stop, and for tests). */
  idle(): Promise<void>;
}

/**
 * Runs `verifyAndStore` for each handed request without holding up the 202 (W3C WebSub §5.1: the hub answers,
 * then verifies). Failures are reported, never thrown: a storage failure leaves nothing stored.
 * @example
 * const verifier = backgroundVerifier(deps, (request, outcome) => console.log(outcome.done));
 * const hub = createHubApp({ ...deps, hand: verifier.hand });
 */
export function backgroundVerifier(
  deps: HubDeps,
  onOutcome: (request: HubRequest, outcome: HubOutcome) => void = () => {},
): BackgroundVerifier {
  const running = new Set<Promise<void>>();
  return {
    hand(request) {
      const run = verifyAndStore(request, deps)
        .then(
          (outcome) => onOutcome(request, outcome),
          (error: unknown) => onOutcome(request, { done: "nothing", reason: (error as Error).message }),
        )
        .finally(() => running.delete(run));
      running.add(run);
    },
    async idle() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}

/** The hub of the local stack: its app, and the verifications it runs in the background of the process. */
export interface LocalHub {
  app: ReturnType<typeof createHubApp>;
  verifier: BackgroundVerifier;
}

/**
 * One line about a finished verification, for the server's log: words, or with `json` the JSON line
 * `{"event":"websub-verification","mode","topic","callback","done","reason"?}`.
 */
function describe(request: HubRequest, outcome: HubOutcome, json: boolean): string {
  if (json) {
    const { mode, topic, callback } = request;
    return JSON.stringify({ event: "websub-verification", mode, topic, callback, ...outcome });
  }
  const what = `${request.mode} ${request.topic} → ${request.callback}`;
  return outcome.done === "nothing"
    ? `websub: ${what}: not verified (${outcome.reason})`
    : `websub: ${what}: ${outcome.done}`;
}

/**
 * The hub as the local stack runs it: callbacks on loopback allowed (`internal: "allowed"`, link-local still
 * never), verification in the background of the server process, each outcome logged on stderr (`log`), in words or
 * with `json` as a JSON line.
 */
export function localHub(
  config: Config,
  table: Pick<Store, "subscriptions">,
  log = (line: string) => console.error(line),
  json = false,
): LocalHub {
  const deps = { config, table, callbacks: hubCallbacks("allowed") };
  const verifier = backgroundVerifier(deps, (request, outcome) => log(describe(request, outcome, json)));
  return { app: createHubApp({ ...deps, hand: verifier.hand }), verifier };
}
