import { createHash } from "node:crypto";
import type { Config, SourceConfig, TopicConfig } from "../../packages/core/src/config/index.ts";
import { NotFoundError } from "../../packages/core/src/errors.ts";
import type { Item } from "../../packages/core/src/item.ts";
import type { ListMeta, ListPage, Store } from "../../packages/core/src/store/index.ts";
import { TtlCache } from "./http/ttl-cache.ts";

/** What the app needs from outside: the configuration, the store and (for tests) a clock. */
export interface AppDeps {
  config: Config;
  store: Store;
  now?: () => Date;
  /** How long a list's version may be reused (default 1 s; 0 reads it on every request). */
  listVersionMaxAgeMs?: number;
  /** Take the public origin from X-Forwarded-Host (only behind a proxy that sets it, as CloudFront does in AWS). */
  trustForwardedHost?: boolean;
}

/** Everything a route uses, built once per app (one warm instance). */
export interface Services {
  config: Config;
  store: Store;
  now: () => Date;
  trustForwardedHost: boolean;
  /** Hash of the configuration: rendered output depends on titles and descriptions, so validators do too. */
  fingerprint: string;
  /** Rendered feeds and pages by list version and URL, at most 10 s old. */
  rendered: TtlCache<string>;
  /** Pages of lists for the JSON API by list version and query, at most 10 s old. */
  pages: TtlCache<ListPage>;
  /** Source titles read from source states, for sources without a configured title. */
  stateTitles: TtlCache<Map<string, string>>;
  /** List versions, reused for a second: a busy feed costs one GetItem a second, not one a request. */
  listVersions: TtlCache<ListMeta | null>;
}

/** How long a warm instance may reuse rendered output (SPEC §4, Caching). */
export const RENDER_MAX_AGE_MS = 10_000;
/** How long a warm instance may reuse a list's version before asking the store again. */
export const LIST_VERSION_MAX_AGE_MS = 1_000;
const DAY_MS = 86_400_000;

/** Builds the services of one app. */
export function createServices(deps: AppDeps): Services {
  const now = deps.now ?? (() => new Date());
  const cache = <V>(maxAgeMs: number, maxEntries: number) => new TtlCache<V>({ maxAgeMs, maxEntries, now });
  return {
    config: deps.config,
    store: deps.store,
    now,
    trustForwardedHost: deps.trustForwardedHost ?? false,
    fingerprint: createHash("sha256").update(JSON.stringify(deps.config)).digest("base64url").slice(0, 12),
    rendered: cache<string>(RENDER_MAX_AGE_MS, 256),
    pages: cache<ListPage>(RENDER_MAX_AGE_MS, 256),
    stateTitles: cache<Map<string, string>>(5 * 60_000, 1),
    // Wall-clock time, whatever clock the app is given: the store's versions move in real time.
    listVersions: new TtlCache<ListMeta | null>({
      maxAgeMs: deps.listVersionMaxAgeMs ?? LIST_VERSION_MAX_AGE_MS,
      maxEntries: 1024,
      now: () => new Date(),
    }),
  };
}

/** The retention cutoff: items published before it are never shown. */
export function retentionCutoff(s: Services): string {
  return new Date(s.now().getTime() - s.config.retentionDays * DAY_MS).toISOString();
}

/** The configured topic `slug`. @throws NotFoundError when there is none. */
export function findTopic(config: Config, slug: string): TopicConfig {
  const topic = config.topics.find((t) => t.slug === slug);
  if (!topic) throw new NotFoundError(`no topic "${slug}"`);
  return topic;
}

/** The configured source `id`. @throws NotFoundError when there is none. */
export function findSource(config: Config, id: string): SourceConfig {
  const source = config.sources.find((s) => s.id === id);
  if (!source) throw new NotFoundError(`no source "${id}"`);
  return source;
}

/**
 * Display titles of the configured sources: the configured title, else the feed's own title from its state,
 * else the id. Source states are read (one BatchGet, kept five minutes) only when a source of `items` has no
 * configured title, so a feed request usually costs nothing here.
 */
export async function sourceTitles(s: Services, items?: readonly Item[]): Promise<Record<string, string>> {
  const untitled = new Set(s.config.sources.filter((source) => !source.title).map((source) => source.id));
  const needed = items ? items.some((item) => item.sources.some((id) => untitled.has(id))) : untitled.size > 0;
  let fromState = new Map<string, string>();
  if (needed) {
    const cached = s.stateTitles.get("titles");
    if (cached) fromState = cached;
    else {
      const states = await s.store.getSourceStates([...untitled]);
      for (const [id, state] of states) if (state.title) fromState.set(id, state.title);
      s.stateTitles.set("titles", fromState);
    }
  }
  return Object.fromEntries(
    s.config.sources.map((source) => [source.id, source.title ?? fromState.get(source.id) ?? source.id]),
  );
}
