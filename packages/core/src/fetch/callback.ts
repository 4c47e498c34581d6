/** Requests to URLs that strangers give (WebSub callbacks): one hop, one timeout, the fetcher's address rules. */
import { connect } from "node:net";
import { FetchError } from "../errors.ts";
import type { InternalPolicy } from "./address.ts";
import { readBody } from "./body.ts";
import { DEFAULT_USER_AGENT } from "./fetcher.ts";
import { type Dial, type ResolvedAddress, sendRequest } from "./request.ts";
import { allowedAddresses, systemResolve } from "./resolve.ts";

/** How callbacks are reached. */
export interface CallbackOptions {
  /** Whole request, connect to last byte, in milliseconds. */
  timeoutMs: number;
  /** The most of a response body that is read, in bytes (a verification's echoed challenge is small). */
  maxBytes: number;
  /** `refused` in AWS (only public addresses); `allowed` on the local stack (loopback callbacks). */
  internal: InternalPolicy;
  userAgent?: string;
  /** Default: the system resolver. Injectable for tests. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Default: net.connect. Injectable for tests. */
  dial?: Dial;
}

/** A callback's answer: its status and (for 2xx) the first `maxBytes` of its body as text. */
export interface CallbackAnswer {
  status: number;
  body: string;
}

/** One request to a callback. */
export interface CallbackRequest {
  url: string;
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: Uint8Array;
}

const systemDial: Dial = (address, family, port) => connect({ host: address, port, family });

/**
 * Why a callback URL is refused before any address is looked at, or null: it must be an absolute http(s)
 * URL without credentials (W3C WebSub §5.1: the callback is a URL the subscriber controls).
 */
export function callbackUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "hub.callback is not an absolute URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return `hub.callback must be http or https, not ${url.protocol}`;
  if (url.username || url.password) return "hub.callback may not carry credentials";
  return null;
}

/**
 * Sends requests to callback URLs under the same address rules as fetching feeds (link-local never; with
 * `internal: "refused"` loopback and private never either), checked on the resolved address. Redirects are
 * not followed: a 3xx is an answer like any other. Bounded by one timeout and a body cap.
 * @example
 * const callbacks = new CallbackClient({ timeoutMs: 10_000, maxBytes: 65_536, internal: "refused" });
 * const { status, body } = await callbacks.send({ url, method: "GET" }); // throws FetchError
 */
export class CallbackClient {
  readonly #options: CallbackOptions;

  constructor(options: CallbackOptions) {
    this.#options = options;
  }

  /**
   * Checks a callback URL before anything is sent to it: the URL, then every address its host resolves to,
   * under the same rules as `send` (which checks them again when it sends). Nothing is dialled.
   * @throws FetchError "unsupported-scheme", "forbidden-address", "network" (the name does not resolve), "timeout"
   */
  async check(callback: string): Promise<void> {
    const problem = callbackUrlProblem(callback);
    if (problem) throw new FetchError("unsupported-scheme", problem);
    const signal = AbortSignal.timeout(this.#options.timeoutMs);
    try {
      await allowedAddresses(new URL(callback), {
        resolve: this.#options.resolve ?? systemResolve,
        afterPublic: false,
        internal: this.#options.internal,
        signal,
        verb: "call",
      });
    } catch (error) {
      if (error instanceof FetchError) throw error;
      throw new FetchError("timeout", `could not resolve ${new URL(callback).hostname} in time`, { cause: error });
    }
  }

  /**
   * Sends one request and reads the answer.
   * @throws FetchError: "unsupported-scheme" for a URL `callbackUrlProblem` refuses, "forbidden-address" for a
   *   refused address (nothing is sent), "network", "timeout" or "too-large".
   */
  async send(request: CallbackRequest): Promise<CallbackAnswer> {
    const problem = callbackUrlProblem(request.url);
    if (problem) throw new FetchError("unsupported-scheme", problem);
    const url = new URL(request.url);
    url.hash = "";
    const controller = new AbortController();
    const timeout = new FetchError(
      "timeout",
      `no complete answer from ${url.host} within ${this.#options.timeoutMs} ms`,
    );
    const timer = setTimeout(() => controller.abort(timeout), this.#options.timeoutMs);
    try {
      const addresses = await allowedAddresses(url, {
        resolve: this.#options.resolve ?? systemResolve,
        afterPublic: false,
        internal: this.#options.internal,
        signal: controller.signal,
        verb: "call",
      });
      const headers: Record<string, string> = {
        "User-Agent": this.#options.userAgent ?? DEFAULT_USER_AGENT,
        ...request.headers,
      };
      if (request.body) headers["Content-Length"] = String(request.body.byteLength);
      const response = await sendRequest({
        url,
        method: request.method,
        body: request.body,
        addresses,
        headers,
        dial: this.#options.dial ?? systemDial,
        signal: controller.signal,
      });
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        response.destroy();
        return { status, body: "" };
      }
      const { body } = await readBody(response, { maxBytes: this.#options.maxBytes, signal: controller.signal });
      return { status, body: new TextDecoder().decode(body) };
    } catch (error) {
      if (error instanceof FetchError) throw error;
      throw new FetchError("network", (error as Error).message, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
