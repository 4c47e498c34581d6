/** One HTTP request over a socket dialled to a chosen address: TLS layered on top for https, no agent or pooling. */
import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";
import { isIP, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { FetchError } from "../errors.ts";

/** Opens a TCP connection to an address already checked by the fetcher. */
export type Dial = (address: string, family: 4 | 6, port: number) => Socket;

/** A resolved address of a host. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** What one request needs: the URL, the addresses to try in order, headers, the dialler and the abort signal. */
export interface RequestSpec {
  url: URL;
  /** GET unless named (POST carries `body`). */
  method?: "GET" | "POST";
  body?: Uint8Array;
  addresses: ResolvedAddress[];
  headers: Record<string, string>;
  dial: Dial;
  signal: AbortSignal;
}

const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "EAFNOSUPPORT",
  "ETIMEDOUT",
]);

class AttemptFailure extends Error {
  constructor(
    readonly error: NodeJS.ErrnoException,
    readonly connected: boolean,
  ) {
    super(error.message);
  }
}

/** A readable FetchError for a socket, TLS or HTTP parser error. */
export function networkError(error: NodeJS.ErrnoException, where: string): FetchError {
  const code = error.code ?? "";
  let message: string;
  if (code === "ECONNREFUSED") message = `connection refused by ${where}`;
  else if (code === "ECONNRESET") message = `connection reset by ${where} before a response`;
  else if (code === "EHOSTUNREACH" || code === "ENETUNREACH") message = `${where} is unreachable`;
  else if (code === "ETIMEDOUT") message = `connecting to ${where} timed out`;
  else if (/CERT|SSL|TLS/.test(code)) message = `TLS with ${where} failed: ${error.message}`;
  else if (code.startsWith("HPE_")) message = `invalid HTTP response from ${where}: ${error.message}`;
  else message = `request to ${where} failed: ${error.message}${code ? ` (${code})` : ""}`;
  return new FetchError("network", message, { cause: error });
}

function attempt(spec: RequestSpec, target: ResolvedAddress): Promise<IncomingMessage> {
  const { url, dial, signal } = spec;
  const secure = url.protocol === "https:";
  const port = Number(url.port) || (secure ? 443 : 80);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let connected = false;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const fail = (error: unknown) => {
      if (signal.aborted) reject(signal.reason);
      else reject(new AttemptFailure(error as NodeJS.ErrnoException, connected));
    };
    const createConnection = (): Socket => {
      const socket = dial(target.address, target.family, port);
      socket.once("connect", () => {
        connected = true;
      });
      if (!secure) return socket;
      const secured = tlsConnect({
        socket,
        host: hostname,
        servername: isIP(hostname) ? undefined : hostname,
        ALPNProtocols: ["http/1.1"],
      });
      socket.on("error", (error) => secured.destroy(error));
      return secured;
    };
    let request: ClientRequest;
    try {
      request = httpRequest({
        method: spec.method ?? "GET",
        path: `${url.pathname}${url.search}`,
        headers: { ...spec.headers, Host: url.host },
        setHost: false,
        createConnection,
      });
    } catch (error) {
      return fail(error);
    }
    const onAbort = () => request.destroy(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    request.on("error", (error) => {
      signal.removeEventListener("abort", onAbort);
      fail(error);
    });
    request.on("response", (response) => {
      signal.removeEventListener("abort", onAbort);
      resolve(response);
    });
    request.end(spec.body);
  });
}

/**
 * Sends the request and resolves with the response once its headers have arrived; the caller reads or destroys
 * it. Addresses are tried in order while connecting fails; rejects with a FetchError ("network"), or with
 * the signal's reason once it aborts.
 */
export async function sendRequest(spec: RequestSpec): Promise<IncomingMessage> {
  for (const [index, target] of spec.addresses.entries()) {
    try {
      return await attempt(spec, target);
    } catch (error) {
      if (!(error instanceof AttemptFailure)) throw error;
      const last = index === spec.addresses.length - 1;
      if (last || error.connected || !UNREACHABLE.has(error.error.code ?? "")) {
        throw networkError(error.error, `${spec.url.host} (${target.address})`);
      }
    }
  }
  throw new FetchError("network", `no address to connect to for ${spec.url.host}`);
}
