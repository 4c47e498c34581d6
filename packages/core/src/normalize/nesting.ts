/**
 * How deep markup nests and how many elements it holds, read without building a tree: HTML's parsers keep a stack
 * as deep as the nesting, and work that grows with it (htmlparser2's, Readability's scoring) turns a small body of
 * nested tags into seconds of CPU. Checked before anything costlier runs.
 */
import { Parser } from "htmlparser2";

/**
 * The deepest nesting of elements Tributary reads markup to (the outermost element is level 1): feed content
 * deeper keeps its text only, an article page deeper is not read. The development pages (articles-dev, 460 whole
 * documents) nest at most 38 deep; at 128 the parsers' and Readability's work stays that of a large page.
 */
export const MAX_MARKUP_DEPTH = 128;

/** The limits markup is read against. */
export interface MarkupLimits {
  /** The deepest nesting of elements allowed (an element at the top is level 1). */
  maxDepth: number;
  /** The most elements allowed. */
  maxElements: number;
}

/**
 * Which limit `html` passes first ("depth" or "elements"), or null when it stays within both. Read with htmlparser2's
 * tokenizer and its implied end tags (the tree an HTML parser builds), stopped at the first element past a limit:
 * linear in the markup read, whatever its nesting. `html` may be a fragment (a feed entry's content, a template's).
 * @example markupPastLimits("<div>".repeat(200), { maxDepth: 128, maxElements: 25_000 }) // "depth"
 */
export function markupPastLimits(html: string, limits: MarkupLimits): "depth" | "elements" | null {
  let depth = 0;
  let elements = 0;
  let past: "depth" | "elements" | null = null;
  const parser = new Parser({
    onopentag() {
      elements++;
      depth++;
      past = depth > limits.maxDepth ? "depth" : elements > limits.maxElements ? "elements" : null;
      if (past !== null) parser.pause();
    },
    onclosetag() {
      depth--;
    },
  });
  parser.write(html);
  if (past === null) parser.end();
  return past;
}
