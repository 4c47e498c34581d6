import { describe, expect, it } from "vitest";
import { TributaryError } from "../errors.ts";
import { toRfc822, toRfc3339 } from "./dates.ts";

describe("toRfc822", () => {
  it.each([
    ["2024-01-02T03:04:05Z", "Tue, 02 Jan 2024 03:04:05 GMT"],
    ["2024-01-02T03:04:05.999Z", "Tue, 02 Jan 2024 03:04:05 GMT"],
    ["2024-01-02T04:04:05+01:00", "Tue, 02 Jan 2024 03:04:05 GMT"],
    ["2024-02-29", "Thu, 29 Feb 2024 00:00:00 GMT"],
    ["1970-01-01T00:00:00.000Z", "Thu, 01 Jan 1970 00:00:00 GMT"],
  ])("%s → %s", (iso, expected) => {
    expect(toRfc822(iso)).toBe(expected);
  });
});

describe("toRfc3339", () => {
  it.each([
    ["2024-01-02T03:04:05Z", "2024-01-02T03:04:05.000Z"],
    ["2024-01-02T04:04:05.5+01:00", "2024-01-02T03:04:05.500Z"],
    ["2024-01-02", "2024-01-02T00:00:00.000Z"],
  ])("%s → %s", (iso, expected) => {
    expect(toRfc3339(iso)).toBe(expected);
  });
});

describe("dates that are not ISO 8601", () => {
  it.each([
    "",
    "yesterday",
    "Tue, 02 Jan 2024 03:04:05 GMT",
    "2024-13-01",
    "2024-01-02T03:04:05",
    "+010000-01-01T00:00:00Z",
  ])("%j throws a render error", (iso) => {
    expect(() => toRfc822(iso)).toThrow(TributaryError);
    expect(() => toRfc3339(iso)).toThrow(/^render: not an ISO 8601 date/);
  });
});
