/**
 * Source states, the sparse index of held-back sources and the poll records (see docs/data-model.md,
 * "Source states and the schedule"). Failures propagate as the SDK throws them; `Store` wraps them.
 */
import { type DynamoDBDocumentClient, PutCommand, paginateQuery } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "./batch.ts";
import { packEntries, unpackEntries } from "./entry-hashes.ts";
import { HELD, POLLS, sourceKey } from "./keys.ts";
import type { SourceState } from "./records.ts";
import { TABLE_KEYS } from "./table.ts";

/** Where source-state requests go. */
export interface SourceTarget {
  doc: DynamoDBDocumentClient;
  table: string;
}

/** Sort key of a gone source in the held index: after every ISO time, so never due. */
export const GONE = "~gone";
/** How long a poll record is kept (TTL) and how far back health looks for one. */
export const POLL_RECORD_DAYS = 2;
const DAY_MS = 86_400_000;

const index = TABLE_KEYS.indexes.due;
const KEY_ATTRIBUTES = ["pk", "sk", index.partitionKey, index.sortKey];

/**
 * Whether a source is held back — failing (backoff, Retry-After) or gone — and so listed in the held index.
 * Healthy sources (`pending`, `ok`) are due at every run of the schedule and have no index entry.
 */
export function isHeld(state: SourceState): boolean {
  return state.status === "failing" || state.status === "gone";
}

/**
 * The stored record of a source's state. A held-back source is in the sparse held index (`gsi1pk = "held"`)
 * under its next fetch time, or `~gone`; a healthy one is not in it.
 */
export function sourceRecord(state: SourceState): Record<string, unknown> {
  const held = isHeld(state)
    ? {
        [index.partitionKey]: HELD,
        [index.sortKey]: state.status === "gone" ? GONE : (state.nextFetchAt ?? GONE),
      }
    : {};
  return { ...sourceKey(state.id), ...state, ...packEntries(state), ...held };
}

/** The state held in a stored record (its keys and index attributes dropped). */
function stateOf(row: Record<string, unknown>): SourceState {
  const state = { ...row };
  for (const name of KEY_ATTRIBUTES) delete state[name];
  Object.assign(state, unpackEntries(row));
  return state as unknown as SourceState;
}

/** Whether a stored record's index attributes are not those its state calls for (a record of an older layout). */
function misplaced(row: Record<string, unknown>): boolean {
  const wanted = sourceRecord(stateOf(row));
  return row[index.partitionKey] !== wanted[index.partitionKey] || row[index.sortKey] !== wanted[index.sortKey];
}

/** Stored records of sources by id: eventually consistent (0.5 RCU per state ≤ 4 KB) unless `consistent`. */
async function readRows(target: SourceTarget, ids: string[], consistent: boolean) {
  const rows = await batchGet(target.doc, target.table, [...new Set(ids)].map(sourceKey), consistent);
  return new Map(rows.map((row) => [row.id as string, row]));
}

/** States of sources by id; eventually consistent unless `consistent`. */
export async function readStates(
  target: SourceTarget,
  ids: string[],
  consistent = false,
): Promise<Map<string, SourceState>> {
  const rows = await readRows(target, ids, consistent);
  return new Map([...rows].map(([id, row]) => [id, stateOf(row)]));
}

/** Writes a source's state (one PutItem; its index entry follows `sourceRecord`). */
export async function writeState(target: SourceTarget, state: SourceState): Promise<void> {
  await target.doc.send(new PutCommand({ TableName: target.table, Item: sourceRecord(state) }));
}

/** Writes a fresh state unless the source has one for the same URL; false then (another poll saved it). */
export async function startState(target: SourceTarget, state: SourceState): Promise<boolean> {
  try {
    await target.doc.send(
      new PutCommand({
        TableName: target.table,
        Item: sourceRecord(state),
        ConditionExpression: "attribute_not_exists(pk) OR #url <> :url",
        ExpressionAttributeNames: { "#url": "url" },
        ExpressionAttributeValues: { ":url": state.url },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error)?.name === "ConditionalCheckFailedException") return false;
    throw error;
  }
}

/**
 * Rewrites the states of `ids` whose index attributes are those of an older layout (every source in a `due`
 * index): held-back ones enter the held index, healthy ones leave the old one. Returns how many were written.
 */
export async function migrateStates(target: SourceTarget, ids: string[]): Promise<number> {
  const stale = [...(await readRows(target, ids, true)).values()].filter(misplaced);
  for (const row of stale) await writeState(target, stateOf(row));
  return stale.length;
}

/** The held-back sources: id → next fetch time (ISO) or `~gone`. One Query of the keys-only sparse index. */
export async function heldSources(target: SourceTarget): Promise<Map<string, string>> {
  const held = new Map<string, string>();
  const pages = paginateQuery(
    { client: target.doc },
    {
      TableName: target.table,
      IndexName: index.name,
      KeyConditionExpression: "#p = :held",
      ExpressionAttributeNames: { "#p": index.partitionKey },
      ExpressionAttributeValues: { ":held": HELD },
    },
  );
  for await (const page of pages) {
    for (const row of page.Items ?? []) held.set(String(row.pk).slice(2), String(row[index.sortKey]));
  }
  return held;
}

/** When a healthy source was last polled, as a poll record holds it. */
export interface LastPoll {
  /** When its feed was fetched (ISO). */
  fetchedAt: string;
  /** When its cycle was scheduled (ISO): it is next due `poll.everyMinutes` after. */
  at: string;
}

/**
 * Records the healthy sources a cycle (or a worker's batch) polled, whether their state was written or not:
 * one PutItem of `{ at, polled: { id: ISO fetch time } }` in the poll records' partition, sorted by `at` (when
 * the cycle was scheduled), kept POLL_RECORD_DAYS. Nothing when `polled` is empty.
 */
export async function writePollRecord(
  target: SourceTarget,
  polled: Map<string, string>,
  at: Date,
  now: Date,
): Promise<void> {
  if (polled.size === 0) return;
  await target.doc.send(
    new PutCommand({
      TableName: target.table,
      Item: {
        pk: POLLS,
        sk: `${at.toISOString()}#${Math.random().toString(36).slice(2, 10)}`,
        at: at.toISOString(),
        polled: Object.fromEntries(polled),
        expiresAt: Math.floor(now.getTime() / 1000) + POLL_RECORD_DAYS * 86_400,
      },
    }),
  );
}

/** The poll records scheduled after `since` (ISO), newest first, page by page (eventually consistent Query). */
function pollRecords(target: SourceTarget, since: string, pageSize?: number) {
  return paginateQuery(
    { client: target.doc, ...(pageSize ? { pageSize } : {}) },
    {
      TableName: target.table,
      KeyConditionExpression: "pk = :pk AND sk > :since",
      // `<since>#~` sorts after every record scheduled at `since` itself.
      ExpressionAttributeValues: { ":pk": POLLS, ":since": `${since}#~` },
      ScanIndexForward: false,
    },
  );
}

/** Ids of the sources a poll record scheduled after `since` (ISO) lists: polled healthy in that window. */
export async function polledSince(target: SourceTarget, since: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const page of pollRecords(target, since)) {
    for (const row of page.Items ?? []) for (const id of Object.keys(row.polled ?? {})) ids.add(id);
  }
  return ids;
}

/** How long after its cycle was scheduled a poll may still fetch (queue waits and retries included). */
const POLL_SPAN_MS = 3_600_000;

/**
 * The latest poll of each healthy source in `states` when a poll record holds one newer than the state's
 * `lastFetchedAt`. Reads the poll records newest first and stops once every such source is settled: by the
 * newest record listing it, or by records scheduled more than POLL_SPAN_MS before its state — usually one
 * schedule run's records. Looks back at most POLL_RECORD_DAYS.
 */
export async function latestPolls(
  target: SourceTarget,
  states: Iterable<SourceState>,
  now: Date,
): Promise<Map<string, LastPoll>> {
  const floor = now.getTime() - POLL_RECORD_DAYS * DAY_MS;
  const open = new Map<string, number>();
  for (const state of states) {
    if (state.status === "ok") open.set(state.id, state.lastFetchedAt ? Date.parse(state.lastFetchedAt) : floor);
  }
  const found = new Map<string, LastPoll>();
  if (open.size === 0) return found;
  const since = new Date(Math.max(Math.min(...open.values()) - POLL_SPAN_MS, floor)).toISOString();
  for await (const page of pollRecords(target, since, 25)) {
    let at = Number.POSITIVE_INFINITY;
    for (const row of page.Items ?? []) {
      at = Date.parse(String(row.at));
      for (const [id, fetchedAt] of Object.entries((row.polled ?? {}) as Record<string, string>)) {
        const stateAt = open.get(id);
        if (stateAt === undefined) continue;
        open.delete(id);
        if (Date.parse(fetchedAt) > stateAt) found.set(id, { fetchedAt, at: String(row.at) });
      }
    }
    for (const [id, stateAt] of open) if (at < stateAt - POLL_SPAN_MS) open.delete(id);
    if (open.size === 0) break;
  }
  return found;
}

/**
 * A healthy state as of its latest poll: when a poll record says it was polled after its state was written,
 * `lastFetchedAt` and `lastSuccessAt` become that poll's fetch time and `nextFetchAt` its cycle's scheduled
 * time + `everyMinutes`.
 */
export function asPolled(state: SourceState, poll: LastPoll | undefined, everyMinutes: number): SourceState {
  if (!poll || state.status !== "ok" || (state.lastFetchedAt && state.lastFetchedAt >= poll.fetchedAt)) return state;
  const next = new Date(Date.parse(poll.at) + everyMinutes * 60_000).toISOString();
  return { ...state, lastFetchedAt: poll.fetchedAt, lastSuccessAt: poll.fetchedAt, nextFetchAt: next };
}

/** States of sources as of their latest poll (`asPolled`): one BatchGet and, when any is healthy, one Query. */
export async function currentStates(target: SourceTarget, ids: string[], everyMinutes: number, now: Date) {
  const states = await readStates(target, ids);
  for (const [id, last] of await latestPolls(target, states.values(), now)) {
    states.set(id, asPolled(states.get(id) as SourceState, last, everyMinutes));
  }
  return states;
}
