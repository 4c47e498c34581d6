import { createHash } from "node:crypto";
import type { Config, SourceConfig } from "../config/index.ts";
import { retentionCutoff } from "../config/index.ts";
import { FetchError, type ItemTooLargeError } from "../errors.ts";
import type { Fetcher, Limiter } from "../fetch/index.ts";
import { READING_RULES_VERSION, readFeed } from "../normalize/index.ts";
import type { ListKey, SourceState, Store } from "../store/index.ts";
import { idFingerprint, sourceList } from "../store/index.ts";
import { backoffMs, RETRY_AFTER_CAP_MS } from "./backoff.ts";
import { type MergeResult, mergeItems } from "./merge.ts";
import type { SourceReport } from "./report.ts";
import { sweepList } from "./sync.ts";

/** What polling a source needs. */
export interface SourceContext {
  config: Config;
  store: Store;
  fetcher: Fetcher;
  now: () => Date;
  random: () => number;
  /** When the cycle was scheduled: a healthy source is next due `poll.everyMinutes` after it (default: now). */
  scheduledAt?: Date;
  /** Bounds how many sources store their items at once (the fetcher bounds the fetches). */
  storing?: Limiter;
}

const RULES = `${READING_RULES_VERSION}:`;
const later = (now: Date, ms: number) => new Date(now.getTime() + ms).toISOString();

function failedState(ctx: SourceContext, state: SourceState, error: Error, now: Date): SourceState {
  const errors = state.consecutiveErrors + 1;
  const fetchError = error instanceof FetchError ? error : undefined;
  if (fetchError?.status === 410) {
    return {
      ...state,
      status: "gone",
      lastFetchedAt: now.toISOString(),
      lastError: error.message,
      consecutiveErrors: errors,
      nextFetchAt: null,
    };
  }
  const retryAfter = fetchError?.retryAfterMs !== undefined ? Math.min(fetchError.retryAfterMs, RETRY_AFTER_CAP_MS) : 0;
  const delay = Math.max(backoffMs(errors, ctx.config.poll.everyMinutes, ctx.random), retryAfter);
  return {
    ...state,
    status: "failing",
    lastFetchedAt: now.toISOString(),
    lastError: error.message,
    consecutiveErrors: errors,
    nextFetchAt: later(now, delay),
    retryAfterUntil: retryAfter > 0 ? later(now, retryAfter) : null,
  };
}

/**
 * A healthy state as of its latest poll (a poll record may hold a newer `lastSuccessAt` than the state): read
 * when a healthy source fails, so the failing state it writes keeps when it last succeeded.
 */
async function asPolled(ctx: SourceContext, state: SourceState): Promise<SourceState> {
  if (state.status !== "ok") return state;
  return (await ctx.store.sources.current([state.id], ctx.config.poll.everyMinutes, ctx.now())).get(state.id) ?? state;
}

function okState(ctx: SourceContext, state: SourceState, now: Date, changes: Partial<SourceState>): SourceState {
  return {
    ...state,
    ...changes,
    status: "ok",
    lastFetchedAt: now.toISOString(),
    lastSuccessAt: now.toISOString(),
    lastError: null,
    consecutiveErrors: 0,
    nextFetchAt: later(ctx.scheduledAt ?? now, ctx.config.poll.everyMinutes * 60_000),
    retryAfterUntil: null,
  };
}

/** The fields whose change is written: everything but when the source was fetched and is next due. */
const POLL_TIMES = new Set(["lastFetchedAt", "lastSuccessAt", "nextFetchAt"]);

/** Whether `next` differs from `prev` in more than its poll times (validators, hashes, status, errors, feed info). */
export function stateChanged(prev: SourceState, next: SourceState): boolean {
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
  for (const key of keys) {
    if (POLL_TIMES.has(key)) continue;
    const a = prev[key as keyof SourceState] ?? null;
    const b = next[key as keyof SourceState] ?? null;
    if (a !== b && JSON.stringify(a) !== JSON.stringify(b)) return true;
  }
  return false;
}

/**
 * What polling a source came to. `polledAt`: when a poll that left the source healthy fetched it (ISO), else
 * null.
 */
export interface SourcePoll {
  report: SourceReport;
  merge: MergeResult | null;
  polledAt: string | null;
  /**
   * The articles of the entries skipped as unchanged since the last read, by item id fingerprint
   * (`idFingerprint`), so the cycle counts each once; absent when nothing was read.
   */
  skipped?: string[];
}

/**
 * Polls one source: conditional fetch, parse, merge, and only then saves its validators and body hash.
 * Fetch and parse failures, and entries too large to store (its other entries are stored), mark the source
 * failing (410: gone) with the reason, its validators not saved; storage failures are not the source's fault
 * and leave its state untouched. An unchanged poll (304, or the same body and validators) of a healthy
 * source writes nothing for it: the cycle records `polledAt` of all its sources at once (docs/data-model.md).
 * Throws nothing but StorageError.
 */
export async function pollSource(ctx: SourceContext, source: SourceConfig, state: SourceState): Promise<SourcePoll> {
  const started = Date.now();
  const base = { id: source.id, bytes: 0, new: 0, updated: 0, unchanged: 0 };
  const done = (report: Pick<SourceReport, "outcome" | "status"> & Partial<SourceReport>): SourceReport => ({
    ...base,
    ...report,
    id: source.id,
    ms: Date.now() - started,
  });
  /** The source's fault: its state marks it failing (or gone) with the reason, which the report gives too. */
  const fail = async (error: Error, report: Partial<SourceReport> = {}): Promise<SourceReport> => {
    const next = failedState(ctx, await asPolled(ctx, state), error, ctx.now());
    await ctx.store.sources.save(next);
    return done({ ...report, outcome: "failed", status: next.status, error: error.message });
  };
  let fetched: Awaited<ReturnType<Fetcher["fetch"]>>;
  try {
    // A body last read under older reading rules is fetched whole: the upgrade must read it again.
    const current = state.bodyHash === null || state.bodyHash.startsWith(RULES);
    fetched = await ctx.fetcher.fetch({
      url: source.url,
      etag: current ? state.etag : null,
      lastModified: current ? state.lastModified : null,
    });
  } catch (error) {
    return { report: await fail(error as Error), merge: null, polledAt: null };
  }
  const now = ctx.now();
  /** A poll that read nothing new: the state is written only when more than its poll times changed. */
  const unchanged = async (changes: Partial<SourceState>, bytes: number): Promise<SourcePoll> => {
    const next = okState(ctx, state, now, changes);
    if (stateChanged(state, next)) await ctx.store.sources.save(next);
    const report = done({ outcome: "not-modified", status: "ok", bytes });
    return { report, merge: null, polledAt: now.toISOString() };
  };
  if (fetched.status === "not-modified") return unchanged({}, 0);
  const body = fetched.body;
  const validators = { etag: fetched.etag, lastModified: fetched.lastModified };
  // The hash starts with the reading rules' version: an upgrade that reads feeds differently reads each body again.
  const bodyHash = `${RULES}${createHash("sha256").update(body).digest("base64url")}`;
  if (bodyHash === state.bodyHash) return unchanged(validators, body.byteLength);
  const known = knownEntries(state);
  let feed: Awaited<ReturnType<typeof readFeed>>;
  try {
    feed = await readFeed(body, {
      contentType: fetched.contentType,
      url: fetched.finalUrl,
      sourceId: source.id,
      now: fetched.requestedAt,
      knownEntries: new Set(known.keys()),
    });
  } catch (error) {
    return { report: await fail(error as Error, { bytes: body.byteLength }), merge: null, polledAt: null };
  }
  // Stored copies are ordered by when their request was sent: a slow older answer never reverts a newer one.
  const store = () => mergeItems(ctx.store, ctx.config, source.id, feed.items, fetched.requestedAt);
  const merge = await (ctx.storing ? ctx.storing.run("store", store) : store());
  const cutoff = retentionCutoff(ctx.config, now);
  const list: ListKey = sourceList(source.id);
  if (await sweepList(ctx.store, list, cutoff, now)) merge.changedLists.add(list);
  // Entries whose items were stored count as such, but the source failed: the next poll (after its backoff)
  // reads the body again, its validators and hashes not saved, and stores nothing twice.
  const counts = { new: 0, updated: 0, unchanged: feed.skipped };
  for (const outcome of merge.outcomes.values()) counts[outcome]++;
  if (merge.rejected.length > 0) {
    const report = await fail(tooLarge(merge.rejected), { bytes: body.byteLength, ...counts });
    return { report, merge, polledAt: null };
  }
  await ctx.store.sources.save(
    okState(ctx, state, now, {
      ...validators,
      bodyHash,
      entryHashes: feed.entryHashes,
      entryIds: feed.entryHashes.map((hash, n) => {
        const id = feed.entryIds[n];
        return id ? idFingerprint(id) : (known.get(hash) ?? "");
      }),
      title: feed.info.title,
      link: feed.info.link,
      language: feed.info.language,
    }),
  );
  // The articles of the skipped entries, by id fingerprint (one the state lacks stands for itself), for the cycle's count.
  const skipped = feed.entryHashes.flatMap((hash, n) =>
    feed.entryIds[n] === null ? [known.get(hash) || `${source.id}:${hash}`] : [],
  );
  return {
    report: done({ outcome: "fetched", status: "ok", bytes: body.byteLength, ...counts }),
    merge,
    polledAt: now.toISOString(),
    skipped,
  };
}

/** The reason a source whose entries were refused as too large fails: the first refusal, and how many more. */
function tooLarge(rejected: ItemTooLargeError[]): Error {
  const [first] = rejected as [ItemTooLargeError];
  const more = rejected.length - 1;
  return more === 0 ? first : new Error(`${first.message} (and ${more} more ${more === 1 ? "entry" : "entries"})`);
}

/** The entry hashes of the source's last read, each with its item's id fingerprint ("" where the state has none). */
function knownEntries(state: SourceState): Map<string, string> {
  const ids = state.entryIds?.length === state.entryHashes?.length ? state.entryIds : null;
  return new Map((state.entryHashes ?? []).map((hash, n) => [hash, ids?.[n] ?? ""]));
}
