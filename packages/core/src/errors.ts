/** Typed errors, each carrying the stage it comes from. The HTTP layer maps them to status codes in one place. */

/**
 * Base class of every error Tributary raises on purpose. `stage` and `reason` are separate fields; `message`
 * joins them (`fetch: timeout after 15000 ms`) for logs.
 */
export class TributaryError extends Error {
  /** The stage the error comes from: `config`, `fetch`, `parse`, `entry`, `store`, `api`. */
  readonly stage: string;
  /** What went wrong, without the stage: what a client may be shown. */
  readonly reason: string;
  constructor(stage: string, reason: string, options?: { cause?: unknown }) {
    super(`${stage}: ${reason}`, options);
    this.name = new.target.name;
    this.stage = stage;
    this.reason = reason;
  }
}

/** One problem in the configuration, with the path it concerns (`topics[1].sources[0]`). */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** The configuration is invalid; `problems` lists every problem found. */
export class ConfigError extends TributaryError {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super("config", problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    this.problems = problems;
  }
}

/** Why a fetch failed. */
export type FetchFailure =
  | "timeout"
  | "network"
  | "http"
  | "too-large"
  | "too-many-redirects"
  | "forbidden-address"
  | "unsupported-scheme";

/** A source could not be fetched. `status` is the HTTP status when one was received. */
export class FetchError extends TributaryError {
  readonly kind: FetchFailure;
  readonly status: number | undefined;
  /** Milliseconds to wait before the next attempt, from a Retry-After header. */
  readonly retryAfterMs: number | undefined;
  constructor(
    kind: FetchFailure,
    message: string,
    options?: { status?: number; retryAfterMs?: number; cause?: unknown },
  ) {
    super("fetch", message, { cause: options?.cause });
    this.kind = kind;
    this.status = options?.status;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** A body could not be understood as a feed. */
export class ParseError extends TributaryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("parse", message, options);
  }
}

/**
 * An item too large for a DynamoDB item (400 KB, attribute names and values), even within the field bounds of
 * `item.ts`: the fault of the entry and of its source, never a storage failure. The poll stores the source's
 * other entries and marks the source failed with this reason.
 */
export class ItemTooLargeError extends TributaryError {
  /** The item's id. */
  readonly itemId: string;
  /** The record's size as DynamoDB counts it, in bytes. */
  readonly bytes: number;
  /** The limit it exceeds, in bytes. */
  readonly limit: number;
  constructor(itemId: string, bytes: number, limit: number, options?: { cause?: unknown }) {
    super("entry", `item ${itemId} is ${bytes} bytes as stored, over the ${limit}-byte item limit`, options);
    this.itemId = itemId;
    this.bytes = bytes;
    this.limit = limit;
  }
}

/** The store could not be reached or failed. Never the fault of a source. */
export class StorageError extends TributaryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("store", message, options);
  }
}

/** A request named something that does not exist (topic, source, item). */
export class NotFoundError extends TributaryError {
  constructor(message: string) {
    super("api", message);
  }
}

/** A request carried a bad parameter; `parameter` names it. */
export class BadRequestError extends TributaryError {
  readonly parameter: string;
  constructor(parameter: string, message: string) {
    super("api", `${parameter}: ${message}`);
    this.parameter = parameter;
  }
}
