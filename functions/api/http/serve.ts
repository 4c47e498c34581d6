import { pageRetention } from "@tributary/core/config";
import { listChangedAt } from "@tributary/core/render";
import type { ListKey, ListMeta, PageDates } from "@tributary/core/store";
import { listUrl } from "@tributary/core/urls";
import type { Context } from "hono";
import type { Services } from "../services.ts";
import {
  CACHE_LISTS,
  contentValidators,
  digest,
  heldListTag,
  isNotModified,
  listTagBase,
  listValidators,
  notModified,
  setValidators,
  type Validators,
} from "./caching.ts";
import type { ListParams } from "./params.ts";
import { publicOrigin } from "./urls.ts";

const UTF8 = new TextEncoder();

/** Content-Type of the JSON API's answers. */
export const JSON_TYPE = "application/json";

/** The links and times a list's rendering needs, all built from the parsed parameters. */
export interface ListView {
  /** The public origin (`https://feeds.example.org`). */
  origin: string;
  /** This request's canonical URL: path plus normalised parameters, unknown ones dropped. */
  self: string;
  /** This list with the same parameters but no cursor: its newest page. */
  first: string;
  /** The canonical URL of the page after `cursor`, or null when there is none (`cursor` null). */
  next(cursor: string | null): string | null;
  /** When the list last changed (ISO), or the stable fallback of a list that never did. */
  updatedAt: string;
}

/** One list as a route serves it. */
export interface ListSpec {
  list: ListKey;
  /** Names the representation: `rss`, `atom`, `json`, `api`, `html`. */
  variant: string;
  /** The route's path as served (`/feeds/world.rss`), without query. */
  path: string;
  params: ListParams;
  /** `limit` when not given, left out of links. */
  defaultLimit: number;
  /** Content-Type of the body. */
  type: string;
  /**
   * Reads what it needs and renders the body with the dates its page depends on through retention
   * (`ListPage.dates`); called at most once per list version and URL each 10 s, and again once the page passes them.
   */
  render(view: ListView): Promise<RenderedList>;
}

/** A list page as rendered. */
export interface RenderedList {
  body: string;
  /** What it depends on through retention (`ListPage.dates`). */
  dates: PageDates;
}

/** A rendered page as an instance keeps it: the body in UTF-8, its validators, and until when (ms) it holds. */
export interface KeptList {
  body: Uint8Array<ArrayBuffer>;
  validators: Validators;
  /** Past this instant (ms since the epoch) something on the page has passed the retention cutoff. */
  holdsUntilMs: number;
}

/** A list's version: from the store (one GetItem), reused by this instance for at most a second. */
async function listVersion(s: Services, list: ListKey): Promise<ListMeta | null> {
  const cached = s.listVersions?.get(list);
  if (cached !== undefined) return cached.meta;
  const meta = await s.reader.listVersion(list);
  s.listVersions?.set(list, { meta });
  return meta;
}

/**
 * The hash of what shapes a list's rendering besides its version (the configuration's part in the list, variant,
 * URL), kept per URL.
 */
function urlDigest(s: Services, list: ListKey, variant: string, self: string): string {
  const key = `${variant}\n${self}`;
  let hash = s.urlDigests.get(key);
  if (hash === undefined) {
    hash = digest(`${s.fingerprint(list)}\n${key}`);
    s.urlDigests.set(key, hash);
  }
  return hash;
}

/**
 * The one path of every list (feeds, topic page, API item lists): the list's version (one GetItem, reused for a
 * second) → a 304 with no render when If-None-Match holds a tag of this version and URL whose page has not passed
 * the retention cutoff since (`heldListTag`) → else the rendered body, kept at most 10 s per list version and URL
 * and no longer than its page holds, and the validators of its page (`listValidators`): If-Modified-Since alone,
 * which a page's removals by retention can outdate, is answered after the render.
 * @throws what `render` throws (StorageError, BadRequestError for a cursor of another list)
 */
export async function serveList(c: Context, s: Services, spec: ListSpec): Promise<Response> {
  const origin = publicOrigin(c, s);
  const at = (cursor: string | null | undefined) => listUrl(origin, spec.path, spec.params, spec.defaultLimit, cursor);
  const self = at(spec.params.cursor);
  const meta = await listVersion(s, spec.list);
  const base = listTagBase(meta, urlDigest(s, spec.list, spec.variant, self));
  const now = s.now();
  const held = heldListTag(c.req, base, now);
  // No Last-Modified: the client's copy already has the one of this content, which the version alone cannot tell
  // (a removal by retention may have come after the list's change; RFC 9110 §15.4.5 does not ask for it).
  if (held !== null) return notModified(c, { etag: held, lastModified: null }, CACHE_LISTS);
  const key = `${meta?.version ?? 0}\n${spec.variant}\n${self}`;
  let kept = s.rendered.get(key);
  if (kept !== undefined && now.getTime() > kept.holdsUntilMs) kept = undefined;
  if (kept === undefined) {
    const view: ListView = {
      origin,
      self,
      first: at(null),
      next: (cursor) => (cursor ? at(cursor) : null),
      updatedAt: listChangedAt(meta),
    };
    const rendered = await spec.render(view);
    const retention = pageRetention(s.config, rendered.dates);
    // Kept encoded, with its validators: a body served many times is turned into UTF-8 and dated once.
    kept = {
      body: UTF8.encode(rendered.body),
      validators: listValidators(base, meta, retention),
      holdsUntilMs: retention.holdsUntil === null ? Number.POSITIVE_INFINITY : Date.parse(retention.holdsUntil),
    };
    s.rendered.set(key, kept);
  }
  const { validators } = kept;
  if (isNotModified(c.req, validators)) return notModified(c, validators, CACHE_LISTS);
  setValidators(c, validators, CACHE_LISTS);
  return c.body(kept.body, 200, { "Content-Type": spec.type });
}

/** A body without a list version (topic lists, source health, an item, OPML, the home page). */
export interface ContentSpec {
  body: string;
  type: string;
  cacheControl: string;
  /** When the content last changed (ISO), for Last-Modified; null when unknown. */
  lastModified?: string | null;
}

/** Serves `body` validated by a hash of itself: 304 when the client holds the same bytes, else 200. */
export function serveContent(c: Context, spec: ContentSpec): Response {
  const validators = contentValidators(spec.body, spec.lastModified ?? null);
  if (isNotModified(c.req, validators)) return notModified(c, validators, spec.cacheControl);
  setValidators(c, validators, spec.cacheControl);
  return c.body(spec.body, 200, { "Content-Type": spec.type });
}
