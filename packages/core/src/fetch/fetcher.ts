/** The fetch stage: conditional GET with limits, redirects, one timeout, a streaming size cap and address rules. */
import type { IncomingMessage } from "node:http";
import { connect } from "node:net";
import { FetchError } from "../errors.ts";
import { classifyAddress } from "./address.ts";
import { ACCEPT_ENCODING, readBody } from "./body.ts";
import { freshnessSeconds } from "./freshness.ts";
import { Limiter } from "./limiter.ts";
import { type Dial, type ResolvedAddress, sendRequest } from "./request.ts";
import { allowedAddresses, systemResolve } from "./resolve.ts";
import { parseRetryAfter } from "./retry-after.ts";
import { shownUrl } from "./shown-url.ts";
import type { FetcherOptions, FetchRequest, FetchResult } from "./types.ts";

/** The User-Agent sent unless the options name another. */
export const DEFAULT_USER_AGENT = "Tributary/0.1 (+https://github.com/tributary-feeds/tributary)";
/** Redirects followed in one fetch; one more fails with "too-many-redirects". */
export const MAX_REDIRECTS = 5;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, " +
  "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

/** The Accept of an article page fetch: a web page, not a feed (SPEC §2 Full text). */
const PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1";
/** The source headers an article page fetch is sent (SPEC §1 `headers`): nothing that identifies the reader. */
const PAGE_HEADERS = new Set(["user-agent", "accept-language"]);

/**
 * The headers of a source that an article page fetch may carry: only User-Agent and Accept-Language (any case),
 * never Cookie, Authorization or the like, which are the feed's.
 * @example pageHeaders({ "User-Agent": "Reader/1", Cookie: "a=1" }) // { "User-Agent": "Reader/1" }
 */
export function pageHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => PAGE_HEADERS.has(name.toLowerCase())));
}

type Hop = { kind: "redirect"; status: number; location: string } | { kind: "done"; result: FetchResult };

/** What a redirect chain carries from hop to hop. */
interface Chain {
  remainingMs: number;
  afterPublic: boolean;
  /** The origin the source's headers may go to; null once a hop left it (then only `PAGE_HEADERS` go on). */
  sourceOrigin: string | null;
}

const systemDial: Dial = (address, family, port) => connect({ host: address, port, family });

function httpUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new FetchError("unsupported-scheme", `not an absolute http(s) URL: "${shownUrl(text).slice(0, 200)}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchError(
      "unsupported-scheme",
      `only http and https are fetched, not ${url.protocol} (${shownUrl(url).slice(0, 200)})`,
    );
  }
  url.hash = "";
  // A user name and password in a URL are never sent (credentials go in a source's headers, SPEC §1): dropped, so
  // that the final URL, which item links are resolved against, does not carry them on.
  url.username = "";
  url.password = "";
  return url;
}

function header(response: IncomingMessage, name: string): string | null {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? null);
}

/** The freshness lifetime a response names (seconds), from its Cache-Control, Expires and Date. */
function freshness(response: IncomingMessage, now: Date): number | null {
  const [cacheControl, expires, date] = ["cache-control", "expires", "date"].map((name) => header(response, name));
  return freshnessSeconds({ cacheControl: cacheControl ?? null, expires: expires ?? null, date: date ?? null }, now);
}

/**
 * The headers of one hop: the fetcher's own (Accept: a feed, or a web page when `wants` is `page`), overridden by
 * the source's. The source's headers may hold credentials of any name, which never go to another origin (SPEC §1
 * `headers`): to an article page, and once the chain has left the feed URL's origin, only their User-Agent and
 * Accept-Language go (`pageHeaders`). Host and the conditional headers are the fetcher's alone.
 */
function requestHeaders(request: FetchRequest, chain: Chain, userAgent: string): Record<string, string> {
  const page = request.wants === "page";
  const headers: Record<string, string> = {
    "User-Agent": userAgent,
    Accept: page ? PAGE_ACCEPT : ACCEPT,
    "Accept-Encoding": ACCEPT_ENCODING,
  };
  const sourceHeaders = page || chain.sourceOrigin === null ? pageHeaders(request.headers) : (request.headers ?? {});
  for (const [name, value] of Object.entries(sourceHeaders)) {
    const lower = name.toLowerCase();
    for (const own of Object.keys(headers)) if (own.toLowerCase() === lower) delete headers[own];
    headers[name] = value;
  }
  return headers;
}

/**
 * Fetches feeds politely and safely: at most `concurrency` requests at once and `perHost` per host.
 * @example
 * const fetcher = new Fetcher({ concurrency: 8, perHost: 2, timeoutMs: 15_000, maxBytes: 5 << 20 });
 * const result = await fetcher.fetch({ url, etag, lastModified }); // throws FetchError
 */
export class Fetcher {
  readonly #options: FetcherOptions;
  readonly #limiter: Limiter;
  readonly #resolve: (hostname: string) => Promise<ResolvedAddress[]>;
  readonly #dial: Dial;

  constructor(options: FetcherOptions) {
    for (const name of ["concurrency", "perHost", "timeoutMs", "maxBytes"] as const) {
      const value = options[name];
      const valid = name === "timeoutMs" ? value > 0 : Number.isInteger(value) && value > 0;
      if (!valid)
        throw new RangeError(`Fetcher: ${name} must be a positive ${name === "timeoutMs" ? "number" : "integer"}`);
    }
    this.#options = options;
    this.#limiter = new Limiter({ concurrency: options.concurrency, perKey: options.perHost });
    this.#resolve = options.resolve ?? systemResolve;
    this.#dial = options.dial ?? systemDial;
  }

  /**
   * GETs `request.url`, following redirects; resolves with the body or a 304, or throws a FetchError.
   * Internal addresses are refused after a public hop, and from the start when `request.afterPublic`.
   */
  async fetch(request: FetchRequest): Promise<FetchResult> {
    try {
      let url = httpUrl(request.url);
      const chain: Chain = {
        remainingMs: this.#options.timeoutMs,
        afterPublic: request.afterPublic === true,
        sourceOrigin: url.origin,
      };
      const seen = new Set<string>();
      for (let redirects = 0; ; redirects++) {
        seen.add(url.href);
        const current = url;
        const hop = await this.#limiter.run(current.hostname, () => this.#hop(current, request, chain));
        if (hop.kind === "done") return hop.result;
        if (redirects >= MAX_REDIRECTS) {
          throw new FetchError(
            "too-many-redirects",
            `more than ${MAX_REDIRECTS} redirects, starting at ${shownUrl(request.url)}`,
          );
        }
        url = httpUrl(hop.location, current);
        if (url.origin !== chain.sourceOrigin) chain.sourceOrigin = null;
        if (seen.has(url.href)) throw new FetchError("too-many-redirects", `redirect loop back to ${shownUrl(url)}`);
      }
    } catch (error) {
      if (error instanceof FetchError) throw error;
      throw new FetchError("network", (error as Error).message, { cause: error });
    }
  }

  /** One request of a redirect chain, in its limiter slot, under what is left of the timeout. */
  async #hop(url: URL, request: FetchRequest, chain: Chain): Promise<Hop> {
    const controller = new AbortController();
    const started = performance.now();
    const requestedAt = new Date();
    const timeout = new FetchError(
      "timeout",
      `no complete response from ${url.host} within ${this.#options.timeoutMs} ms`,
    );
    const timer = setTimeout(() => controller.abort(timeout), Math.max(0, chain.remainingMs));
    try {
      const addresses = await allowedAddresses(url, {
        resolve: this.#resolve,
        afterPublic: chain.afterPublic,
        internal: "allowed",
        signal: controller.signal,
        verb: "fetch",
      });
      if (addresses.some(({ address }) => classifyAddress(address) === "public")) chain.afterPublic = true;
      const headers = requestHeaders(request, chain, this.#options.userAgent ?? DEFAULT_USER_AGENT);
      if (request.etag) headers["If-None-Match"] = request.etag;
      if (request.lastModified) headers["If-Modified-Since"] = request.lastModified;
      const response = await sendRequest({ url, addresses, headers, dial: this.#dial, signal: controller.signal });
      return await this.#answer(url, request, response, controller.signal, { requestedAt, chain });
    } finally {
      clearTimeout(timer);
      chain.remainingMs -= performance.now() - started;
    }
  }

  /** Turns a response into a hop: a redirect, a 304, a read body, or a FetchError. */
  async #answer(
    url: URL,
    request: FetchRequest,
    response: IncomingMessage,
    signal: AbortSignal,
    { requestedAt, chain }: { requestedAt: Date; chain: Chain },
  ): Promise<Hop> {
    const status = response.statusCode ?? 0;
    const conditional = Boolean(request.etag || request.lastModified);
    const location = header(response, "location");
    if (!(status >= 200 && status < 300)) response.destroy();
    if (REDIRECTS.has(status) && location) return { kind: "redirect", status, location };
    if (status === 304 && conditional) {
      const etag = header(response, "etag") ?? request.etag ?? null;
      const lastModified = header(response, "last-modified") ?? request.lastModified ?? null;
      const freshSeconds = freshness(response, requestedAt);
      return { kind: "done", result: { status: "not-modified", finalUrl: url.href, etag, lastModified, freshSeconds } };
    }
    if (!(status >= 200 && status < 300)) {
      const retryAfterMs =
        status === 429 || status === 503 ? parseRetryAfter(header(response, "retry-after"), new Date()) : undefined;
      const reason = `${status}${response.statusMessage ? ` ${response.statusMessage}` : ""}`;
      throw new FetchError("http", `HTTP ${reason} from ${shownUrl(url)}`, { status, retryAfterMs });
    }
    const { maxBytes } = this.#options;
    const declared = Number(header(response, "content-length"));
    if (declared > maxBytes) {
      response.destroy();
      throw new FetchError("too-large", `Content-Length ${declared} exceeds ${maxBytes} bytes`);
    }
    const { body, rawBytes } = await readBody(response, { maxBytes, signal });
    const result: FetchResult = {
      status: "ok",
      body,
      contentType: header(response, "content-type"),
      etag: header(response, "etag"),
      lastModified: header(response, "last-modified"),
      finalUrl: url.href,
      httpStatus: status,
      bytes: rawBytes,
      requestedAt,
      reachedPublic: chain.afterPublic,
      freshSeconds: freshness(response, requestedAt),
    };
    return { kind: "done", result };
  }
}
