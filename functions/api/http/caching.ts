import { createHash } from "node:crypto";
import type { PageRetention } from "@tributary/core/config";
import { listChangedAt, pageChangedAt } from "@tributary/core/render";
import type { ListMeta } from "@tributary/core/store";
import type { Context, HonoRequest } from "hono";

/** Cache-Control of feeds, pages and API lists. */
export const CACHE_LISTS = "public, max-age=60, s-maxage=300, stale-while-revalidate=600";
/** Cache-Control of source health. */
export const CACHE_HEALTH = "public, max-age=10";
/** Cache-Control of errors and of /health. */
export const NO_STORE = "no-store";

/** What a response is validated by: a strong ETag and, when known, the time its content last changed. */
export interface Validators {
  etag: string;
  /** ISO 8601. */
  lastModified: string | null;
}

/** Short, URL-safe hash of some text. */
export function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

/**
 * What names a list's rendering whatever retention does: the list's version plus `partsDigest`, a hash of what else
 * shapes the output (URL, format, configuration), so no rendered bytes are hashed per request.
 * @example listTagBase({ version: 12, ... }, "abc") // "12-abc"
 */
export function listTagBase(meta: ListMeta | null, partsDigest: string): string {
  return `${meta?.version ?? 0}-${partsDigest}`;
}

/** What a list page's tag ends with when nothing on the page will pass the retention cutoff. */
const HOLDS_FOR_GOOD = "x";

/**
 * Validators of a page of a list: its ETag is `listTagBase` and the instant until which the page holds (ms since the
 * epoch, base 36: `"12-abc.mq1x2p4w"`; `x` when nothing on it expires), so the tag changes the moment the content
 * does though the list's version moves only at the next sweep; Last-Modified is the later of the list's change and
 * the page's last change by retention (`pageChangedAt`).
 */
export function listValidators(base: string, meta: ListMeta | null, retention: PageRetention): Validators {
  const until = retention.holdsUntil === null ? HOLDS_FOR_GOOD : Date.parse(retention.holdsUntil).toString(36);
  return { etag: `"${base}.${until}"`, lastModified: pageChangedAt(listChangedAt(meta), retention) };
}

/**
 * The tag among the request's If-None-Match that names the current content of a list page whose tag starts with
 * `base` (`listTagBase`) — same version, digest and URL, and `now` not past the instant the tag says the page holds
 * until — in its content form (`"12-abc.mq1x2p4w"`), else null; decided without reading the page. A tag without an
 * instant (one made before tags had it) names nothing current: the page is read and answered anew.
 */
export function heldListTag(req: HonoRequest, base: string, now: Date): string | null {
  const noneMatch = req.header("If-None-Match");
  if (noneMatch === undefined) return null;
  for (const tag of noneMatch.split(",")) {
    const content = contentOf(tag);
    const [named, until, ...rest] = content.slice(1, -1).split(".");
    if (named !== base || until === undefined || rest.length > 0) continue;
    if (until === HOLDS_FOR_GOOD) return content;
    const ms = Number.parseInt(until, 36);
    if (/^[0-9a-z]+$/.test(until) && Number.isSafeInteger(ms) && now.getTime() <= ms) return content;
  }
  return null;
}

/** Validators of a small body that has no list version (source health, one item). */
export function contentValidators(body: string, lastModified: string | null = null): Validators {
  return { etag: `"${digest(body)}"`, lastModified };
}

/** What the ETag of a gzipped representation ends with, inside the quotes. */
export const GZIP_ETAG_SUFFIX = "-gzip";

/**
 * The ETag of the gzipped representation of the content `etag` validates: `"v-h"` → `"v-h-gzip"` (a weak
 * one stays weak). RFC 9110 §8.8.1 and §8.8.3: a strong validator differs between representations that
 * differ in content coding, so the compressed and the identity response never share one.
 * @example codedEtag('"12-abc"') // '"12-abc-gzip"'
 */
export function codedEtag(etag: string): string {
  return etag.replace(/"\s*$/, `${GZIP_ETAG_SUFFIX}"`);
}

/** An entity tag as the content it names: without `W/` and without the gzip form's suffix. */
const contentOf = (tag: string) =>
  tag
    .trim()
    .replace(/^W\//, "")
    .replace(new RegExp(`${GZIP_ETAG_SUFFIX}"$`), '"');

/**
 * Whether the client's copy is current: If-None-Match when sent, else If-Modified-Since at one-second
 * resolution. If-None-Match uses the weak comparison (RFC 9110 §13.1.2) and takes a tag of either coding of
 * the same content (`"v-h"` or `"v-h-gzip"`, see `codedEtag`): a client that stored either revalidates.
 */
export function isNotModified(req: HonoRequest, validators: Validators): boolean {
  const noneMatch = req.header("If-None-Match");
  if (noneMatch !== undefined) {
    if (noneMatch.trim() === "*") return true;
    const ours = contentOf(validators.etag);
    return noneMatch.split(",").some((tag) => contentOf(tag) === ours);
  }
  const since = req.header("If-Modified-Since");
  if (!since || !validators.lastModified) return false;
  const theirs = Date.parse(since);
  if (Number.isNaN(theirs)) return false;
  return Math.floor(Date.parse(validators.lastModified) / 1000) <= Math.floor(theirs / 1000);
}

/** Sets ETag, Last-Modified and Cache-Control on the response being built. */
export function setValidators(c: Context, validators: Validators, cacheControl: string): void {
  c.header("ETag", validators.etag);
  if (validators.lastModified) c.header("Last-Modified", new Date(validators.lastModified).toUTCString());
  c.header("Cache-Control", cacheControl);
}

/** A 304 with the validators and no body. */
export function notModified(c: Context, validators: Validators, cacheControl: string) {
  setValidators(c, validators, cacheControl);
  return c.body(null, 304);
}
