import { describe, expect, it } from "vitest";
import { HostRateLimiter } from "./rate-limit.ts";

describe("HostRateLimiter.retryAfterMs", () => {
  it("says how long until a limited host may be sent one more request", () => {
    const limiter = new HostRateLimiter({ limit: 2, windowMs: 1_000 });
    expect(limiter.retryAfterMs("a.example", 0)).toBe(0);
    limiter.take("a.example", 100);
    expect(limiter.retryAfterMs("a.example", 150)).toBe(0);
    limiter.take("a.example", 300);
    expect(limiter.retryAfterMs("A.example", 400)).toBe(700);
    expect(limiter.take("a.example", 1_099)).toBe(false);
    expect(limiter.retryAfterMs("a.example", 1_099)).toBe(1);
    expect(limiter.take("a.example", 1_100)).toBe(true);
  });
});
