/**
 * The WebSub hub's parts for other code (no side effects; `handler.ts` is the Lambda entry): the app, the
 * verification that follows a 202 (`verifyAndStore`), and the queue message that carries it to the delivery worker.
 */
export { type HubDeps, type HubOutcome, hubCallbacks, verifyAndStore } from "@tributary/core/websub";
export { createHubApp, type HubAppDeps, MAX_BODY_BYTES } from "./app.ts";
export { type BackgroundVerifier, backgroundVerifier } from "./background.ts";
export { type LocalHub, localHub } from "./local.ts";
export {
  readVerificationMessage,
  sqsVerificationQueue,
  type VerificationMessage,
  verificationMessage,
} from "./messages.ts";
