/** A source's `fullText` rule: when the article page is fetched for the article's body (SPEC §2 Full text). */
import { compile } from "css-select";
import { z } from "zod";

/**
 * Whether `selector` is a CSS selector css-select can run (the engine that reads it from article pages): its
 * syntax read by css-what, pseudo-classes known.
 * @example isCssSelector("article .body") // true
 * @example isCssSelector("article[") // false
 */
export function isCssSelector(selector: string): boolean {
  if (selector.trim() === "") return false;
  try {
    compile(selector);
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
