import { describe, expect, it } from "vitest";
import { selectorWithoutComments } from "./selector.ts";

describe("selectorWithoutComments", () => {
  it("removes comments as CSS tokenization does: no token, not even whitespace", () => {
    const cases: [string, string][] = [
      ["article /* body */ .content", "article  .content"],
      ["article/**/.content", "article.content"],
      ["/* the body */ article", " article"],
      ["article/* c */>/* d */.content", "article>.content"],
      ["div:not(/* ads */.ad)", "div:not(.ad)"],
      ["a/**//* two */ b", "a b"],
      ["a/***/ b/****/", "a b"],
      [":nth-child(2n/**/+/**/1)", ":nth-child(2n+1)"],
      // Inside an attribute selector whitespace means nothing: a comment between two names is a space there.
      ["[data-kind=lead/**/i]", "[data-kind=lead i]"],
      [".body", ".body"],
    ];
    for (const [selector, plain] of cases) expect(selectorWithoutComments(selector), selector).toBe(plain);
  });

  it("keeps comment marks that are text: in strings, and escaped", () => {
    for (const selector of [
      '[title="/* not a comment */"]',
      "[title='a /* b']",
      '[title="say \\"/* x */\\""]',
      "a\\/* b",
      ".x\\2f* y",
    ])
      expect(selectorWithoutComments(selector), selector).toBe(selector);
  });

  it("gives null for a comment never closed, or one that alone parts a name or number outside [...]", () => {
    for (const selector of [
      "article /* body",
      "article /*/ .content",
      "a/**/b",
      ".a/**/b",
      "#/**/main",
      "div/**/-x",
      "a\\62/**/c",
      "\\62 /**/c",
      ":is(a/**/b)",
      ":nth-child(2/**/n)",
    ])
      expect(selectorWithoutComments(selector), selector).toBeNull();
  });
});
