import { describe, expect, it } from "vitest";
import { DEFAULT_PORT, listenPort, PortError } from "./runtime.ts";

describe("listenPort", () => {
  it("reads PORT in decimal digits, 0–65535, and DEFAULT_PORT when unset or empty", () => {
    expect(listenPort({})).toBe(DEFAULT_PORT);
    expect(listenPort({ PORT: "" })).toBe(DEFAULT_PORT);
    expect(listenPort({ PORT: "0" })).toBe(0);
    expect(listenPort({ PORT: "8080" })).toBe(8080);
    expect(listenPort({ PORT: "65535" })).toBe(65_535);
  });

  it.each(["abc", "65536", "-1", "80.5", " 80", "8080 ", "1e3", "0x50", "999999"])(
    "refuses PORT=%j naming PORT",
    (value) => {
      expect(() => listenPort({ PORT: value })).toThrow(PortError);
      expect(() => listenPort({ PORT: value })).toThrow(
        `PORT must be a whole number from 0 to 65535 (0: any free port), not "${value}"`,
      );
    },
  );
});
