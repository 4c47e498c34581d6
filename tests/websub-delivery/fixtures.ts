/** A store with a topic's items, subscriptions on loopback subscribers, and delivery dependencies. */

import { CallbackClient } from "@tributary/core/fetch";
import { Reader } from "@tributary/core/read";
import { openStore, type Store, type Subscription } from "@tributary/core/store";
import { type DeliveryDeps, topicFeedRenderer } from "@tributary/core/websub";
import { makeItem, NOW, seed, setup, testConfig } from "../api/fixtures.ts";
import { engineEndpoint } from "../helpers/store.ts";

export { NOW };

/** The origin topic URLs name in these tests. */
export const ORIGIN = "http://127.0.0.1:3000";

/** A store with three items in topic `world`, and the app on it (`get` answers as `GET` does). */
export async function deliveryStore() {
  const env = await setup();
  await seed(env.store, "world", [makeItem(1, 1), makeItem(2, 2), makeItem(3, 3, ["beta"])]);
  return env;
}

/** A second client on the same table: another process. */
export function sameTable(store: Store): Promise<Store> {
  return openStore({ endpoint: engineEndpoint(), tableName: store.table, retentionDays: 90 });
}

/** Stores a verified subscription of `world` in `format` to `callback`, leased from NOW (default: a day). */
export async function subscribe(
  store: Store,
  callback: string,
  options: { format?: Subscription["format"]; secret?: string | null; leaseSeconds?: number } = {},
): Promise<Subscription> {
  const format = options.format ?? "rss";
  const leaseSeconds = options.leaseSeconds ?? 86_400;
  const subscription: Subscription = {
    slug: "world",
    format,
    topic: `${ORIGIN}/feeds/world.${format}`,
    callback,
    callbackHost: new URL(callback).hostname,
    secret: options.secret ?? null,
    leaseSeconds,
    verifiedAt: NOW.toISOString(),
    expiresAt: Math.floor(NOW.getTime() / 1000) + leaseSeconds,
  };
  await store.subscriptions.save(subscription);
  return subscription;
}

/** Delivery dependencies on `store` with a settable clock; callbacks on loopback allowed. */
export function deliveryDeps(
  store: Store,
  overrides: Partial<DeliveryDeps> = {},
): DeliveryDeps & { clock: { now: Date } } {
  const clock = { now: NOW };
  return {
    table: store,
    callbacks: new CallbackClient({ timeoutMs: 5_000, maxBytes: 1024, internal: "allowed" }),
    render: topicFeedRenderer(new Reader({ config: testConfig, store, now: () => NOW })),
    now: () => clock.now,
    random: () => 0.5,
    clock,
    ...overrides,
  };
}
