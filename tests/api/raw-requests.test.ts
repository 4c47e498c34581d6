/**
 * Requests Node's HTTP parser refuses before the app sees them — raw bytes no client library would send — answer
 * like every other error: `application/problem+json` saying what is wrong under the API's paths.
 */

import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../functions/api/server.ts";
import { createTestStore } from "../helpers/store.ts";
import { makeItem, NOW, seed, testConfig } from "./fixtures.ts";

/** A response read off a socket: status, headers (lower-cased names) and body. */
interface Raw {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `head` (the request line and headers, as bytes) on a new connection and reads the response to its end. */
function send(url: string, head: Buffer): Promise<Raw> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // A reset after the answer (the server closes a connection it has not read to the end) loses nothing read.
    socket.on("error", (error) => (chunks.length > 0 ? socket.destroy() : reject(error)));
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [top = "", ...rest] = text.split("\r\n\r\n");
      const [statusLine = "", ...lines] = top.split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(":");
        headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      const body = rest.join("\r\n\r\n");
      const chunked = headers["transfer-encoding"] === "chunked";
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: chunked ? unchunked(body) : body });
    });
  });
}

/** The body of a chunked response (RFC 9112 §7.1), as text. */
function unchunked(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const end = bytes.indexOf("\r\n", at);
    const size = Number.parseInt(bytes.subarray(at, end).toString("latin1"), 16);
    if (!(size > 0)) break;
    parts.push(bytes.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + 2;
  }
  return Buffer.concat(parts).toString("utf8");
}

/** A GET of `target` written as raw bytes (UTF-8 as it stands, no percent-encoding), closing after the answer. */
const rawGet = (url: string, target: string, extra = "") =>
  send(url, Buffer.from(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`, "utf8"));

describe("requests the HTTP parser refuses", () => {
  let server: RunningServer;
  beforeAll(async () => {
    const store = await createTestStore();
    await seed(store, "world", [makeItem(1, 1)]);
    server = await startServer({ config: testConfig, store, now: () => NOW, port: 0, hostname: "127.0.0.1" });
  });
  afterAll(() => server?.close());

  it("answers a raw non-ASCII query under /api with a problem saying so", async () => {
    const res = await rawGet(server.url, "/api/topics/world/items?q=Höhlen");
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toBe("application/problem+json");
    expect(res.headers.connection).toBe("close");
    const problem = JSON.parse(res.body);
    expect(problem).toMatchObject({ type: "about:blank", title: "Bad Request", status: 400 });
    expect(problem.detail).toMatch(/percent-encoded/);
  });

  it("answers a URL too long for the server with a 431 problem under /api", async () => {
    const res = await rawGet(server.url, `/api/topics/world/items?q=${"x".repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.headers["content-type"]).toBe("application/problem+json");
    const problem = JSON.parse(res.body);
    expect(problem).toMatchObject({ title: "Request Header Fields Too Large", status: 431 });
    expect(problem.detail).toMatch(/16 KiB/);
  });

  it("answers headers too large for the server with a 431 problem under /api", async () => {
    const res = await rawGet(server.url, "/api/topics", `X-Filler: ${"y".repeat(20_000)}\r\n`);
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body).status).toBe(431);
  });

  it("answers the same refusals on a page with the HTML error page, and on a feed as a problem", async () => {
    const res = await rawGet(server.url, "/topics/world?q=Höhlen");
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.body).toContain("<h1>Bad Request</h1>");
    expect(res.body).toMatch(/percent-encoded/);
    const long = await rawGet(server.url, `/feeds/world.rss?q=${"x".repeat(20_000)}`);
    expect(long.status).toBe(431);
    expect(long.headers["content-type"]).toBe("application/problem+json");
  });

  it("still serves the same query percent-encoded", async () => {
    const res = await rawGet(server.url, `/api/topics/world/items?q=${encodeURIComponent("Höhlen")}`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).items).toEqual([]);
  });
});
