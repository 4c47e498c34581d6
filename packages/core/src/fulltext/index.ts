/** Full text (SPEC §2): which items want their article page, the page jobs a poll leaves, and running them. */
export { type Applied, applyArticle, type PageArticle, withArticle } from "./apply.ts";
export { type MergedItems, pollJobs, ruleChanged, ruleChangeJobs } from "./jobs.ts";
export {
  AUTO_WORDS,
  FIRST_POLL_DAYS,
  feedWordsOf,
  RULE_CHANGE_DAYS,
  ruleKey,
  ruleOf,
  selectorOf,
  wantsPage,
} from "./rule.ts";
export { JOBS_PER_RUN, type PageReport, type PageRun, type PageRunDeps, RETRY_MINUTES, runPageJobs } from "./run.ts";
