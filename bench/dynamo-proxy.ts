/**
 * A metering HTTP proxy in front of DynamoDB Local, on loopback: every request is passed on unchanged and counted
 * by its operation (the `X-Amz-Target` header, `DynamoDB_20120810.Query` → `Query`). It counts what any process
 * sends — a child `npm run poll` as well as a server in this one — without touching the product's client.
 */
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

/** A running proxy. */
export interface DynamoProxy {
  /** The endpoint to give the product (`DYNAMODB_ENDPOINT`). */
  endpoint: string;
  /** Requests by operation since the last reset. */
  counts(): Record<string, number>;
  /** Requests of every operation since the last reset, table operations (CreateTable, DescribeTable…) included. */
  total(): number;
  reset(): void;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (DynamoDB Local's endpoint, `http://127.0.0.1:PORT`). */
export async function startDynamoProxy(target: string): Promise<DynamoProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const operation = String(req.headers["x-amz-target"] ?? "other").replace(/^DynamoDB_\d+\./, "");
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", (error) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts: () => Object.fromEntries(counts),
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => {
      counts = new Map();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
