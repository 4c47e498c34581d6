/** WebSub subscribers for tests: loopback HTTP servers that record what they are sent and answer as told. */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One delivery a subscriber received. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A running subscriber. */
export interface TestSubscriber {
  /** `http://HOST:PORT/hook`. */
  callback: string;
  received: Received[];
  /** Resolves with the `n`th request (1-based) once it has arrived. */
  nth(n: number): Promise<Received>;
  /** Requests held unanswered ("hang") whose connection is still open. */
  hanging(): number;
  close(): Promise<void>;
}

/**
 * Starts a subscriber on a loopback address. `answer` gives the status of the nth request (1-based);
 * "hang" never answers (until the server closes).
 */
export async function startSubscriber(
  options: { host?: string; answer?: (n: number) => number | "hang" } = {},
): Promise<TestSubscriber> {
  const host = options.host ?? "127.0.0.1";
  const received: Received[] = [];
  const waiting = new Map<number, (r: Received) => void>();
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const entry = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      received.push(entry);
      waiting.get(received.length)?.(entry);
      const status = options.answer?.(received.length) ?? 204;
      if (status === "hang") hanging.push(res);
      else res.writeHead(status).end();
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    callback: `http://${host}:${port}/hook`,
    received,
    nth: (n) =>
      received[n - 1]
        ? Promise.resolve(received[n - 1] as Received)
        : new Promise((resolve) => waiting.set(n, resolve)),
    hanging: () => hanging.filter((res) => !res.destroyed && !res.writableEnded && !res.socket?.destroyed).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
