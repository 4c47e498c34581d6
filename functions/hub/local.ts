import type { Config } from "@tributary/core/config";
import type { Store } from "@tributary/core/store";
import { type HubOutcome, type HubRequest, hubCallbacks } from "@tributary/core/websub";
import { createHubApp } from "./app.ts";
import { type BackgroundVerifier, backgroundVerifier } from "./background.ts";

/** The hub of the local stack: its app, and the verifications it runs in the background of the process. */
export interface LocalHub {
  app: ReturnType<typeof createHubApp>;
  verifier: BackgroundVerifier;
}

/** One line about a finished verification, for the server's log. */
function describe(request: HubRequest, outcome: HubOutcome): string {
  const what = `${request.mode} ${request.topic} → ${request.callback}`;
  return outcome.done === "nothing"
    ? `websub: ${what}: not verified (${outcome.reason})`
    : `websub: ${what}: ${outcome.done}`;
}

/**
 * The hub as the local stack runs it: callbacks on loopback allowed (`internal: "allowed"`, link-local still
 * never), verification in the background of the server process, each outcome logged on stderr.
 */
export function localHub(
  config: Config,
  table: Pick<Store, "subscriptions">,
  log = (line: string) => console.error(line),
): LocalHub {
  const deps = { config, table, callbacks: hubCallbacks("allowed") };
  const verifier = backgroundVerifier(deps, (request, outcome) => log(describe(request, outcome)));
  return { app: createHubApp({ ...deps, hand: verifier.hand }), verifier };
}
