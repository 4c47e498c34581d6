import type { Context } from "hono";
import type { ListKey, ListMeta, ListPage } from "../../../packages/core/src/store/index.ts";
import { retentionCutoff, type Services } from "../services.ts";
import { isNotModified, listValidators, type Validators } from "./caching.ts";
import type { ListParams } from "./params.ts";
import { selfUrl } from "./urls.ts";

/** Where a list stands for one request: its validators, whether the client's copy is current, and cache keys. */
export interface ListState {
  validators: Validators;
  /** The client's copy is current: answer 304. */
  fresh: boolean;
  /** When the list last changed (ISO), or the stable fallback. */
  updatedAt: string;
  /** This URL on the public origin. */
  self: string;
  /** Key of the rendered output: list version, variant and URL. */
  renderKey: string;
  /** Version of the list, 0 when it has never changed. */
  version: number;
}

/** A list's version: from the store (one GetItem), reused by this instance for at most a second. */
async function listVersion(s: Services, list: ListKey): Promise<ListMeta | null> {
  const cached = s.listVersions.get(list);
  if (cached !== undefined) return cached;
  const meta = await s.store.getListMeta(list);
  s.listVersions.set(list, meta);
  return meta;
}

/**
 * Reads a list's version and derives the validators of this URL's rendering.
 * `variant` names the representation (`rss`, `atom`, `json`, `api`, `html`).
 */
export async function openList(c: Context, s: Services, list: ListKey, variant: string): Promise<ListState> {
  const meta = await listVersion(s, list);
  const self = selfUrl(c, s);
  const validators = listValidators(meta, [s.fingerprint, variant, self]);
  const version = meta?.version ?? 0;
  return {
    validators,
    fresh: isNotModified(c.req, validators),
    updatedAt: validators.lastModified ?? "",
    self,
    renderKey: `${version}\n${variant}\n${self}`,
    version,
  };
}

/** One page of a list (one Query unless `q`, `filter` or `filterout` search deeper), within retention. */
export function readPage(s: Services, list: ListKey, params: ListParams): Promise<ListPage> {
  return s.store.queryList(list, {
    limit: params.limit,
    cursor: params.cursor ?? null,
    since: params.since ?? null,
    q: params.q ?? null,
    include: params.filter ?? [],
    exclude: params.filterout ?? [],
    cutoff: retentionCutoff(s),
  });
}

/** A page of a list for the JSON API, shared by every URL asking the same thing of the same version for 10 s. */
export async function cachedPage(s: Services, list: ListKey, state: ListState, params: ListParams): Promise<ListPage> {
  const key = JSON.stringify([
    state.version,
    list,
    params.limit,
    params.cursor ?? "",
    params.q ?? "",
    params.since ?? "",
    params.filter ?? [],
    params.filterout ?? [],
  ]);
  const hit = s.pages.get(key);
  if (hit) return hit;
  const page = await readPage(s, list, params);
  s.pages.set(key, page);
  return page;
}

/** The rendered output of this URL at this list version, rendered at most once per 10 s. */
export async function cachedRender(
  s: Services,
  state: ListState,
  render: () => Promise<string> | string,
): Promise<string> {
  const hit = s.rendered.get(state.renderKey);
  if (hit !== undefined) return hit;
  const body = await render();
  s.rendered.set(state.renderKey, body);
  return body;
}
