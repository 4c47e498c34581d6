/**
 * A small HTTP proxy on 127.0.0.1 in front of a local DynamoDB engine that injects storage faults: 500s,
 * throttling in DynamoDB's own error format, connection resets (before or after the request reached the
 * engine), by seeded rate, by schedule, or "everything fails from request N on".
 */

import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Store } from "@tributary/core/store";

/** A fault the proxy can inject into one request. */
export type StorageFault =
  /** HTTP 500 InternalServerError; the request never reaches the engine. */
  | "500"
  /** HTTP 400 ProvisionedThroughputExceededException; the request never reaches the engine. */
  | "throughput"
  /** HTTP 400 ThrottlingException; the request never reaches the engine. */
  | "throttling"
  /** TCP reset before the request is forwarded: nothing was done. */
  | "reset"
  /** The request is forwarded and done, then the connection is reset: the answer is lost. */
  | "reset-after";

/** Every fault kind. */
export const STORAGE_FAULTS: readonly StorageFault[] = ["500", "throughput", "throttling", "reset", "reset-after"];

/**
 * Decides the fault of request `n` (1-based, counted over the proxy's life) of DynamoDB operation `operation`,
 * whose JSON body is `body`.
 */
export type FaultPlan = (n: number, operation: string, body: string) => StorageFault | null;

/** One request that went through the proxy. */
export interface ProxiedRequest {
  n: number;
  /** DynamoDB operation, from X-Amz-Target (`PutItem`, `BatchWriteItem`, …). */
  operation: string;
  fault: StorageFault | null;
}

/** A running fault proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:PORT`: the endpoint to give the store. */
  url: string;
  requests: ProxiedRequest[];
  /** Faults injected so far. */
  readonly injected: number;
  /** Replaces the plan; request numbering goes on. */
  setPlan(plan: FaultPlan): void;
  close(): Promise<void>;
}

/** No faults. */
export const healthy: FaultPlan = () => null;

/** A deterministic PRNG in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Fails a share `rate` of requests, the kind picked among `kinds`, both from a seeded PRNG. */
export function atRate(rate: number, seed: number, kinds: readonly StorageFault[] = STORAGE_FAULTS): FaultPlan {
  const random = seededRandom(seed);
  return () => {
    const roll = random();
    const kind = kinds[Math.floor(random() * kinds.length)] ?? "500";
    return roll < rate ? kind : null;
  };
}

/** Every request from the `from`-th on fails with `kind`: storage dies. */
export function failingFrom(from: number, kind: StorageFault = "500"): FaultPlan {
  return (n) => (n >= from ? kind : null);
}

/** Fails exactly the listed requests. */
export function onSchedule(schedule: Record<number, StorageFault>): FaultPlan {
  return (n) => schedule[n] ?? null;
}

/**
 * Fails the requests of the listed operations whose body matches `records` (for example the keys of item and
 * row records: `/"pk":\{"S":"[IL]#/`) with `kind`.
 */
export function onRecords(operations: readonly string[], records: RegExp, kind: StorageFault = "500"): FaultPlan {
  return (_, operation, body) => (operations.includes(operation) && records.test(body) ? kind : null);
}

/** Fails the requests of the listed operations only (for example `["UpdateItem"]`) with `kind`. */
export function onOperations(operations: readonly string[], kind: StorageFault = "500"): FaultPlan {
  return (_, operation) => (operations.includes(operation) ? kind : null);
}

const ERROR_TYPES: Record<"500" | "throughput" | "throttling", { status: number; type: string; message: string }> = {
  "500": {
    status: 500,
    type: "com.amazonaws.dynamodb.v20120810#InternalServerError",
    message: "Internal server error (injected)",
  },
  throughput: {
    status: 400,
    type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
    message: "The level of configured provisioned throughput for the table was exceeded (injected)",
  },
  throttling: {
    status: 400,
    type: "com.amazon.coral.availability#ThrottlingException",
    message: "Rate of requests exceeds the allowed throughput (injected)",
  },
};

function readAll(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function reset(response: ServerResponse): void {
  const socket = response.socket;
  if (socket && typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket?.destroy();
}

/**
 * Starts a proxy to `target` (a loopback DynamoDB endpoint) on 127.0.0.1.
 * @example
 * const proxy = await startFaultProxy(engineEndpoint(), atRate(0.2, 42));
 * const store = await openStore({ endpoint: proxy.url, tableName, retentionDays: 90, maxAttempts: 2 });
 */
export async function startFaultProxy(target: string, plan: FaultPlan = healthy): Promise<FaultProxy> {
  const upstream = new URL(target);
  if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(upstream.hostname)) {
    throw new Error(`fault proxy: ${upstream.hostname} is not a loopback host`);
  }
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const requests: ProxiedRequest[] = [];
  let current = plan;
  let injected = 0;

  const server = createServer(async (request, response) => {
    const operation =
      String(request.headers["x-amz-target"] ?? "")
        .split(".")
        .at(-1) ?? "";
    const record: ProxiedRequest = { n: requests.length + 1, operation, fault: null };
    requests.push(record);
    let body: Buffer;
    try {
      body = await readAll(request);
    } catch {
      return;
    }
    const fault = current(record.n, operation, body.toString("utf8"));
    record.fault = fault;
    if (fault) injected++;
    if (fault === "reset") return reset(response);
    if (fault === "500" || fault === "throughput" || fault === "throttling") {
      const { status, type, message } = ERROR_TYPES[fault];
      const payload = JSON.stringify({ __type: type, message });
      response.writeHead(status, {
        "Content-Type": "application/x-amz-json-1.0",
        "Content-Length": Buffer.byteLength(payload),
        "x-amzn-RequestId": `injected-${record.n}`,
      });
      response.end(payload);
      return;
    }
    const forward = httpRequest(
      {
        agent,
        host: upstream.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        if (fault === "reset-after") {
          answer.resume();
          answer.on("end", () => reset(response));
          return;
        }
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forward.on("error", () => reset(response));
    forward.end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get injected() {
      return injected;
    },
    setPlan(next) {
      current = next;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

/**
 * The SDK's standard retries, two attempts a request, without their backoff (up to seconds for throttling):
 * tests inject faults by the hundred and need the retries, not the waits. Client errors (a failed condition)
 * are never retried, as in the SDK.
 */
const quickRetry = {
  token: (count: number) => ({ getRetryCount: () => count, getRetryDelay: () => (count === 0 ? 0 : 2) }),
  async acquireInitialRetryToken() {
    return this.token(0);
  },
  async refreshRetryTokenForRetry(token: { getRetryCount(): number }, info: { errorType: string }) {
    if (token.getRetryCount() >= 1 || info.errorType === "CLIENT_ERROR") throw new Error("no retry");
    return this.token(token.getRetryCount() + 1);
  },
  recordSuccess() {},
};

/** A store on an existing table through `endpoint` (the proxy's URL), two attempts a request, retried at once. */
export function quickStore(endpoint: string, tableName: string, retentionDays: number): Store {
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    retryStrategy: quickRetry,
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  return new Store(doc, client, tableName, retentionDays);
}
