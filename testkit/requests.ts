import type { Store } from "@tributary/core/store";

/** DynamoDB operations that write. */
export const WRITE_COMMANDS = new Set([
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "BatchWriteItemCommand",
  "TransactWriteItemsCommand",
]);

/** Counts the requests a store sends to DynamoDB, by command name. */
export function countRequests(store: Store) {
  const counts = new Map<string, number>();
  store.kit.client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: "initialize", name: `count-${Math.random()}` },
  );
  return {
    counts,
    get total() {
      return [...counts.values()].reduce((a, b) => a + b, 0);
    },
    get writes() {
      return [...counts].filter(([name]) => WRITE_COMMANDS.has(name)).reduce((a, [, n]) => a + n, 0);
    },
    reset() {
      counts.clear();
    },
  };
}
