/**
 * A static feed server on loopback, for the offline demo: the files under a folder with their feed content types,
 * a strong ETag and Last-Modified (304 to a conditional request), gzip when the request accepts it.
 */
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** Content types by file extension. */
const FEED_TYPES: Readonly<Record<string, string>> = {
  ".rss": "application/rss+xml",
  ".atom": "application/atom+xml",
  ".xml": "application/xml",
  ".rdf": "application/rdf+xml",
  ".json": "application/feed+json",
  ".html": "text/html; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** A file found under a served folder. */
export interface FeedFile {
  body: Uint8Array;
  contentType: string;
  modified: Date;
}

/** A running feed server. */
export interface FeedServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

/**
 * The file `relativePath` (URL path, percent-encoded) names under `dir`, or undefined: none, not a file, outside
 * `dir` (`..` in any encoding), or malformed percent-encoding.
 * @example await feedFile("demo/feeds", "tag/europe.rss") // { body, contentType: "application/rss+xml", modified }
 */
export async function feedFile(dir: string, relativePath: string): Promise<FeedFile | undefined> {
  let relative: string;
  try {
    relative = path.posix.normalize(`/${decodeURIComponent(relativePath)}`);
  } catch {
    return undefined;
  }
  const file = path.resolve(dir, `.${relative}`);
  if (!file.startsWith(path.resolve(dir) + path.sep)) return undefined;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const contentType = FEED_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
  return { body: await readFile(file), contentType, modified: info.mtime };
}

/** Whether the request's Accept-Encoding accepts `coding` (named, and not with `q=0`). */
export function acceptsCoding(request: IncomingMessage, coding: string): boolean {
  return (request.headers["accept-encoding"] ?? "").split(",").some((part) => {
    const [name = "", ...params] = part.split(";").map((piece) => piece.trim().toLowerCase());
    return name === coding && !params.some((param) => /^q=0(\.0*)?$/.test(param));
  });
}

/** Whether a conditional request is answered 304: If-None-Match (weak comparison) first, else If-Modified-Since. */
export function notModified(request: IncomingMessage, etag: string, lastModified: Date): boolean {
  const ifNoneMatch = request.headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    const bare = (tag: string) => tag.trim().replace(/^W\//, "");
    return ifNoneMatch.trim() === "*" || ifNoneMatch.split(",").some((tag) => bare(tag) === bare(etag));
  }
  const since = Date.parse(request.headers["if-modified-since"] ?? "");
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/** A strong ETag of a body, suffixed with the content coding applied to it. */
export function strongEtag(body: Uint8Array, coding?: string): string {
  const hash = createHash("sha256").update(body).digest("base64url").slice(0, 27);
  return `"${hash}${coding ? `-${coding}` : ""}"`;
}

/**
 * Serves the files under `dir` at `prefix` on 127.0.0.1 and a free port (`port` to choose one); 404 otherwise.
 * @example const server = await startFeedServer("demo/feeds", { prefix: "/feeds/" }); // GET {url}/feeds/feed.rss
 */
export async function startFeedServer(
  dir: string,
  options: { prefix?: string; port?: number } = {},
): Promise<FeedServer> {
  const prefix = options.prefix ?? "/";
  const server = createServer((request, response) => {
    const pathname = (request.url ?? "/").split("?")[0] ?? "/";
    const found = pathname.startsWith(prefix)
      ? feedFile(dir, pathname.slice(prefix.length))
      : Promise.resolve(undefined);
    found
      .then((file) => {
        if (!file) {
          response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
          return;
        }
        const gzip = acceptsCoding(request, "gzip");
        const etag = strongEtag(file.body, gzip ? "gzip" : undefined);
        response.setHeader("ETag", etag);
        response.setHeader("Last-Modified", file.modified.toUTCString());
        response.setHeader("Vary", "Accept-Encoding");
        if (notModified(request, etag, file.modified)) {
          response.writeHead(304).end();
          return;
        }
        const body = gzip ? gzipSync(file.body) : file.body;
        if (gzip) response.setHeader("Content-Encoding", "gzip");
        response.writeHead(200, { "Content-Type": file.contentType, "Content-Length": body.length });
        response.end(request.method === "HEAD" ? undefined : body);
      })
      .catch((error: Error) => {
        response.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end(`${error.message}\n`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
