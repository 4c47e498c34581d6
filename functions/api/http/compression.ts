/**
 * gzip for the local server, when the client accepts it. In AWS the function answers uncompressed and
 * CloudFront compresses (infra/api.ts, docs/deploy.md), turning a strong ETag weak as it does; here the server
 * compresses, and gives the compressed representation a strong ETag of its own.
 *
 * Hono's `compress()` middleware is not used: it turns a strong ETag weak (`W/"…"`) where a strong validator of the
 * gzip representation is kept here (RFC 9110 §8.8.3), it leaves 304 and HEAD answers as they are (they must carry
 * the ETag and `Vary` the 200 would have), and it does not take `x-gzip`. The Accept-Encoding header is read with
 * Hono's own parser, and compressible types are Hono's list.
 */
import { parseAccept } from "hono/utils/accept";
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from "hono/utils/compress";
import { codedEtag } from "./caching.ts";

const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;
const VARIES_BY_ENCODING = /(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i;

/**
 * Whether an `Accept-Encoding` header takes gzip (RFC 9110 §12.5.3): `gzip` (or `x-gzip`) with a q above 0, or,
 * when neither is named, `*` with a q above 0. No header: identity.
 * @example acceptsGzip("br;q=1.0, gzip;q=0.8") // true
 */
export function acceptsGzip(header: string | null | undefined): boolean {
  let named: number | undefined;
  let wildcard: number | undefined;
  for (const { type, q } of parseAccept(header ?? "")) {
    const coding = type.toLowerCase();
    if (coding === "gzip" || coding === "x-gzip") named = Math.max(named ?? 0, q);
    else if (coding === "*") wildcard = q;
  }
  return (named ?? wildcard ?? 0) > 0;
}

/**
 * Whether a response would be sent gzipped to a client that takes gzip: a compressible Content-Type (text, JSON,
 * XML, `+xml`, `+json`), no coding already, not `Cache-Control: no-transform`, not a partial content. A 304 has
 * no Content-Type: it follows its ETag, as every response of the app that has an ETag (feeds, pages, API
 * lists) is of a compressible type.
 */
function compressible(response: Response): boolean {
  const { headers } = response;
  if (response.status === 206 || headers.has("Content-Encoding")) return false;
  if (NO_TRANSFORM.test(headers.get("Cache-Control") ?? "")) return false;
  if (response.status === 304) return headers.has("ETag");
  return COMPRESSIBLE_CONTENT_TYPE_REGEX.test(headers.get("Content-Type") ?? "");
}

/**
 * The response as it goes to this request: a compressible one says `Vary: Accept-Encoding` and, when the
 * request takes gzip, is gzipped with `Content-Encoding: gzip` and its ETag turned into the gzip form
 * (`"v-h"` → `"v-h-gzip"`, `caching.ts`), as RFC 9110 §8.8.3 asks of a strong validator: it differs between
 * representations that differ in content coding. A 304 and a HEAD answer get the headers the 200 would have.
 * Others pass unchanged.
 * @example
 * const res = withContentCoding(request, await app.fetch(request));
 */
export function withContentCoding(request: Request, response: Response): Response {
  if (!compressible(response)) return response;
  const headers = new Headers(response.headers);
  const vary = headers.get("Vary");
  if (!vary || !VARIES_BY_ENCODING.test(vary))
    headers.set("Vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
  const init = { status: response.status, statusText: response.statusText, headers };
  if (!acceptsGzip(request.headers.get("Accept-Encoding"))) return new Response(response.body, init);
  const etag = headers.get("ETag");
  if (etag) headers.set("ETag", codedEtag(etag));
  if (response.status === 304) return new Response(null, init);
  headers.set("Content-Encoding", "gzip");
  headers.delete("Content-Length");
  if (request.method === "HEAD" || !response.body) return new Response(null, init);
  return new Response(response.body.pipeThrough(new CompressionStream("gzip")), init);
}
