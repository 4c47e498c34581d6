/**
 * Poll records (`P#polls`): each cycle or worker batch writes one record listing the healthy sources it polled
 * and when, so an unchanged poll writes nothing of its source's own; health reads a healthy source's latest poll
 * from them (docs/data-model.md, "Source states and the schedule").
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { POLLS, pollRecordKey, pollRecordsAfter } from "./keys.ts";
import { DAY_S, expiresAt, type Row, type TableKit } from "./kit.ts";
import type { SourceState } from "./records.ts";

/** How long a poll record is kept (TTL) and how far back health looks for one. */
export const POLL_RECORD_DAYS = 2;
const DAY_MS = DAY_S * 1000;
/** How long after its cycle was scheduled a poll may still fetch (queue waits and retries included). */
const POLL_SPAN_MS = 3_600_000;

/** When a healthy source was last polled, as a poll record holds it. */
export interface LastPoll {
  /** When its feed was fetched (ISO). */
  fetchedAt: string;
  /** When its cycle was scheduled (ISO). */
  at: string;
  /** Its interval after that poll (minutes) and when it is next due (ISO); absent in records written before them. */
  interval?: number;
  next?: string;
}

/** A source a cycle polled healthy: its fetch time (ISO), with its interval (minutes) and next fetch (ISO). */
export type PolledSource = string | { fetchedAt: string; interval?: number; next?: string };

/**
 * Records the healthy sources a cycle (or a worker's batch) polled, whether their state was written or not:
 * one PutItem of `{ at, polled: { id: ISO fetch time }, interval: { id: minutes }, next: { id: ISO } }` in the poll
 * records' partition, sorted by `at` (when the cycle was scheduled), kept POLL_RECORD_DAYS. Nothing when `polled`
 * is empty.
 */
export async function writePollRecord(
  kit: TableKit,
  polled: Map<string, PolledSource>,
  at: Date,
  now: Date,
): Promise<void> {
  if (polled.size === 0) return;
  const fetched: Record<string, string> = {};
  const interval: Record<string, number> = {};
  const next: Record<string, string> = {};
  for (const [id, poll] of polled) {
    const entry = typeof poll === "string" ? { fetchedAt: poll } : poll;
    fetched[id] = entry.fetchedAt;
    if (entry.interval !== undefined) interval[id] = entry.interval;
    if (entry.next !== undefined) next[id] = entry.next;
  }
  const record = {
    ...pollRecordKey(at.toISOString(), Math.random().toString(36).slice(2, 10)),
    at: at.toISOString(),
    polled: fetched,
    ...(Object.keys(interval).length > 0 ? { interval } : {}),
    ...(Object.keys(next).length > 0 ? { next } : {}),
    expiresAt: expiresAt(now.getTime(), POLL_RECORD_DAYS * DAY_S),
  };
  await kit.send(new PutCommand({ TableName: kit.name, Item: record }));
}

/** The polls a stored poll record lists, by source id. */
function pollsOf(row: Row): Map<string, LastPoll> {
  const at = String(row.at);
  const interval = (row.interval ?? {}) as Record<string, number>;
  const next = (row.next ?? {}) as Record<string, string>;
  const polls = new Map<string, LastPoll>();
  for (const [id, fetchedAt] of Object.entries((row.polled ?? {}) as Record<string, string>)) {
    const poll: LastPoll = { fetchedAt, at };
    if (typeof interval[id] === "number") poll.interval = interval[id];
    if (typeof next[id] === "string") poll.next = next[id];
    polls.set(id, poll);
  }
  return polls;
}

/** The poll records scheduled after `since` (ISO), newest first, page by page (eventually consistent Query). */
function pollRecords(kit: TableKit, since: string, pageSize?: number) {
  return kit.query(
    {
      KeyConditionExpression: "pk = :pk AND sk > :since",
      ExpressionAttributeValues: { ":pk": POLLS, ":since": pollRecordsAfter(since) },
      ScanIndexForward: false,
    },
    pageSize,
  );
}

/**
 * The latest poll of each source a poll record scheduled after `since` (ISO) lists: polled healthy in that window.
 * One Query, newest first; its size follows the polls of the window, not the configured sources.
 */
export async function recentPolls(kit: TableKit, since: string): Promise<Map<string, LastPoll>> {
  const latest = new Map<string, LastPoll>();
  for await (const page of pollRecords(kit, since)) {
    for (const row of (page.Items ?? []) as Row[]) {
      for (const [id, poll] of pollsOf(row)) {
        const seen = latest.get(id);
        if (!seen || poll.at > seen.at || (poll.at === seen.at && poll.fetchedAt > seen.fetchedAt))
          latest.set(id, poll);
      }
    }
  }
  return latest;
}

/**
 * The latest poll of each healthy source in `states` that a poll record lists, as new as the state's `lastFetchedAt`
 * or newer (older ones too when the newest record listing the source is older). Reads the poll records newest first and stops once every such source is settled: by the
 * newest record listing it, or by records scheduled more than POLL_SPAN_MS before its state — usually one
 * schedule run's records. Looks back at most POLL_RECORD_DAYS.
 */
export async function latestPolls(
  kit: TableKit,
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
  let oldest = Number.POSITIVE_INFINITY;
  for (const at of open.values()) oldest = Math.min(oldest, at);
  const since = new Date(Math.max(oldest - POLL_SPAN_MS, floor)).toISOString();
  for await (const page of pollRecords(kit, since, 25)) {
    let at = Number.POSITIVE_INFINITY;
    for (const row of (page.Items ?? []) as Row[]) {
      at = Date.parse(String(row.at));
      for (const [id, poll] of pollsOf(row)) {
        const stateAt = open.get(id);
        if (stateAt === undefined) continue;
        open.delete(id);
        found.set(id, poll);
      }
    }
    for (const [id, stateAt] of open) if (at < stateAt - POLL_SPAN_MS) open.delete(id);
    if (open.size === 0) break;
  }
  return found;
}

/**
 * When a healthy source polled by the cycle scheduled at `at` is next due under the configuration in force now, or
 * null to keep the next fetch its poll planned (the schedule's rule for a fixed interval, `poll/interval.ts`
 * `fixedNextFetch`, given by the caller: the store knows no configuration).
 */
export type Replan = (id: string, at: Date) => Date | null;

/**
 * A healthy state as of its latest poll: when a poll record says it was polled after its state was written,
 * `lastFetchedAt` and `lastSuccessAt` become that poll's fetch time and `nextFetchAt` the next fetch the record
 * holds (a record from before it held one: its cycle's scheduled time + `everyMinutes`). With `replan`, the next
 * fetch is what it answers for the cycle of its latest poll (the record's scheduled time; with no record, its
 * `lastFetchedAt`) when it answers one. A held-back or pending state is returned as it is.
 */
export function asPolled(
  state: SourceState,
  poll: LastPoll | undefined,
  everyMinutes: number,
  replan?: Replan,
): SourceState {
  if (state.status !== "ok") return state;
  let out = state;
  if (poll && !(state.lastFetchedAt && state.lastFetchedAt >= poll.fetchedAt)) {
    const next = poll.next ?? new Date(Date.parse(poll.at) + everyMinutes * 60_000).toISOString();
    out = { ...state, lastFetchedAt: poll.fetchedAt, lastSuccessAt: poll.fetchedAt, nextFetchAt: next };
  }
  const at = poll?.at ?? out.lastFetchedAt;
  const next = replan && at ? replan(state.id, new Date(at)) : null;
  return next ? { ...out, nextFetchAt: next.toISOString() } : out;
}

/**
 * The latest fetch time (ISO) the newest poll record holds (one Query of one record, within POLL_RECORD_DAYS), or
 * null when there is none: when a source was last polled healthy, for views over too many sources to read each.
 */
export async function newestFetch(kit: TableKit, now: Date): Promise<string | null> {
  const since = new Date(now.getTime() - POLL_RECORD_DAYS * DAY_MS).toISOString();
  for await (const page of pollRecords(kit, since, 1)) {
    const row = page.Items?.[0] as Row | undefined;
    if (!row) return null;
    let latest: string | null = null;
    for (const fetchedAt of Object.values((row.polled ?? {}) as Record<string, string>)) {
      if (latest === null || fetchedAt > latest) latest = fetchedAt;
    }
    return latest;
  }
  return null;
}
