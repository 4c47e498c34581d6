export { type ListFilter, listFilter } from "./filter.ts";
export { caseFold, foldText } from "./fold.ts";
export {
  DEFAULT_MATCH,
  MATCH_FIELDS,
  type MatchField,
  type MatchSubject,
  TermMatcher,
  type TermRule,
} from "./matcher.ts";
export { InvalidTermError, parseTerm, type Term, type TermProblem } from "./term.ts";
export { TopicTerms } from "./topics.ts";
export { wordsOf } from "./words.ts";
