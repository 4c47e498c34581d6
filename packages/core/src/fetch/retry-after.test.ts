import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./retry-after.ts";

describe("parseRetryAfter", () => {
  const now = new Date("2025-01-15T12:00:00Z");
  it.each([
    ["120", 120_000],
    [" 0 ", 0],
    ["Wed, 15 Jan 2025 12:01:30 GMT", 90_000],
    ["Wednesday, 15-Jan-25 12:00:10 GMT", 10_000],
    ["Wed Jan 15 12:00:05 2025", 5_000],
    ["Wed, 15 Jan 2025 11:00:00 GMT", 0],
    [null, undefined],
    ["", undefined],
    ["soon", undefined],
    ["-5", undefined],
    ["1.5", undefined],
    ["2025", 2_025_000],
    ["2025-01-15T12:00:10Z", undefined],
  ] as const)("%j is %j ms", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
