import { DUE, sourceKey } from "./keys.ts";
import type { SourceState } from "./records.ts";
import { TABLE_KEYS } from "./table.ts";

/** The stored record of a source's state: in the due index (`gsi1`) by its next fetch time unless gone. */
export function sourceRecord(state: SourceState): Record<string, unknown> {
  const due =
    state.status !== "gone" && state.nextFetchAt
      ? { [TABLE_KEYS.indexes.due.partitionKey]: DUE, [TABLE_KEYS.indexes.due.sortKey]: state.nextFetchAt }
      : {};
  return { ...sourceKey(state.id), ...state, ...due };
}
