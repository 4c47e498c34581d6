/** The `filter` and `filterout` parameters of lists: terms of title or summary, read as topics' terms are. */
import { type MatchField, type MatchSubject, TermMatcher } from "./matcher.ts";

/** Where `filter` and `filterout` look: the title and the summary. */
const FILTER_FIELDS: readonly MatchField[] = ["title", "summary"];

/** A request's `filter` and `filterout`, compiled once for the request. */
export interface ListFilter {
  /** Whether an item is kept: one `filter` term matches (or none is given) and no `filterout` term does. */
  passes(item: MatchSubject): boolean;
}

/**
 * Compiles a list's `filter` (keep items one of these terms matches) and `filterout` (drop items any of these
 * matches), looked for in title and summary by the rules of terms (SPEC §1 Terms, §4 Parameters). Null when
 * neither is given.
 * @throws InvalidTermError for a term that can never match (the API refuses it first, naming the parameter).
 * @example listFilter(["kyiv", "odesa"], ["sport*"])?.passes(item)
 */
export function listFilter(filter?: readonly string[], filterout?: readonly string[]): ListFilter | null {
  if (!filter?.length && !filterout?.length) return null;
  const matcher = TermMatcher.compile([{ include: filter, exclude: filterout, match: FILTER_FIELDS }]);
  return { passes: (item) => matcher.passes(item) };
}
