import { STATUS_CODES } from "node:http";
import { BadRequestError, NotFoundError, StorageError } from "@tributary/core/errors";
import { InvalidCursorError } from "@tributary/core/store";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { NO_STORE } from "./caching.ts";

/** An error as the client sees it. */
export interface Problem {
  status: number;
  title: string;
  detail: string;
  parameter?: string;
}

/** The reason phrase of a status as Node.js's HTTP module names it (`STATUS_CODES`), the title of its problem. */
export const titleOf = (status: number): string => STATUS_CODES[status] ?? "Error";

/**
 * Maps the typed errors to HTTP: NotFoundError 404, BadRequestError and InvalidCursorError 400 (naming the
 * parameter), StorageError 503, else 500.
 */
export function toProblem(error: unknown): Problem {
  if (error instanceof NotFoundError) return { status: 404, title: titleOf(404), detail: error.reason };
  if (error instanceof InvalidCursorError) {
    return { status: 400, title: titleOf(400), detail: `cursor: ${error.reason}`, parameter: error.parameter };
  }
  if (error instanceof BadRequestError) {
    return { status: 400, title: titleOf(400), detail: error.reason, parameter: error.parameter };
  }
  if (error instanceof StorageError)
    return { status: 503, title: titleOf(503), detail: "storage is unavailable, try again soon" };
  if (error instanceof HTTPException && error.status < 500) {
    return { status: error.status, title: titleOf(error.status), detail: error.message || titleOf(error.status) };
  }
  return { status: 500, title: titleOf(500), detail: "the server failed to answer" };
}

/** A problem for a path that matched nothing. */
export function notFoundProblem(path: string): Problem {
  return { status: 404, title: titleOf(404), detail: `nothing at ${path}` };
}

/** A problem for a method no route at `path` takes; `allow` is what the Allow header lists (`"GET, HEAD, OPTIONS"`). */
export function methodProblem(method: string, path: string, allow: string): Problem {
  return { status: 405, title: titleOf(405), detail: `${method} is not allowed on ${path}; it takes ${allow}` };
}

/** The `application/problem+json` document of a problem (RFC 9457): type, title, status, detail, and its parameter. */
export function problemBody(problem: Problem): string {
  return JSON.stringify({
    type: "about:blank",
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    ...(problem.parameter ? { parameter: problem.parameter } : {}),
  });
}

/** An `application/problem+json` response (RFC 9457), never cached. */
export function problemResponse(c: Context, problem: Problem): Response {
  const headers: Record<string, string> = { "Content-Type": "application/problem+json", "Cache-Control": NO_STORE };
  if (problem.status === 503) headers["Retry-After"] = "30";
  return c.newResponse(problemBody(problem), problem.status as 400, headers);
}
