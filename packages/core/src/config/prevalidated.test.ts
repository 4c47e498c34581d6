import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { bundledConfigOf, PREVALIDATED } from "./prevalidated.ts";
import { validateConfig } from "./validate.ts";

const input = {
  title: "T",
  sources: [{ id: "a", url: "https://x.org/a" }],
  topics: [{ slug: "all", title: "All", sources: ["*"] }],
};

describe("a configuration validated when bundled", () => {
  it("is taken as it is when marked, validated when not", () => {
    const validated = JSON.parse(JSON.stringify(validateConfig(input)));
    Object.defineProperty(validated, PREVALIDATED, { value: true });
    expect(bundledConfigOf(validated)).toBe(validated);
    const unmarked = bundledConfigOf(input);
    expect(unmarked).not.toBe(input);
    expect(unmarked.poll.everyMinutes).toBe(10);
    expect(() => bundledConfigOf({ ...input, topics: [] })).toThrow(ConfigError);
    // A mark other than true is no mark.
    expect(() => bundledConfigOf({ ...input, topics: [], [PREVALIDATED]: "yes" })).toThrow(ConfigError);
  });
});
