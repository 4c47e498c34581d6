/**
 * A local HTTP publisher of fixture feeds, for tests and benchmarks (the offline demo uses local/feed-server.ts).
 * It listens on loopback only and can misbehave on request: slow headers, trickled bodies, resets, truncation.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo, isIP } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { acceptsCoding, feedFile, notModified, strongEtag } from "../local/feed-server.ts";

/** A content coding the publisher can apply. */
export type FixtureEncoding = "gzip" | "deflate" | "br";

/** How the publisher answers one path. Every field is optional: `{}` is an empty 200. */
export interface FixtureResponse {
  body?: string | Uint8Array;
  contentType?: string;
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Strong ETag and Last-Modified with 304s for If-None-Match / If-Modified-Since (200s only). Default true. */
  conditional?: boolean;
  /** Last-Modified; default: when the fixture was set. */
  lastModified?: Date;
  /** Shorthand for `encoding: "gzip"`. */
  gzip?: boolean;
  /** Encode the body when the request accepts this coding. */
  encoding?: FixtureEncoding;
  /** Send no Content-Length (chunked transfer coding). */
  chunked?: boolean;
  redirect?: { to: string; status?: 301 | 302 | 303 | 307 | 308 };
  /** Wait this long before sending the headers. */
  delayMs?: number;
  /** Send the body at this rate instead of at once. */
  trickleBytesPerSecond?: number;
  /** Reset the connection (TCP RST) after the headers and half the body. */
  destroy?: boolean;
  /** Close the connection after this many body bytes, the headers announcing the whole body. */
  truncateAt?: number;
}

/** A request the publisher received, and how its response went (updated as it is sent). */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Host header without the port. */
  host: string;
  /** Status sent, 0 before the headers. */
  status: number;
  /** Body bytes written so far. */
  bytesSent: number;
  /** "closed-early": the connection closed before the whole response was written. */
  outcome: "open" | "complete" | "closed-early";
}

/** A running publisher. */
export interface Publisher {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  origin: string;
  requests: RecordedRequest[];
  /** Answers `path` (with its query, or the path alone) with `response` from now on. */
  set(path: string, response: FixtureResponse): void;
  /** Serves the files under `dir` at `prefix` (`/feeds/` + `tag/x.rss`), gzip when accepted. */
  serveDirectory(prefix: string, dir: string): void;
  /** Requests being answered now, for one host (Host header) or all. */
  inFlight(host?: string): number;
  /** Most requests answered at the same time, for one host or all. */
  maxInFlight(host?: string): number;
  /** Resolves once no request is being answered. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const CHUNK = 64 * 1024;
const ENCODERS: Record<FixtureEncoding, (body: Uint8Array) => Uint8Array> = {
  gzip: (body) => gzipSync(body),
  deflate: (body) => deflateSync(body),
  br: (body) => brotliCompressSync(body),
};

function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}

function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || (isIP(host) === 4 && host.startsWith("127."));
}

/**
 * Starts a publisher on 127.0.0.1 and a free port (loopback hosts only).
 * @example
 * const publisher = await startPublisher();
 * publisher.set("/feed.xml", { body: rss, contentType: "application/rss+xml", gzip: true });
 * await fetch(`${publisher.url}/feed.xml`);
 */
export async function startPublisher(options: { host?: string; port?: number } = {}): Promise<Publisher> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackHost(host)) throw new Error(`publisher: ${host} is not a loopback host`);
  const fixtures = new Map<string, FixtureResponse & { setAt: Date }>();
  const directories: { prefix: string; dir: string }[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const active = new Map<string, number>();
  const peaks = new Map<string, number>();
  let idleWaiters: (() => void)[] = [];

  const sleep = (ms: number, response: ServerResponse) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        response.off("close", resolve);
        resolve();
      }, ms);
      timers.add(timer);
      response.once("close", resolve);
    });

  async function fromDirectory(pathname: string): Promise<(FixtureResponse & { setAt: Date }) | undefined> {
    for (const { prefix, dir } of directories) {
      if (!pathname.startsWith(prefix)) continue;
      const file = await feedFile(dir, pathname.slice(prefix.length));
      if (!file) continue;
      const { body, contentType, modified } = file;
      return { body, contentType, lastModified: modified, gzip: true, setAt: modified };
    }
    return undefined;
  }

  async function writeBody(
    response: ServerResponse,
    record: RecordedRequest,
    body: Uint8Array,
    fixture: FixtureResponse,
  ) {
    const write = (part: Uint8Array) => {
      record.bytesSent += part.length;
      return response.write(part);
    };
    if (fixture.destroy || fixture.truncateAt !== undefined) {
      const cut = fixture.destroy ? Math.floor(body.length / 2) : Math.min(fixture.truncateAt ?? 0, body.length);
      record.bytesSent += cut;
      response.write(body.subarray(0, cut), () => {
        if (fixture.destroy) response.socket?.resetAndDestroy();
        else response.socket?.end();
      });
      return;
    }
    const rate = fixture.trickleBytesPerSecond;
    const step = rate ? Math.max(1, Math.floor(rate / 10)) : CHUNK;
    for (let offset = 0; offset < body.length && !response.destroyed; offset += step) {
      if (rate && offset > 0) await sleep((step * 1000) / rate, response);
      if (response.destroyed) return;
      if (!write(body.subarray(offset, offset + step))) await drained(response);
    }
    if (!response.destroyed) response.end();
  }

  async function answer(request: IncomingMessage, response: ServerResponse, record: RecordedRequest) {
    const pathname = record.path.split("?")[0] ?? "/";
    const fixture = fixtures.get(record.path) ?? fixtures.get(pathname) ?? (await fromDirectory(pathname));
    if (!fixture) {
      record.status = 404;
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    if (fixture.delayMs) await sleep(fixture.delayMs, response);
    if (response.destroyed) return;
    // Header names are case-insensitive: the fixture's own headers win over the computed ones.
    const own = new Map(Object.entries(fixture.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    let status = fixture.status ?? 200;
    let body: Uint8Array =
      typeof fixture.body === "string" ? Buffer.from(fixture.body) : (fixture.body ?? new Uint8Array());
    if (fixture.contentType) response.setHeader("Content-Type", fixture.contentType);
    if (fixture.redirect) {
      status = fixture.redirect.status ?? 302;
      response.setHeader("Location", fixture.redirect.to);
    }
    const encoding = fixture.encoding ?? (fixture.gzip ? "gzip" : undefined);
    const encode = encoding !== undefined && status === 200 && acceptsCoding(request, encoding);
    if (fixture.conditional !== false && status === 200) {
      const etag = own.get("etag") ?? strongEtag(body, encode ? encoding : undefined);
      const lastModified = new Date(own.get("last-modified") ?? fixture.lastModified ?? fixture.setAt);
      response.setHeader("ETag", etag);
      response.setHeader("Last-Modified", lastModified.toUTCString());
      if (notModified(request, etag, lastModified)) {
        status = 304;
        body = new Uint8Array();
      }
    }
    if (encode && status === 200) {
      body = ENCODERS[encoding](body);
      response.setHeader("Content-Encoding", encoding);
    }
    if (encoding) response.setHeader("Vary", "Accept-Encoding");
    if (!fixture.chunked && status !== 304) response.setHeader("Content-Length", body.length);
    for (const [name, value] of own) response.setHeader(name, value);
    record.status = status;
    response.writeHead(status);
    if (request.method === "HEAD" || status === 304) response.end();
    else await writeBody(response, record, body, fixture);
  }

  const server = createServer((request, response) => {
    const hostHeader = request.headers.host ?? "";
    const record: RecordedRequest = {
      method: request.method ?? "GET",
      path: request.url ?? "/",
      headers: request.headers,
      host: hostHeader.replace(/:\d+$/, "").toLowerCase(),
      status: 0,
      bytesSent: 0,
      outcome: "open",
    };
    requests.push(record);
    for (const key of ["", record.host]) {
      const now = (active.get(key) ?? 0) + 1;
      active.set(key, now);
      peaks.set(key, Math.max(peaks.get(key) ?? 0, now));
    }
    response.on("close", () => {
      record.outcome = response.writableFinished ? "complete" : "closed-early";
      for (const key of ["", record.host]) active.set(key, (active.get(key) ?? 1) - 1);
      if ((active.get("") ?? 0) === 0) for (const wake of idleWaiters.splice(0)) wake();
    });
    answer(request, response, record).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain" }).end(`${error.message}\n`);
      else response.destroy(error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  return {
    url,
    origin: url,
    requests,
    set: (fixturePath, response) => fixtures.set(fixturePath, { ...response, setAt: new Date() }),
    serveDirectory: (prefix, dir) => directories.push({ prefix, dir }),
    inFlight: (forHost = "") => active.get(forHost) ?? 0,
    maxInFlight: (forHost = "") => peaks.get(forHost) ?? 0,
    idle: () => ((active.get("") ?? 0) === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const wake of idleWaiters.splice(0)) wake();
      idleWaiters = [];
    },
  };
}
