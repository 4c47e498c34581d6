import { describe, expect, it } from "vitest";
import { replaceEach } from "./strings.ts";

describe("replaceEach", () => {
  const cases: [string, RegExp, (match: RegExpExecArray) => string][] = [
    ["a1b22c333", /\d+/g, (m) => `<${m[0]}>`],
    ["a1b22c333", /\d+/g, (m) => (m[0].length === 2 ? "" : m[0])],
    ["<b>x</B><i>", /<(\/?)([a-z]+)>/gi, (m) => `${m[2]?.toUpperCase()}${m[1]}@${m.index}`],
    ["nothing here", /\d/g, () => "x"],
    ["", /x/g, () => "y"],
    ["😀a😀", /😀/gu, () => "e"],
  ];
  it.each(cases)("replaces as String.prototype.replace does in %s", (text, pattern, replace) => {
    const expected = text.replace(pattern, (...args) => {
      const groups = args.slice(0, -2) as string[];
      const match = Object.assign([...groups], { index: args.at(-2) as number, input: text }) as RegExpExecArray;
      return replace(match);
    });
    expect(replaceEach(text, pattern, replace)).toBe(expected);
    expect(pattern.lastIndex).toBe(0);
  });

  it("returns the same string when nothing changes", () => {
    const text = "a1b2".repeat(10);
    expect(replaceEach(text, /\d/g, (m) => m[0])).toBe(text);
  });

  it("refuses a pattern that is not global", () => {
    expect(() => replaceEach("a", /a/, () => "b")).toThrow(TypeError);
  });

  it("replaces every match of a long input (its time is measured by `npm run bench -- parse`)", () => {
    expect(replaceEach("<b>".repeat(500_000), /<b>/g, () => "x")).toBe("x".repeat(500_000));
  });
});
