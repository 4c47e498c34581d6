import { createHash } from "node:crypto";
import type { Config } from "@tributary/core/config";
import { Reader } from "@tributary/core/read";
import type { ListKey, ListMeta, Store } from "@tributary/core/store";
import { LRUCache } from "lru-cache";
import type { KeptList } from "./http/serve.ts";

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

/** Everything a route uses, built once per app (one warm instance): the core's reader and this instance's caches. */
export interface Services {
  config: Config;
  /** Every read of topics, sources, lists and items goes through it. */
  reader: Reader;
  /** Storage itself, for /health only. */
  store: Store;
  now: () => Date;
  trustForwardedHost: boolean;
  /**
   * When this app took its configuration (ISO, by `now`): its creation — the process's start, or a reload of the
   * configuration file (`RunningServer.reconfigure`). What the configuration alone decides (topic titles and
   * descriptions, the OPML list) last changed then at the latest: its Last-Modified. The change time of a
   * configuration is stored nowhere, so a restart moves it too (a client's If-Modified-Since then gets one 200).
   */
  configuredAt: string;
  /**
   * Hash of what in the configuration decides a list's content (`configFingerprints`), by list: its ETags change
   * at once when the configuration changes it, and only then.
   */
  fingerprint(list: ListKey): string;
  /** Rendered feeds, topic pages and API lists (UTF-8) by list version and canonical URL, at most 10 s old. */
  rendered: LRUCache<string, KeptList>;
  /** Rendered home pages by the versions of every topic, at most 10 s old. */
  homes: LRUCache<string, string>;
  /** Hashes of (configuration, variant, URL) for list ETags, by variant and URL, at most an hour old. */
  urlDigests: LRUCache<string, string>;
  /**
   * List versions (`meta` null for a list never written), reused for a second: a busy feed costs one GetItem a
   * second, not one a request. Null when `listVersionMaxAgeMs` is 0: read on every request.
   */
  listVersions: LRUCache<ListKey, { meta: ListMeta | null }> | null;
}

/** How long a warm instance may reuse rendered output. */
export const RENDER_MAX_AGE_MS = 10_000;
/** How long a warm instance may reuse a list's version before asking the store again. */
export const LIST_VERSION_MAX_AGE_MS = 1_000;

const hash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 12);

/**
 * Hashes of what in `config` decides the content of a list besides its stored version: the site's title, origin,
 * language, retention and hub, every source's id, title and URL (entries name their publishers and categories),
 * and for a topic its whole configuration (title, description, sources, terms, `match`, `stories`). Another
 * topic's change leaves a list's hash alone. The part every list shares is hashed once, each list's on first use.
 */
export function configFingerprints(config: Config): (list: ListKey) => string {
  const site = [config.title, config.baseUrl, config.language, config.retentionDays, config.websub.enabled];
  const shared = hash([site, config.sources.map((source) => [source.id, source.title, source.url])]);
  const byList = new Map<ListKey, string>();
  return (list) => {
    let value = byList.get(list);
    if (value === undefined) {
      const topic = list.startsWith("t:") ? config.topics.find((t) => t.slug === list.slice(2)) : undefined;
      value = hash([shared, topic ?? null]);
      byList.set(list, value);
    }
    return value;
  };
}

/**
 * A least-recently-used cache of at most `max` entries, each kept at most `ttlMs` milliseconds of `now`'s time
 * (`lru-cache`). Each warm instance keeps its own.
 */
function cacheOf<K extends {}, V extends {}>(max: number, ttlMs: number, now: () => Date): LRUCache<K, V> {
  // Read the clock on every lookup (ttlResolution 0): tests move it by hand.
  return new LRUCache<K, V>({ max, ttl: ttlMs, ttlResolution: 0, perf: { now: () => now().getTime() } });
}

/** Builds the services of one app. */
export function createServices(deps: AppDeps): Services {
  const now = deps.now ?? (() => new Date());
  const versionAge = deps.listVersionMaxAgeMs ?? LIST_VERSION_MAX_AGE_MS;
  return {
    config: deps.config,
    reader: new Reader({ config: deps.config, store: deps.store, now }),
    store: deps.store,
    now,
    trustForwardedHost: deps.trustForwardedHost ?? false,
    configuredAt: now().toISOString(),
    fingerprint: configFingerprints(deps.config),
    rendered: cacheOf(256, RENDER_MAX_AGE_MS, now),
    homes: cacheOf(8, RENDER_MAX_AGE_MS, now),
    urlDigests: cacheOf(1024, 3_600_000, now),
    // Wall-clock time, whatever clock the app is given: the store's versions move in real time.
    listVersions: versionAge > 0 ? cacheOf(1024, versionAge, () => new Date()) : null,
  };
}
