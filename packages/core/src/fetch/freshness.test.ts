import { describe, expect, it } from "vitest";
import { freshnessSeconds } from "./freshness.ts";

const NOW = new Date("2026-12-01T12:00:00Z");
const of = (cacheControl: string | null, expires: string | null = null, date: string | null = null) =>
  freshnessSeconds({ cacheControl, expires, date }, NOW);

describe("a response's freshness lifetime (RFC 9111 §4.2.1)", () => {
  it("reads max-age, quoted or not, before Expires", () => {
    expect(of("public, max-age=3600")).toBe(3600);
    expect(of('max-age="60"')).toBe(60);
    expect(of("max-age=120", "Mon, 01 Dec 2026 13:00:00 GMT")).toBe(120);
  });
  it("takes Expires minus Date, else minus now; a bad or past date is 0", () => {
    expect(of(null, "Tue, 01 Dec 2026 14:00:00 GMT", "Tue, 01 Dec 2026 13:00:00 GMT")).toBe(3600);
    expect(of(null, "Tue, 01 Dec 2026 12:30:00 GMT")).toBe(1800);
    expect(of(null, "0")).toBe(0);
    expect(of(null, "Tue, 01 Dec 2026 11:00:00 GMT")).toBe(0);
  });
  it("gives null when nothing names a lifetime", () => {
    expect(of(null)).toBeNull();
    expect(of("no-cache")).toBeNull();
    expect(of("no-store", "Tue, 01 Dec 2026 14:00:00 GMT")).toBeNull();
    expect(of("public, s-maxage=600")).toBeNull();
  });
});
