import type { SourceStatus } from "../../packages/core/src/store/index.ts";
import type { Services } from "./services.ts";

/** A source's health as served by `/api/sources` and shown on `/sources`. */
export interface SourceHealth {
  id: string;
  url: string;
  title: string | null;
  status: SourceStatus;
  lastFetchedAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveErrors: number;
  nextFetchAt: string | null;
}

/**
 * Every configured source, in configuration order, merged with its stored state (one BatchGet).
 * A source never polled is `pending` with nulls; the title is the configured one, else the feed's own.
 */
export async function readSourceHealth(s: Services): Promise<SourceHealth[]> {
  const states = await s.store.getSourceStates(s.config.sources.map((source) => source.id));
  return s.config.sources.map((source) => {
    const state = states.get(source.id);
    return {
      id: source.id,
      url: source.url,
      title: source.title ?? state?.title ?? null,
      status: state?.status ?? "pending",
      lastFetchedAt: state?.lastFetchedAt ?? null,
      lastSuccessAt: state?.lastSuccessAt ?? null,
      lastError: state?.lastError ?? null,
      consecutiveErrors: state?.consecutiveErrors ?? 0,
      nextFetchAt: state?.nextFetchAt ?? null,
    };
  });
}

/** When source health last changed: the latest fetch of any source, or null before the first. */
export function healthModifiedAt(sources: SourceHealth[]): string | null {
  let latest: string | null = null;
  for (const source of sources) {
    if (source.lastFetchedAt && (!latest || source.lastFetchedAt > latest)) latest = source.lastFetchedAt;
  }
  return latest;
}
