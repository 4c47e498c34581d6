import { type HubDeps, verifyAndStore } from "@tributary/core/websub";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { readVerificationMessage } from "./messages.ts";

/**
 * The verification queue's consumer (an SQS event source with `reportBatchItemFailures`): runs `verifyAndStore`
 * for each `websub-verify` message. A failed verification is an outcome, not retried; a storage failure returns
 * the message to the queue (then to its DLQ); a malformed message is dropped with a log line.
 * @example export const verifyHandler = createVerifyConsumer({ config, table, callbacks: hubCallbacks("refused") });
 */
export function createVerifyConsumer(deps: HubDeps, log: (line: string) => void = (line) => console.log(line)) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failures: SQSBatchResponse["batchItemFailures"] = [];
    for (const record of event.Records) {
      let message: ReturnType<typeof readVerificationMessage>;
      try {
        message = readVerificationMessage(record.body);
      } catch (error) {
        log(JSON.stringify({ event: "websub-dropped", messageId: record.messageId, error: (error as Error).message }));
        continue;
      }
      try {
        const outcome = await verifyAndStore(message.request, deps);
        log(JSON.stringify({ event: "websub-verified", mode: message.request.mode, ...outcome }));
      } catch (error) {
        log(JSON.stringify({ event: "websub-failed", messageId: record.messageId, error: (error as Error).message }));
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}
