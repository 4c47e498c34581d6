import { type Config, validateConfig } from "@tributary/core/config";
import { openStore, resolveTableName, type Store } from "@tributary/core/store";
import configInput from "../../tributary.config.ts";

/** The configuration bundled into the function at deploy time, validated once per instance. */
export function bundledConfig(): Config {
  return validateConfig(configInput);
}

/** The linked table: its name comes from `TABLE_NAME`, which the link sets (see infra/storage.ts). */
export function linkedStore(config: Config): Promise<Store> {
  return openStore({ retentionDays: config.retentionDays, tableName: resolveTableName() });
}

/**
 * Builds a value on first use and keeps it for the instance's life; a failed build is retried on the next use,
 * so one bad start does not poison a warm instance.
 */
export function once<T>(build: () => T | Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => {
    value ??= Promise.resolve()
      .then(build)
      .catch((error: unknown) => {
        value = null;
        throw error;
      });
    return value;
  };
}
