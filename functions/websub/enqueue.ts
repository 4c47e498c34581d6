import type { Config } from "@tributary/core/config";
import type { CycleResult } from "@tributary/core/poll";
import type { Store } from "@tributary/core/store";
import { changedTopics, queueTopicDeliveries } from "@tributary/core/websub/delivery.ts";
import { deliverMessages } from "./messages.ts";
import type { WebSubQueue } from "./queue.ts";

/**
 * What the poll worker runs after a batch: a pending delivery in the store for every subscriber of each topic
 * the batch changed (coalesced with one already pending), then messages on the delivery queue that send them
 * now. Nothing when WebSub is turned off or no topic changed.
 * @returns how many deliveries were queued
 * @throws StorageError, or Error when SQS refuses the messages (the deliveries stay pending in the store)
 */
export function deliveryEnqueuer(deps: { config: Config; store: Store; queue: WebSubQueue; now?: () => Date }) {
  return async (result: Pick<CycleResult, "changedLists">): Promise<number> => {
    if (!deps.config.websub.enabled) return 0;
    const topics = changedTopics(result.changedLists);
    if (topics.length === 0) return 0;
    const ids = await queueTopicDeliveries(deps.store, topics, (deps.now ?? (() => new Date()))());
    await deps.queue.send(deliverMessages(ids).map((message) => ({ message, delaySeconds: 0 })));
    return ids.length;
  };
}
