/**
 * A source's state as stored: its record, with entry hashes packed and, for a held-back source, its entry in the
 * sparse held index; and back.
 */
import { packEntries, unpackEntries } from "./entry-hashes.ts";
import { heldEntry, sourceKey } from "./keys.ts";
import type { Row } from "./kit.ts";
import type { SourceState } from "./records.ts";
import { TABLE_KEYS } from "./table.ts";

const INDEX = TABLE_KEYS.indexes.due;
const KEY_ATTRIBUTES = ["pk", "sk", INDEX.partitionKey, INDEX.sortKey];

/**
 * Whether a source is held back — failing (backoff, Retry-After) or gone — and so listed in the held index.
 * Healthy sources (`pending`, `ok`) are due at every run of the schedule and have no index entry.
 */
export function isHeld(state: SourceState): boolean {
  return state.status === "failing" || state.status === "gone";
}

/**
 * The stored record of a source's state. A held-back source is in the sparse held index (`gsi1pk = "held"`)
 * under its next fetch time, or after every time when it is gone; a healthy one is not in it.
 */
export function sourceRecord(state: SourceState): Row {
  const held = isHeld(state) ? heldEntry(state.status === "gone" ? null : state.nextFetchAt) : {};
  return { ...sourceKey(state.id), ...state, ...packEntries(state), ...held };
}

/** The state held in a stored record (its keys and index attributes dropped, entry hashes unpacked). */
export function stateOf(row: Row): SourceState {
  const state = { ...row };
  for (const name of KEY_ATTRIBUTES) delete state[name];
  Object.assign(state, unpackEntries(row));
  return state as unknown as SourceState;
}

/** Whether a stored record's index attributes are not those its state calls for (a record of an older layout). */
export function misplaced(row: Row): boolean {
  const wanted = sourceRecord(stateOf(row));
  return row[INDEX.partitionKey] !== wanted[INDEX.partitionKey] || row[INDEX.sortKey] !== wanted[INDEX.sortKey];
}
