/**
 * `store.budgets`: verification budgets per callback host, shared by every hub instance through the table
 * (`WR#<host>`, one counter per fixed window), expiring by TTL a window after the window's end. The window and
 * its limit are the hub's rule (`websub/budget.ts`); the store keeps the count.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { budgetKey } from "./keys.ts";
import { expiresAt, type TableKit } from "./kit.ts";

/**
 * A fixed window of a budget: when it starts and how long it lasts (epoch ms, ms), and how many requests it admits
 * (`Infinity`: every request is counted and admitted).
 */
export interface BudgetWindow {
  start: number;
  lengthMs: number;
  limit: number;
}

/** Per-host counters of fixed windows: every method's storage failure is a StorageError. */
export class Budgets {
  constructor(private readonly kit: TableKit) {}

  /**
   * Spends one request of `host`'s budget in `window` (one UpdateItem, conditional unless the limit is infinite):
   * true when it was admitted, false when the window's limit was already reached.
   * @throws StorageError
   */
  spend(host: string, window: BudgetWindow): Promise<boolean> {
    const limited = Number.isFinite(window.limit);
    return this.kit.guard("verification budget", () =>
      this.kit.sendIf(
        new UpdateCommand({
          TableName: this.kit.name,
          Key: budgetKey(host, window.start),
          UpdateExpression: "ADD sent :one SET expiresAt = :expires",
          ...(limited ? { ConditionExpression: "attribute_not_exists(sent) OR sent < :limit" } : {}),
          ExpressionAttributeValues: {
            ":one": 1,
            ":expires": expiresAt(window.start + 2 * window.lengthMs),
            ...(limited ? { ":limit": window.limit } : {}),
          },
        }),
      ),
    );
  }
}
