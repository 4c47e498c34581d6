/**
 * Requests Node's HTTP parser refuses before any app sees them (its `clientError` event): a request target with a
 * raw non-ASCII byte, a space or a control character, a request line and headers over the server's limit, a
 * malformed request line. Node's own answer is a bare status line with no body; here they are answered as the app
 * answers every error — `application/problem+json` (RFC 9457) saying what is wrong under the paths for programs, the
 * HTML error page elsewhere — and the connection is closed, as the parser cannot go on reading it.
 */
import { maxHeaderSize } from "node:http";
import type { Socket } from "node:net";
import { renderErrorPage } from "../pages/error.tsx";
import { isMachinePath } from "./machine-paths.ts";
import { type Problem, problemBody, titleOf } from "./problem.ts";

/** What Node's HTTP parser attaches to the errors it reports (`clientError`). */
export interface ParserError extends Error {
  code?: string;
  /** The bytes of the request read so far, as far as the parser has them. */
  rawPacket?: Buffer;
}

/** The request line's target, as far as `raw` holds it (`GET /api/topics?q=… HTTP/1.1`), else null. */
function targetOf(raw: Buffer | undefined): string | null {
  if (!raw) return null;
  const line = raw.subarray(0, Math.min(raw.length, 2048)).toString("latin1");
  const match = /^[A-Z]+ (\/[^ \r\n?]*)/.exec(line);
  return match?.[1] ?? null;
}

/**
 * The problem of a request the parser refused, by the parser's error code (Node's `llhttp` codes; the statuses are
 * those Node itself answers with: 431 for headers over `maxHeaderSize`, 408 for a request not received in time, 413
 * for chunk extensions over their limit, else 400).
 */
export function parserProblem(error: ParserError, limitBytes: number = maxHeaderSize): Problem {
  const problem = (status: number, detail: string): Problem => ({ status, title: titleOf(status), detail });
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return problem(
        431,
        `the request line and headers are larger than this server takes (${limitBytes / 1024} KiB): shorten the URL`,
      );
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return problem(408, "the request was not received in time");
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return problem(413, "the body's chunk extensions are too large");
    case "HPE_INVALID_URL":
      return problem(
        400,
        "the URL holds a character that must be percent-encoded (RFC 3986): a letter outside ASCII (ö is sent as %C3%B6), a space or a control character",
      );
    default:
      return problem(400, `the request is not valid HTTP/1.1 (${error.message.replace(/^Parse Error: /, "")})`);
  }
}

/**
 * Answers a request the parser refused on its socket, then closes it: a problem+json under the API's paths (and when
 * the path cannot be read), the HTML error page titled `site` on the pages' paths. Nothing is written on a socket
 * already answering or closed (RFC 9110 §15.5: the status Node would send, with a body saying why).
 * @example server.on("clientError", (error, socket) => answerClientError(error, socket, config.title));
 */
export async function answerClientError(error: ParserError, socket: Socket, site: string): Promise<void> {
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (error.code === "ECONNRESET" || !socket.writable || answering) {
    socket.destroy();
    return;
  }
  const problem = parserProblem(error);
  const target = targetOf(error.rawPacket);
  const forPrograms = target === null || isMachinePath(target);
  const body = forPrograms ? problemBody(problem) : await renderErrorPage(site, problem);
  const type = forPrograms ? "application/problem+json" : "text/html; charset=utf-8";
  if (!socket.writable) return;
  const bytes = Buffer.from(body, "utf8");
  const head = [
    `HTTP/1.1 ${problem.status} ${problem.title}`,
    `Content-Type: ${type}`,
    `Content-Length: ${bytes.length}`,
    "Cache-Control: no-store",
    "Connection: close",
  ];
  socket.end(Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`, "latin1"), bytes]), () => socket.destroy());
}
