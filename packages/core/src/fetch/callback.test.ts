import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchError } from "../errors.ts";
import { CallbackClient, type CallbackOptions, callbackUrlProblem } from "./callback.ts";
import type { Dial } from "./request.ts";

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let origin: string;
let port: number;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname === "/echo") res.end(url.searchParams.get("hub.challenge") ?? "");
      else if (url.pathname === "/redirect") res.writeHead(302, { Location: "/echo" }).end();
      else if (url.pathname === "/fail") res.writeHead(500).end("no");
      else if (url.pathname === "/big") res.end("x".repeat(10_000));
      else if (url.pathname === "/slow") setTimeout(() => res.end("late"), 2_000);
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const clientWith = (options: Partial<CallbackOptions> = {}) =>
  new CallbackClient({ timeoutMs: 5_000, maxBytes: 1_024, internal: "allowed", ...options });

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => new Error("the request succeeded"),
    (thrown: unknown) => thrown,
  );
  if (error instanceof FetchError) return error;
  throw error;
}

/** A dialler that records every address it is asked for and always connects to the loopback test server. */
function recordingDial(): { dial: Dial; dialled: string[] } {
  const dialled: string[] = [];
  const dial: Dial = (address) => {
    dialled.push(address);
    return connect({ host: "127.0.0.1", port });
  };
  return { dialled, dial };
}

describe("CallbackClient", () => {
  it("GETs a callback and reads its answer", async () => {
    const answer = await clientWith().send({ url: `${origin}/echo?hub.challenge=abc123`, method: "GET" });
    expect(answer).toEqual({ status: 200, body: "abc123" });
  });

  it("POSTs a body with its headers", async () => {
    const body = new TextEncoder().encode("<rss/>");
    const answer = await clientWith().send({
      url: `${origin}/deliver`,
      method: "POST",
      headers: { "Content-Type": "application/rss+xml; charset=utf-8", "X-Hub-Signature": "sha256=00" },
      body,
    });
    expect(answer.status).toBe(204);
    const last = received.at(-1);
    expect(last).toMatchObject({ method: "POST", url: "/deliver", body: "<rss/>" });
    expect(last?.headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
    expect(last?.headers["x-hub-signature"]).toBe("sha256=00");
    expect(last?.headers["content-length"]).toBe("6");
  });

  it("does not follow redirects and reports error statuses without reading them", async () => {
    const before = received.length;
    expect(await clientWith().send({ url: `${origin}/redirect`, method: "GET" })).toEqual({ status: 302, body: "" });
    expect(await clientWith().send({ url: `${origin}/fail`, method: "GET" })).toEqual({ status: 500, body: "" });
    expect(received.slice(before).map((r) => r.url)).toEqual(["/redirect", "/fail"]);
  });

  it("caps what it reads and how long it waits", async () => {
    expect((await failure(clientWith().send({ url: `${origin}/big`, method: "GET" }))).kind).toBe("too-large");
    expect((await failure(clientWith({ timeoutMs: 200 }).send({ url: `${origin}/slow`, method: "GET" }))).kind).toBe(
      "timeout",
    );
  });

  it("refuses link-local callbacks whatever the policy, checked on the resolved address, and dials nothing", async () => {
    for (const internal of ["allowed", "refused"] as const) {
      const { dial, dialled } = recordingDial();
      const client = clientWith({
        internal,
        dial,
        resolve: async () => [{ address: "169.254.169.254", family: 4 }],
      });
      const error = await failure(client.send({ url: "http://metadata.test/latest", method: "GET" }));
      expect(error.kind).toBe("forbidden-address");
      expect(error.message).toMatch(/refusing to call .*link-local/);
      const literal = await failure(client.send({ url: "http://[fe80::1]/cb", method: "GET" }));
      expect(literal.kind).toBe("forbidden-address");
      expect(dialled).toEqual([]);
    }
  });

  it("refuses loopback, private and reserved callbacks when internal addresses are refused", async () => {
    const { dial, dialled } = recordingDial();
    const addresses = ["127.0.0.1", "10.1.2.3", "192.168.1.1", "172.16.0.9", "::1", "fd00::1", "0.0.0.0"];
    for (const address of addresses) {
      const client = clientWith({
        internal: "refused",
        dial,
        resolve: async () => [{ address, family: address.includes(":") ? 6 : 4 }],
      });
      const error = await failure(client.send({ url: "http://subscriber.test/cb", method: "GET" }));
      expect(error.kind, address).toBe("forbidden-address");
    }
    // A name with one public and one private address is refused as a whole.
    const mixed = clientWith({
      internal: "refused",
      dial,
      resolve: async () => [
        { address: "203.0.113.7", family: 4 },
        { address: "10.0.0.7", family: 4 },
      ],
    });
    expect((await failure(mixed.send({ url: "http://mixed.test/cb", method: "GET" }))).kind).toBe("forbidden-address");
    expect(dialled).toEqual([]);
  });

  it("dials a public address when internal ones are refused", async () => {
    const { dial, dialled } = recordingDial();
    const client = clientWith({
      internal: "refused",
      dial,
      resolve: async () => [{ address: "203.0.113.7", family: 4 }],
    });
    const answer = await client.send({ url: "http://subscriber.test/echo?hub.challenge=ok", method: "GET" });
    expect(answer).toEqual({ status: 200, body: "ok" });
    expect(dialled).toEqual(["203.0.113.7"]);
  });

  it("refuses callback URLs that are not absolute http(s) URLs without credentials", async () => {
    expect(callbackUrlProblem("https://subscriber.example/cb?x=1")).toBeNull();
    expect(callbackUrlProblem("/relative")).toMatch(/not an absolute URL/);
    expect(callbackUrlProblem("ftp://subscriber.example/cb")).toMatch(/http or https/);
    expect(callbackUrlProblem("javascript:alert(1)")).toMatch(/http or https/);
    expect(callbackUrlProblem("https://user:pw@subscriber.example/cb")).toMatch(/credentials/);
    const error = await failure(clientWith().send({ url: "file:///etc/passwd", method: "GET" }));
    expect(error.kind).toBe("unsupported-scheme");
  });
});
