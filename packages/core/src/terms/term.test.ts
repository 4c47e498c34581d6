import { describe, expect, it } from "vitest";
import { InvalidTermError, parseTerm } from "./term.ts";

describe("parseTerm", () => {
  it.each([
    ["putin", ["putin"], false],
    ["  Putin  ", ["putin"], false],
    ["ukrain*", ["ukrain"], true],
    ["ukrain**", ["ukrain"], true],
    ["peace talks", ["peace", "talks"], false],
    ["peace-talks", ["peace", "talks"], false],
    ['"peace talks"', ["peace", "talks"], false],
    ["“peace talks”", ["peace", "talks"], false],
    ["«Orbán»", ["orban"], false],
    ["'kyiv'", ["kyiv"], false],
    ['"ukrain*"', ["ukrain"], true],
    ['"peace talk"*', ["peace", "talk"], true],
    ["Kyiv's", ["kyiv", "s"], false],
    ["习近平", ["习", "近", "平"], false],
    // Nothing but a trailing `*` is special: these are words and punctuation, never a pattern.
    ["(a+)+$", ["a"], false],
    ["u.s.", ["u.s"], false],
    ["a*b", ["a", "b"], false],
  ])("reads %s", (text, words, prefix) => {
    expect(parseTerm(text)).toEqual({ text, words, prefix });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ['""', "empty"],
    ["“ ”", "empty"],
    ["*", "only-star"],
    ["***", "only-star"],
    ['"*"', "only-star"],
    ['""*', "only-star"],
    ["!!!", "no-words"],
    ["—", "no-words"],
  ])("refuses %j (%s)", (text, problem) => {
    try {
      parseTerm(text);
      expect.unreachable(`${text} was accepted`);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidTermError);
      expect((error as InvalidTermError).problem).toBe(problem);
      expect((error as InvalidTermError).term).toBe(text);
    }
  });
});
