import type { Config } from "@tributary/core/config";
import type { Store } from "@tributary/core/store";
import { queueSender, type WebSubQueue } from "./queue.ts";

/**
 * How long a delivery may be overdue before the sweep queues it again (ms). Its own message (from the poll worker
 * or a chained retry) normally comes within seconds of the due time; waiting this long keeps the sweep from
 * doubling a message that is merely on its way (a doubled one sends nothing twice, the claim sees to that).
 */
export const SWEEP_GRACE_MS = 5 * 60_000;

/**
 * The sweep the schedule runs: messages on the delivery queue for every delivery overdue by more than
 * `SWEEP_GRACE_MS` and not held by a live claim — one whose message SQS refused after the store wrote it, or
 * whose worker died before re-enqueuing its retry. Reads the pending partition with one Query (one page while
 * it is small) and sends nothing when no delivery is overdue, or when WebSub is turned off.
 * @returns how many deliveries were queued
 * @throws StorageError, or Error when SQS refuses the messages (the deliveries stay pending: the next sweep tries)
 */
export async function sweepDeliveries(deps: {
  config: Config;
  table: Pick<Store, "deliveries">;
  queue: WebSubQueue;
  now: Date;
}): Promise<number> {
  if (!deps.config.websub.enabled) return 0;
  const overdue = await deps.table.deliveries.due(new Date(deps.now.getTime() - SWEEP_GRACE_MS));
  const ids = overdue.map((delivery) => delivery.id);
  await queueSender(deps.queue).send(ids);
  return ids.length;
}
