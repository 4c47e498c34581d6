import { createHash } from "node:crypto";
import { TributaryError } from "../errors.ts";

const SORT_KEY = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z#[A-Za-z0-9_-]{1,128}$/;

/**
 * A list cursor that is malformed, tampered with or from another list. The store knows nothing of HTTP: the API
 * answers it with 400 naming the `cursor` parameter.
 */
export class InvalidCursorError extends TributaryError {
  /** The request parameter that carried the cursor. */
  readonly parameter = "cursor";
  constructor(reason: string) {
    super("store", reason);
  }
}

function check(list: string, sortKey: string): string {
  return createHash("sha256").update(`${list}\n${sortKey}`).digest("base64url").slice(0, 10);
}

/** Encodes the position after the row `sortKey` of `list` as an opaque cursor. */
export function encodeCursor(list: string, sortKey: string): string {
  return `${Buffer.from(sortKey).toString("base64url")}.${check(list, sortKey)}`;
}

/**
 * Decodes a cursor made by `encodeCursor` for the same list.
 * @throws InvalidCursorError when it is garbage, tampered with or from another list.
 */
export function decodeCursor(list: string, cursor: string): string {
  const [body, sum, extra] = cursor.split(".");
  if (!body || !sum || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(body)) {
    throw new InvalidCursorError("malformed cursor");
  }
  const sortKey = Buffer.from(body, "base64url").toString("utf8");
  if (!SORT_KEY.test(sortKey) || check(list, sortKey) !== sum) throw new InvalidCursorError("invalid cursor");
  return sortKey;
}
