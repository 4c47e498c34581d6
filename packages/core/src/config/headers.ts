/** A source's request `headers`: any name but those the fetcher owns, values on one line. */
import { z } from "zod";

/** Headers a source may not set: the fetcher writes them (framing, host, conditional GET). */
export const FORBIDDEN_HEADERS: readonly string[] = [
  "host",
  "content-length",
  "connection",
  "transfer-encoding",
  "if-none-match",
  "if-modified-since",
];

/** An HTTP field name: a token (RFC 9110 §5.1, §5.6.2). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** An HTTP field value: visible characters, spaces and tabs, no line break (RFC 9110 §5.5). */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\u{10ffff}]*$/u;

/** `{ "User-Agent": "…" }`: names are tokens other than `FORBIDDEN_HEADERS` (any case), values one line each. */
export const headersSchema = z.record(z.string(), z.string()).superRefine((headers, ctx) => {
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) ctx.addIssue({ code: "custom", path: [name], message: "is not a valid header name" });
    else if (FORBIDDEN_HEADERS.includes(name.toLowerCase())) {
      ctx.addIssue({ code: "custom", path: [name], message: `may not be set: ${name} is written by the fetcher` });
    } else if (!FIELD_VALUE.test(value)) {
      ctx.addIssue({ code: "custom", path: [name], message: "must be one line of visible characters" });
    }
  }
});
