/**
 * How a poll changes a source's state: healthy after a read, failing (backoff, Retry-After) or gone after a
 * failure, and what of a read the state keeps (validators, body hash, entry hashes and their articles).
 */
import { createHash } from "node:crypto";
import { FetchError, type ItemTooLargeError } from "../errors.ts";
import { READING_RULES_VERSION, type ReadFeed } from "../normalize/index.ts";
import { idFingerprint, type SourceState } from "../store/index.ts";
import { backoffMs, RETRY_AFTER_CAP_MS } from "./backoff.ts";

/** The reading rules' version as it starts every body and entry hash this poll writes. */
const RULES = `${READING_RULES_VERSION}:`;
const later = (from: Date, ms: number) => new Date(from.getTime() + ms).toISOString();

/**
 * The hash a state keeps of a body: the reading rules' version, then the SHA-256 of the bytes, so an upgrade that
 * reads feeds differently reads each body again.
 */
export const bodyHashOf = (body: Uint8Array): string =>
  `${RULES}${createHash("sha256").update(body).digest("base64url")}`;

/** Whether the state's validators may be sent: a body last read under older reading rules is fetched whole. */
export const validatorsCurrent = (state: SourceState): boolean =>
  state.bodyHash === null || state.bodyHash.startsWith(RULES);

/**
 * The state after a failed poll at `now`: 410 makes the source gone (never due again until its URL changes);
 * anything else failing, next due after the backoff of its consecutive errors or the Retry-After asked (capped at
 * seven days), whichever is later. `random` jitters the backoff.
 */
export function failedState(
  state: SourceState,
  error: Error,
  now: Date,
  poll: { everyMinutes: number; random: () => number },
): SourceState {
  const errors = state.consecutiveErrors + 1;
  const failure = {
    lastFetchedAt: now.toISOString(),
    lastError: error.message,
    consecutiveErrors: errors,
    // The first failure of a run starts it; a state from before this was kept has none to carry on.
    failingSince: state.consecutiveErrors === 0 ? now.toISOString() : (state.failingSince ?? null),
  };
  const fetchError = error instanceof FetchError ? error : undefined;
  if (fetchError?.status === 410) return { ...state, ...failure, status: "gone", nextFetchAt: null };
  const retryAfter = fetchError?.retryAfterMs !== undefined ? Math.min(fetchError.retryAfterMs, RETRY_AFTER_CAP_MS) : 0;
  const delay = Math.max(backoffMs(errors, poll.everyMinutes, poll.random), retryAfter);
  return {
    ...state,
    ...failure,
    status: "failing",
    nextFetchAt: later(now, delay),
    retryAfterUntil: retryAfter > 0 ? later(now, retryAfter) : null,
  };
}

/**
 * The state after a successful poll at `now`, with `changes` (validators, hashes, feed info, the schedule's
 * inputs): healthy, no errors, next due at `next` (the schedule's rule, `poll/interval.ts`).
 */
export function okState(state: SourceState, now: Date, next: Date, changes: Partial<SourceState>): SourceState {
  return {
    ...state,
    ...changes,
    status: "ok",
    lastFetchedAt: now.toISOString(),
    lastSuccessAt: now.toISOString(),
    lastError: null,
    consecutiveErrors: 0,
    failingSince: null,
    nextFetchAt: next.toISOString(),
    retryAfterUntil: null,
  };
}

/** The fields whose change is written: everything but when the source was fetched and is next due. */
const POLL_TIMES = new Set(["lastFetchedAt", "lastSuccessAt", "nextFetchAt"]);

/** JSON of a value with object keys in order: a map read back from DynamoDB need not keep the order it was written in. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );

/** Whether `next` differs from `prev` in more than its poll times (validators, hashes, status, errors, feed info). */
export function stateChanged(prev: SourceState, next: SourceState): boolean {
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
  for (const key of keys) {
    if (POLL_TIMES.has(key)) continue;
    const a = prev[key as keyof SourceState] ?? null;
    const b = next[key as keyof SourceState] ?? null;
    if (a !== b && canonical(a) !== canonical(b)) return true;
  }
  return false;
}

/** The entry hashes of the source's last read, each with its item's id fingerprint ("" where the state has none). */
export function knownEntries(state: SourceState): Map<string, string> {
  const ids = state.entryIds?.length === state.entryHashes?.length ? state.entryIds : null;
  return new Map((state.entryHashes ?? []).map((hash, n) => [hash, ids?.[n] ?? ""]));
}

/**
 * What a state keeps of a read feed: its entry hashes, the id fingerprint of each (a skipped entry keeps the one
 * known), and the feed's title, link and language.
 */
export function readChanges(feed: ReadFeed, known: Map<string, string>): Partial<SourceState> {
  return {
    entryHashes: feed.entryHashes,
    entryIds: feed.entryHashes.map((hash, n) => {
      const id = feed.entryIds[n];
      return id ? idFingerprint(id) : (known.get(hash) ?? "");
    }),
    title: feed.info.title,
    link: feed.info.link,
    language: feed.info.language,
  };
}

/**
 * The articles of the entries skipped as unchanged, by id fingerprint (an entry the state has none for stands for
 * itself), so the cycle counts each article once however many sources list it.
 */
export function skippedArticles(feed: ReadFeed, known: Map<string, string>, sourceId: string): string[] {
  return feed.entryHashes.flatMap((hash, n) =>
    feed.entryIds[n] === null ? [known.get(hash) || `${sourceId}:${hash}`] : [],
  );
}

/** The reason a source whose entries were refused as too large fails: the first refusal, and how many more. */
export function tooLarge(rejected: ItemTooLargeError[]): Error {
  const [first] = rejected as [ItemTooLargeError];
  const more = rejected.length - 1;
  return more === 0 ? first : new Error(`${first.message} (and ${more} more ${more === 1 ? "entry" : "entries"})`);
}
