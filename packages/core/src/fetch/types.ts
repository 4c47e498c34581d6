/** The shapes the fetch stage is called with and answers: request, result and options. */

/**
 * One fetch: the URL and the validators of the last successful fetch, if any. `afterPublic` (default false):
 * the URL was learned from a response that reached a public address (a page's feed links, see the result's
 * `reachedPublic`), so it is held to the redirect rule: loopback, private and reserved addresses are refused
 * as after a public hop of the same chain.
 */
export interface FetchRequest {
  url: string;
  etag?: string | null;
  lastModified?: string | null;
  afterPublic?: boolean;
  /**
   * What is asked for: `feed` (default: the feed formats first) or `page`, an article's web page (`text/html`
   * first, SPEC §2 Full text).
   */
  wants?: "feed" | "page";
  /**
   * Request headers of the source's own (`headers` of its configuration). A feed fetch sends them with every
   * request of the chain but Cookie and Authorization, which go only to the URL's origin and are dropped for the
   * rest of the chain once a redirect leads to another origin; they override the fetcher's User-Agent and Accept.
   * A page fetch sends only their User-Agent and Accept-Language (`pageHeaders`). Never logged.
   */
  headers?: Readonly<Record<string, string>>;
  retry?: never;
}

/** A fetched body, or a 304. `bytes` counts bytes received on the wire (before decompression). */
export type FetchResult =
  | {
      status: "ok";
      body: Uint8Array;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      finalUrl: string;
      httpStatus: number;
      bytes: number;
      /** When the request that answered was sent: the body is at least this recent. */
      requestedAt: Date;
      /**
       * Whether the chain reached a public address (any hop, or the request's `afterPublic`): URLs learned
       * from this body are to be fetched with `afterPublic: true`.
       */
      reachedPublic: boolean;
      /** How long the response says it is fresh, in seconds (`freshnessSeconds`); null when it names no lifetime. */
      freshSeconds: number | null;
    }
  | {
      status: "not-modified";
      finalUrl: string;
      etag: string | null;
      lastModified: string | null;
      freshSeconds: number | null;
    };

/** Limits of a Fetcher, plus the resolver and dialler (injectable for tests). */
export interface FetcherOptions {
  concurrency: number;
  perHost: number;
  timeoutMs: number;
  maxBytes: number;
  userAgent?: string;
  /** Default: dns.promises.lookup with `all: true`. */
  resolve?: (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>;
  /** Default: net.connect. TLS is layered on top for https. */
  dial?: (address: string, family: 4 | 6, port: number) => import("node:net").Socket;
}
