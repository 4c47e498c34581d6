import { describe, expect, it } from "vitest";
import { BACKOFF_CAP_MS, backoffMs } from "./backoff.ts";

describe("backoff", () => {
  it("doubles per failure with jitter and caps at 24 h", () => {
    expect(backoffMs(1, 10, () => 0.5)).toBe(10 * 60_000);
    expect(backoffMs(2, 10, () => 0.5)).toBe(20 * 60_000);
    expect(backoffMs(3, 10, () => 0)).toBe(30 * 60_000);
    expect(backoffMs(3, 10, () => 0.999)).toBeGreaterThan(49 * 60_000);
    expect(backoffMs(30, 10, () => 0.999)).toBe(BACKOFF_CAP_MS);
  });
});
