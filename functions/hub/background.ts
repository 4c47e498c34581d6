import { type HubDeps, type HubOutcome, type HubRequest, verifyAndStore } from "@tributary/core/websub";

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
