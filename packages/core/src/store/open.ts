import { createClients, resolveTableName } from "./client.ts";
import { Store } from "./store.ts";
import { ensureTable } from "./table.ts";

/** How to reach the table. */
export interface OpenStoreOptions {
  endpoint?: string;
  tableName?: string;
  retentionDays: number;
  /** Create the table when missing (local engines and `DYNAMODB_ENDPOINT`). */
  createTable?: boolean;
  maxAttempts?: number;
}

/** Opens the store, creating the table when asked. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { client, doc } = createClients({ endpoint: options.endpoint, maxAttempts: options.maxAttempts });
  const table = options.tableName ?? resolveTableName();
  if (options.createTable) await ensureTable(client, table);
  return new Store(doc, client, table, options.retentionDays);
}
