/** A source's `fullText` rule: when the article page is fetched for the article's body (SPEC §2 Full text). */
import { compile } from "css-select";
import { createParser } from "css-selector-parser";
import { z } from "zod";
import { selectorWithoutComments } from "../extract/selector.ts";

/**
 * The grammar of Selectors Level 4 (https://www.w3.org/TR/selectors-4/#grammar), any pseudo-class name allowed
 * (css-select's own, such as `:contains()`, are judged by css-select).
 */
const parseSelector = createParser({ syntax: "progressive" });

/**
 * Whether `selector` is a CSS selector: one the CSS grammar allows (css-selector-parser: no trailing or doubled
 * combinator, no character outside the grammar such as `<`), which css-select can run (the engine that reads it
 * from article pages, whose reading of the syntax is lenient: it takes `"article >"` for `"article"`), its
 * pseudo-classes known. Comments are allowed where CSS allows them and judged as article pages are read, by the
 * selector without them (`selectorWithoutComments`); one never closed is not.
 * @example isCssSelector("article .body > p:first-child") // true
 * @example isCssSelector("article /* body *\/ .content") // true
 * @example isCssSelector("article >") // false
 * @example isCssSelector("article[") // false
 */
export function isCssSelector(selector: string): boolean {
  const plain = selectorWithoutComments(selector);
  if (plain === null || plain.trim() === "") return false;
  try {
    parseSelector(plain);
    compile(plain);
    return true;
  } catch {
    return false;
  }
}

/** `never`, `auto`, `always`, or `{ selector }`: the body taken from that CSS selector's element. */
export const fullTextSchema = z.union(
  [
    z.enum(["never", "auto", "always"]),
    z.strictObject({
      selector: z.string().refine(isCssSelector, { message: "must be a valid CSS selector" }),
    }),
  ],
  { error: 'must be "never", "auto", "always" or { "selector": "<CSS selector>" }' },
);

/** A `fullText` rule as configured. */
export type FullText = z.output<typeof fullTextSchema>;
