/**
 * Terms as an operator or a reader writes them (`include`, `exclude`, `filter`, `filterout`): one or more words,
 * a trailing `*` for words that begin so, quotes around the whole ignored. Nothing else is special: a term is
 * never a regular expression.
 */
import { TributaryError } from "../errors.ts";
import { wordsOf } from "./words.ts";

/** A term read: the folded words it matches in a row, and whether its last word is a prefix. */
export interface Term {
  /** The term as written. */
  text: string;
  /** Its folded words, at least one (`wordsOf`). */
  words: string[];
  /** It ended in `*`: its last word matches words that begin with it. */
  prefix: boolean;
}

/** Why a term is refused. */
export type TermProblem = "empty" | "only-star" | "no-words";

const MESSAGES: Record<TermProblem, string> = {
  empty: "must not be empty",
  "only-star": 'must not be only "*"',
  "no-words": "has no word to match (only punctuation or symbols)",
};

/** A term that can never match (empty, only `*`, no word at all); `problem` says which. */
export class InvalidTermError extends TributaryError {
  readonly problem: TermProblem;
  /** The term as written. */
  readonly term: string;
  constructor(term: string, problem: TermProblem) {
    super("terms", MESSAGES[problem]);
    this.term = term;
    this.problem = problem;
  }
}

/** Opening and closing quotes that may stand around a term: ASCII, typographic, guillemets, corner brackets. */
const QUOTES: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ["“", "”"],
  ["„", "“"],
  ["„", "”"],
  ["”", "”"],
  ["‘", "’"],
  ["‚", "‘"],
  ["‚", "’"],
  ["’", "’"],
  ["«", "»"],
  ["»", "«"],
  ["‹", "›"],
  ["「", "」"],
  ["『", "』"],
];

/** How many `*` end `text`. */
function trailingStars(text: string): number {
  let n = 0;
  while (n < text.length && text[text.length - 1 - n] === "*") n++;
  return n;
}

/** `text` without one pair of quotes around it (a `*` after the closing quote kept), else `text`. */
function unquote(text: string): string {
  const stars = "*".repeat(trailingStars(text));
  const inner = text.slice(0, text.length - stars.length).trimEnd();
  for (const [open, close] of QUOTES) {
    if (inner.length >= open.length + close.length && inner.startsWith(open) && inner.endsWith(close)) {
      return inner.slice(open.length, inner.length - close.length).trim() + stars;
    }
  }
  return text;
}

/**
 * Reads one term: trimmed, quotes around it dropped, a trailing `*` (one or more) taken as "words beginning
 * with", the rest cut into folded words as text is (`wordsOf`).
 * @throws InvalidTermError when nothing is left (`empty`), only `*` is (`only-star`) or no word is (`no-words`).
 * @example parseTerm("ukrain*") // { text: "ukrain*", words: ["ukrain"], prefix: true }
 * @example parseTerm('"Peace talks"') // { words: ["peace", "talks"], prefix: false }
 */
export function parseTerm(text: string): Term {
  const bare = unquote(text.trim());
  if (bare === "") throw new InvalidTermError(text, "empty");
  const stars = trailingStars(bare);
  const body = bare.slice(0, bare.length - stars);
  if (body.trim() === "") throw new InvalidTermError(text, "only-star");
  const words = wordsOf(body);
  if (words.length === 0) throw new InvalidTermError(text, "no-words");
  return { text, words, prefix: stars > 0 };
}
