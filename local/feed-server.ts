/**
 * A static feed server on loopback, for the offline demo: the files under a folder with their feed content types
 * (and the demo's images under another), a strong ETag and Last-Modified (304 to a conditional request), gzip when
 * the request accepts it.
 */
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** Content types of text files by extension: feeds, pages, text. */
const TEXT_TYPES: Readonly<Record<string, string>> = {
  ".rss": "application/rss+xml",
  ".atom": "application/atom+xml",
  ".xml": "application/xml",
  ".rdf": "application/rdf+xml",
  ".json": "application/feed+json",
  ".html": "text/html; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};
/** Content types of images by extension. */
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".svg": "image/svg+xml",
};

/** In a served text file, this is replaced with the server's own origin (`http://127.0.0.1:PORT`). */
export const ORIGIN_PLACEHOLDER = "{{ORIGIN}}";

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
  const extension = path.extname(file).toLowerCase();
  const contentType = TEXT_TYPES[extension] ?? IMAGE_TYPES[extension] ?? "application/octet-stream";
  return { body: await readFile(file), contentType, modified: info.mtime };
}

/** A text file with `ORIGIN_PLACEHOLDER` replaced by `origin`; any other file as it is. */
function withOrigin(file: FeedFile, origin: string): FeedFile {
  if (!Object.values(TEXT_TYPES).includes(file.contentType)) return file;
  const text = Buffer.from(file.body).toString("utf8");
  if (!text.includes(ORIGIN_PLACEHOLDER)) return file;
  return { ...file, body: new TextEncoder().encode(text.replaceAll(ORIGIN_PLACEHOLDER, origin)) };
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

/** A folder served at a path prefix. */
export interface Mount {
  prefix: string;
  dir: string;
}

/**
 * Serves the files under `dir` at `prefix` (and each of `mounts` under its own prefix) on 127.0.0.1 and a free
 * port (`port` to choose one); 404 otherwise. In text files, `{{ORIGIN}}` (`ORIGIN_PLACEHOLDER`) is the server's
 * own origin: the demo's feeds point their images at the same server with it.
 * @example const server = await startFeedServer("demo/feeds", { prefix: "/feeds/" }); // GET {url}/feeds/feed.rss
 */
export async function startFeedServer(
  dir: string,
  options: { prefix?: string; port?: number; mounts?: Mount[] } = {},
): Promise<FeedServer> {
  const mounts: Mount[] = [{ prefix: options.prefix ?? "/", dir }, ...(options.mounts ?? [])];
  let origin = "";
  const server = createServer((request, response) => {
    const pathname = (request.url ?? "/").split("?")[0] ?? "/";
    const mount = mounts.find((candidate) => pathname.startsWith(candidate.prefix));
    const found = mount
      ? feedFile(mount.dir, pathname.slice(mount.prefix.length)).then((file) => file && withOrigin(file, origin))
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
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
