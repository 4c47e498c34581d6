/** Reading a response body: Content-Encoding decoders and a size cap enforced while streaming. */
import type { IncomingMessage } from "node:http";
import type { Readable, Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from "node:zlib";
import { FetchError } from "../errors.ts";

/** Content codings the fetcher asks for and decodes. */
export const ACCEPT_ENCODING = "gzip, deflate, br";

/** A read body: decoded bytes and the number of bytes received on the wire. */
export interface ReadBody {
  body: Uint8Array;
  rawBytes: number;
}

/** The codings of a Content-Encoding header, in the order they were applied ("identity" dropped). */
export function contentCodings(header: string | undefined): string[] {
  return (header ?? "")
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity");
}

// "deflate" is meant to be zlib-wrapped (RFC 9110), but some servers send raw deflate: look at the header.
function looksLikeZlib(first: Buffer): boolean {
  const cmf = first[0] ?? 0;
  const flg = first[1];
  return (cmf & 0x0f) === 8 && (flg === undefined || (cmf * 256 + flg) % 31 === 0);
}

function decoderFor(coding: string, first: Buffer, outermost: boolean): Transform {
  switch (coding) {
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      return !outermost || looksLikeZlib(first) ? createInflate() : createInflateRaw();
    case "br":
      return createBrotliDecompress();
    default:
      throw new FetchError("network", `unsupported Content-Encoding "${coding}"`);
  }
}

/**
 * Reads `response` to the end through its decoders. Fails with "too-large" as soon as the raw or the
 * decoded byte count passes `maxBytes` (the response is destroyed, nothing more is read), with "network"
 * when the connection ends early or the body cannot be decoded, and with the signal's reason on abort.
 */
export function readBody(
  response: IncomingMessage,
  options: { maxBytes: number; signal: AbortSignal },
): Promise<ReadBody> {
  const { maxBytes, signal } = options;
  const codings = contentCodings(response.headers["content-encoding"]);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const decoders: Transform[] = [];
    let raw = 0;
    let decoded = 0;
    let settled = false;

    const settle = (error: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      if (error !== null) {
        response.destroy();
        for (const decoder of decoders) decoder.destroy();
        reject(error);
      } else {
        resolve({ body: Buffer.concat(chunks, decoded), rawBytes: raw });
      }
    };
    const tooLarge = (what: string) => new FetchError("too-large", `${what} body exceeds ${maxBytes} bytes`);
    const onAbort = () => settle(signal.reason);
    const accept = (chunk: Buffer) => {
      if (settled) return;
      decoded += chunk.length;
      if (decoded > maxBytes) return settle(tooLarge("decoded"));
      chunks.push(chunk);
    };
    const setUp = (first: Buffer) => {
      // Codings are listed in the order applied: undo the last one first.
      let source: Readable | undefined;
      for (const [index, coding] of [...codings].reverse().entries()) {
        const decoder = decoderFor(coding, first, index === 0);
        decoder.on("error", (error) =>
          settle(new FetchError("network", `could not decode ${coding} body: ${error.message}`, { cause: error })),
        );
        source?.pipe(decoder);
        decoders.push(decoder);
        source = decoder;
      }
      source?.on("data", accept);
      source?.on("end", () => settle(null));
    };

    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    response.on("data", (chunk: Buffer) => {
      if (settled) return;
      raw += chunk.length;
      if (raw > maxBytes) return settle(tooLarge("response"));
      if (codings.length === 0) return accept(chunk);
      try {
        if (decoders.length === 0) setUp(chunk);
      } catch (error) {
        return settle(error);
      }
      decoders[0]?.write(chunk);
    });
    response.on("end", () => {
      if (codings.length === 0 || raw === 0) settle(null);
      else decoders[0]?.end();
    });
    response.on("error", (error: NodeJS.ErrnoException) => {
      const why = error.code === "ECONNRESET" ? "connection reset" : `connection failed (${error.message})`;
      settle(new FetchError("network", `${why} while reading the body`, { cause: error }));
    });
    response.on("close", () => {
      if (!response.complete) settle(new FetchError("network", "connection closed before the body was complete"));
    });
  });
}
